import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { faultPlan, pickFault } from "../src/fault-plan.ts";
import {
  ContractViolationError,
  type FaultInjectorOptions,
  type FaultKind,
  faultKinds,
  type RunningFaultInjector,
  startFaultInjector,
  strictFetch,
} from "../src/index.ts";
import type {} from "../src/vitest.ts";

/** A stand-in upstream that writes down what reached it and answers a small envelope naming the path. */
let upstream: Server;
let upstreamUrl: string;
const reached: Array<{ method: string; url: string; body: string }> = [];

beforeAll(async () => {
  upstream = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    reached.push({
      method: request.method ?? "",
      url: request.url ?? "",
      body: Buffer.concat(chunks).toString(),
    });
    const path = new URL(request.url ?? "/", "http://x").pathname;
    response.writeHead(200, { "content-type": "application/json", "x-upstream": "yes" });
    response.end(
      JSON.stringify({ meta: { status: 200 }, data: { path, note: "a body long enough to cut" } }),
    );
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const address = upstream.address();
  upstreamUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(() => new Promise((resolve) => upstream?.close(resolve)));

const started: RunningFaultInjector[] = [];
afterAll(() => Promise.all(started.map((injector) => injector.stop())));

async function injector(options: Omit<FaultInjectorOptions, "upstream">): Promise<RunningFaultInjector> {
  const running = await startFaultInjector({ upstream: upstreamUrl, ...options });
  started.push(running);
  return running;
}

/**
 * What a client sees of one GET that meets no `slow` fault: the fault it met, told apart by status or body;
 * `ok` otherwise. No timing: a loaded machine must not turn one outcome into another.
 */
async function outcomeOf(url: string): Promise<FaultKind | "ok"> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    return "dropped";
  }
  const text = await response.text();
  if (response.status === 429) return "rate-limited";
  if (response.status === 500) return "server-error";
  if (response.status === 503) return "unavailable";
  try {
    JSON.parse(text);
  } catch {
    return "truncated";
  }
  return "ok";
}

const reachedSince = (before: number) => reached.slice(before);

describe("the fault plan", () => {
  it("faults the share of requests it is asked to, spread evenly over the kinds", () => {
    const plan = faultPlan(0.2, 7, faultKinds);
    const picked = Array.from({ length: 20_000 }, (_, index) => pickFault(plan, `GET /users/${index}`, 1));
    const faulted = picked.filter((kind) => kind !== undefined);
    expect(faulted.length / picked.length).toBeGreaterThan(0.19);
    expect(faulted.length / picked.length).toBeLessThan(0.21);
    for (const kind of faultKinds) {
      const share = faulted.filter((picked) => picked === kind).length / faulted.length;
      expect([kind, share > 0.14 && share < 0.19]).toEqual([kind, true]);
    }
  });

  it("gives a retry of the same operation a fresh draw, and refuses options that would inject nothing", () => {
    const plan = faultPlan(0.5, "s", ["server-error"]);
    const attempts = Array.from({ length: 64 }, (_, index) => pickFault(plan, "POST /x", index + 1));
    expect(new Set(attempts)).toEqual(new Set(["server-error", undefined]));
    expect(() => faultPlan(1.5, 0, faultKinds)).toThrow(RangeError);
    expect(() => faultPlan(0.1, 0, [])).toThrow(/at least one/);
    expect(() => faultPlan(0.1, 0, ["teapot" as FaultKind])).toThrow(/unknown fault kind "teapot"/);
  });
});

