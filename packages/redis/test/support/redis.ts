import { Redis, type RedisOptions } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { type RedisServer, type RedisServerOptions, startRedisServer } from "../../src/testing.ts";

/**
 * A redis-server for the calling test file (started before its tests, stopped after them) and connections
 * to it that are closed with it.
 */
export function useRedisServer(options: RedisServerOptions = {}): {
  server(): RedisServer;
  connect(extra?: RedisOptions): Redis;
} {
  let server: RedisServer | undefined;
  const connections: Redis[] = [];
  beforeAll(async () => {
    server = await startRedisServer(options);
  });
  afterAll(async () => {
    for (const connection of connections) connection.disconnect();
    await server?.stop();
  });
  const running = (): RedisServer => {
    if (server === undefined) throw new Error("the redis-server is started in beforeAll");
    return server;
  };
  return {
    server: running,
    connect(extra = {}) {
      const connection = new Redis(running().url, { lazyConnect: false, ...extra });
      connection.on("error", () => {}); // reconnection attempts while a test has Redis down
      connections.push(connection);
      return connection;
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
