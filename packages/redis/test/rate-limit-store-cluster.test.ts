import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisRateLimitStore } from "../src/index.ts";
import { skipWithoutRedisServer } from "../src/testing.ts";
import { sleep, useRedisServer } from "./support/redis.ts";

// A one-node Redis Cluster that owns every hash slot: it refuses (CROSSSLOT) a script whose keys live in
// different slots, as a real cluster does.
describe.skipIf(skipWithoutRedisServer())("RedisRateLimitStore on a Redis Cluster", () => {
  const redis = useRedisServer({
    args: [
      "--cluster-enabled",
      "yes",
      "--cluster-config-file",
      "nodes.conf",
      "--cluster-announce-ip",
      "127.0.0.1",
    ],
  });
  let cluster: Cluster;

  beforeAll(async () => {
    const admin = redis.connect();
    await admin.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
    while (!String(await admin.call("CLUSTER", "INFO")).includes("cluster_state:ok")) await sleep(50);
    cluster = new Cluster([{ host: "127.0.0.1", port: redis.server().port }]);
  });
  afterAll(() => cluster?.disconnect());

  it("takes, releases and pauses in one hash slot per key", async () => {
    const store = new RedisRateLimitStore(cluster);
    const options = { limit: 2, windowMs: 5_000, holdMs: 5_000 };
    const first = await store.take("token-a", options);
    expect(first.granted).toBe(true);
    if (first.granted) await store.release("token-a", first.slot);
    expect((await store.take("token-a", options)).granted).toBe(true);
    expect((await store.take("token-a", options)).granted).toBe(false);
    await store.pause("token-b", 1_000);
    expect((await store.take("token-b", options)).granted).toBe(false);
    const slots = await Promise.all(
      ["slots", "pause"].map((suffix) =>
        cluster.call("CLUSTER", "KEYSLOT", `dashly:rate-limit:{token-a}:${suffix}`),
      ),
    );
    expect(slots[0]).toBe(slots[1]);
  });
});