describe("startFaultInjector", () => {
  it("injects the same faults for the same seed, in whatever order the requests come", async () => {
    const paths = Array.from({ length: 60 }, (_, index) => `/users/${index}?auth_token=t`);
    // `slow` has its own test below: told apart only by time, it would make this one depend on the machine.
    const instantFaults = faultKinds.filter((kind) => kind !== "slow");
    const options = { faultRate: 0.5, seed: 1, faults: instantFaults };
    const outcomes = async (injector: RunningFaultInjector, order: readonly string[]) => {
      const byPath = new Map(
        await Promise.all(
          order.map(async (path) => [path, await outcomeOf(`${injector.url}${path}`)] as const),
        ),
      );
      return paths.map((path) => byPath.get(path));
    };
    const first = await injector(options);
    const second = await injector(options);
    const [inOrder, reversed] = await Promise.all([
      outcomes(first, paths),
      outcomes(second, [...paths].reverse()),
    ]);
    expect(reversed).toEqual(inOrder);
    expect(second.stats().faults).toEqual(first.stats().faults);

    const faulted = inOrder.filter((outcome) => outcome !== "ok").length;
    expect(faulted).toBeGreaterThan(15); // half of 60, give or take
    expect(faulted).toBeLessThan(45);
    expect(new Set(inOrder)).toEqual(new Set([...instantFaults, "ok"]));
    expect(await outcomes(await injector({ ...options, seed: 2 }), paths)).not.toEqual(inOrder);
  });

  it("answers 429 with Retry-After and a TooManyRequests envelope, and forwards nothing", async () => {
    const before = reached.length;
    for (const retryAfterSeconds of [1, 0]) {
      const running = await injector({ faultRate: 1, faults: ["rate-limited"], retryAfterSeconds });
      const response = await fetch(`${running.url}/users/1?auth_token=t`);
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe(String(retryAfterSeconds));
      expect(await response.json()).toEqual({
        meta: { status: 429, error: "TooManyRequests", error_message: "Request limit quantity exceeded" },
        data: {},
      });
      expect(running.stats()).toMatchObject({ seen: 1, forwarded: 0, faults: { "rate-limited": 1 } });
    }
    expect(reachedSince(before)).toEqual([]);
  });

  it("answers 500 and 503 with an Error500 envelope, and forwards nothing", async () => {
    const before = reached.length;
    for (const [kind, status] of [
      ["server-error", 500],
      ["unavailable", 503],
    ] as const) {
      const running = await injector({ faultRate: 1, faults: [kind] });
      const response = await fetch(`${running.url}/conversations/1/reply?auth_token=t`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "body=hi&random_id=1",
      });
      expect(response.status).toBe(status);
      expect(((await response.json()) as { meta: unknown }).meta).toMatchObject({
        status,
        error: "Error500",
      });
      expect(running.stats()).toMatchObject({ seen: 1, forwarded: 0, faults: { [kind]: 1 } });
    }
    expect(reachedSince(before)).toEqual([]);
  });

  it("drops the connection without an answer, and forwards nothing", async () => {
    const before = reached.length;
    const running = await injector({ faultRate: 1, faults: ["dropped"] });
    await expect(fetch(`${running.url}/users/1?auth_token=t`)).rejects.toThrow(TypeError);
    expect(running.stats()).toMatchObject({ seen: 1, forwarded: 0, faults: { dropped: 1 } });
    expect(reachedSince(before)).toEqual([]);
  });

  it("holds a slow request: one the client gives up on is never forwarded, a patient one is, late", async () => {
    const before = reached.length;
    const running = await injector({ faultRate: 1, faults: ["slow"], slowMs: 400 });
    const impatient = fetch(`${running.url}/users/1?auth_token=t`, { signal: AbortSignal.timeout(100) });
    await expect(impatient).rejects.toMatchObject({ name: "TimeoutError" });
    await new Promise((resolve) => setTimeout(resolve, 500)); // past slowMs: it would have been forwarded by now
    expect(reachedSince(before)).toEqual([]);

    const sent = performance.now();
    const patient = await fetch(`${running.url}/users/2?auth_token=t`);
    expect(performance.now() - sent).toBeGreaterThanOrEqual(390);
    expect(((await patient.json()) as { data: unknown }).data).toMatchObject({ path: "/users/2" });
    expect(reachedSince(before).map((request) => request.url)).toEqual(["/users/2?auth_token=t"]);
    expect(running.stats()).toMatchObject({ seen: 2, forwarded: 1, faults: { slow: 2 } });
  });

  it("forwards a truncated request, then answers a 200 cut in half: it was acted on", async () => {
    const before = reached.length;
    const running = await injector({ faultRate: 1, faults: ["truncated"] });
    const response = await fetch(`${running.url}/users/7?auth_token=t`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const whole = JSON.stringify({
      meta: { status: 200 },
      data: { path: "/users/7", note: "a body long enough to cut" },
    });
    expect(text).toBe(whole.slice(0, Math.floor(whole.length / 2)));
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(reachedSince(before)).toHaveLength(1);
    expect(running.stats()).toMatchObject({ seen: 1, forwarded: 1, faults: { truncated: 1 } });
  });

  it("passes answers through unchanged and counts what it forwarded by route and identity, token left out", async () => {
    const before = reached.length;
    const running = await injector({ faultRate: 0 });
    const reply = (randomId: number) =>
      fetch(`${running.url}/conversations/9/reply?auth_token=SECRET&id_as_string=true`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `random_id=${randomId}&body=Hey&auth_token=SECRET`,
      });
    const first = await reply(1);
    expect(first.headers.get("x-upstream")).toBe("yes");
    expect(await first.json()).toEqual({
      meta: { status: 200 },
      data: { path: "/conversations/9/reply", note: "a body long enough to cut" },
    });
    await (await reply(1)).text(); // the same reply again: a duplicate
    await (await reply(2)).text();
    await (await fetch(`${running.url}/users/3?auth_token=SECRET`)).text();

    expect(reachedSince(before).map((request) => request.body)).toEqual([
      "random_id=1&body=Hey&auth_token=SECRET",
      "random_id=1&body=Hey&auth_token=SECRET",
      "random_id=2&body=Hey&auth_token=SECRET",
      "",
    ]);
    const stats = running.stats();
    expect(stats).toEqual({
      seen: 4,
      faults: Object.fromEntries(faultKinds.map((kind) => [kind, 0])),
      forwarded: 4,
      forwardedByRoute: { "POST /conversations/9/reply": 3, "GET /users/3": 1 },
      forwardedByIdentity: {
        "POST /conversations/9/reply?id_as_string=true body=Hey&random_id=1": 2,
        "POST /conversations/9/reply?id_as_string=true body=Hey&random_id=2": 1,
        "GET /users/3": 1,
      },
      duplicated: ["POST /conversations/9/reply?id_as_string=true body=Hey&random_id=1"],
    });
    expect(JSON.stringify(stats)).not.toContain("SECRET");
  });

  it("keeps the mock's verdict: a request that breaks the spec still fails a strict fetch through it", async () => {
    const running = await startFaultInjector({ upstream: inject("dashlyMockUrl"), faultRate: 0 });
    started.push(running);
    const valid = await strictFetch()(`${running.url}/conversations/1?auth_token=t`);
    expect(valid.status).toBe(200);
    await expect(strictFetch()(`${running.url}/conversations/not-an-id?auth_token=t`)).rejects.toBeInstanceOf(
      ContractViolationError,
    );
    expect(running.stats().forwarded).toBe(2);
    await fetch(`${running.url}/conversations/5/reply?auth_token=t`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "body=Hi&from_admin=1",
    });
    const [first, second, reply] = running.forwarded();
    expect(first).toEqual({ method: "GET", path: "/conversations/1", form: {}, status: 200, violations: [] });
    expect(second).toMatchObject({ method: "GET", path: "/conversations/not-an-id", status: 400 });
    expect(second?.violations.map((violation) => violation.location.join("."))).toContain("request.path.id");
    expect(reply).toEqual({
      method: "POST",
      path: "/conversations/5/reply",
      form: { body: "Hi", from_admin: "1" },
      status: 200,
      violations: [],
    });
    expect(JSON.stringify(running.forwarded())).not.toContain("auth_token");
  });

  it("counts a path with a trailing slash as the same route and request, and the mock behind it takes it", async () => {
    const running = await startFaultInjector({ upstream: inject("dashlyMockUrl"), faultRate: 0 });
    started.push(running);
    const answers = await Promise.all(
      ["/users/3/?auth_token=t", "/users/3?auth_token=t"].map(async (path) => {
        const response = await strictFetch()(`${running.url}${path}`);
        await response.text();
        return response.status;
      }),
    );
    expect(answers).toEqual([200, 200]);
    expect(running.stats()).toMatchObject({
      forwardedByRoute: { "GET /users/3": 2 },
      forwardedByIdentity: { "GET /users/3": 2 },
      duplicated: ["GET /users/3"],
    });
    expect(running.forwarded().map((request) => request.path)).toEqual(["/users/3", "/users/3"]);
  });

  it("holds every request for latencyMs before forwarding it; one the client gives up on meanwhile is not forwarded", async () => {
    const running = await injector({ faultRate: 0, latencyMs: 60_000 });
    const before = reached.length;
    const gaveUp = await fetch(`${running.url}/users/2?auth_token=t`, {
      signal: AbortSignal.timeout(300),
    }).catch((error: unknown) => (error as Error).name);
    expect(gaveUp).toBe("TimeoutError");
    await running.stop();
    expect(running.stats()).toMatchObject({ seen: 1, forwarded: 0 });
    expect(reached.length).toBe(before);

    const brief = await injector({ faultRate: 0, latencyMs: 50 });
    const answer = await fetch(`${brief.url}/users/3?auth_token=t`);
    expect(answer.status).toBe(200);
    expect(brief.forwarded()).toEqual([
      { method: "GET", path: "/users/3", form: {}, status: 200, violations: [] },
    ]);
  });

  it("stops even while it holds a slow request", async () => {
    const running = await startFaultInjector({
      upstream: upstreamUrl,
      faultRate: 1,
      faults: ["slow"],
      slowMs: 60_000,
    });
    const held = fetch(`${running.url}/users/1?auth_token=t`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const sent = performance.now();
    await running.stop();
    expect(performance.now() - sent).toBeLessThan(1_000);
    expect(await held).toBeInstanceOf(TypeError);
    expect(running.stats().forwarded).toBe(0);
  });
});
