import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../src/config.ts";

describe("the bot's configuration", () => {
  it("has defaults for everything but the two tokens", () => {
    const config = readConfig({ DASHLY_TOKEN: "api", DASHLY_WEBHOOK_TOKEN: "hook" });
    expect(config).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      dashlyApiUrl: "https://api.dashly.app/v1",
      fromAdmin: "default_admin",
    });
    expect(config.rulesPath).toMatch(/rules\/default\.yaml$/);
  });

  it("reports every problem at once, without echoing a token", () => {
    const attempt = () =>
      readConfig({ PORT: "eighty", DASHLY_API_URL: "not a url", DASHLY_TOKEN: "secret-api-token" });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      'The bot cannot start:\n- PORT must be a port number, got "eighty"\n- DASHLY_WEBHOOK_TOKEN is required\n- DASHLY_API_URL must be a URL, got "not a url"',
    );
  });

  it("takes REDIS_URL only as a redis:// URL, without echoing it (it may hold a password)", () => {
    const base = { DASHLY_TOKEN: "api", DASHLY_WEBHOOK_TOKEN: "hook" };
    expect(readConfig({ ...base, REDIS_URL: "redis://:pw@127.0.0.1:6380" }).redisUrl).toBe(
      "redis://:pw@127.0.0.1:6380",
    );
    expect(readConfig(base).redisUrl).toBeUndefined();
    const attempt = () => readConfig({ ...base, REDIS_URL: "http://user:hunter2@cache:6379" });
    expect(attempt).toThrow("REDIS_URL must be a redis:// or rediss:// URL");
    expect(attempt).not.toThrow(/hunter2/);
  });
});
