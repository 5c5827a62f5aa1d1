import { fileURLToPath } from "node:url";

export interface BotConfig {
  port: number;
  host: string;
  dashlyToken: string;
  dashlyApiUrl: string;
  webhookToken: string;
  rulesPath: string;
  fromAdmin: string;
  logLevel: string;
  /** How long one attempt at a reply may take; it also bounds how long a stop waits for replies under way. */
  timeoutMs: number;
  /** `REDIS_URL`: when set, the rate-limit budget, the dedupe and the reply queue are shared there. */
  redisUrl?: string;
  /** `BOT_JOB_LOCK_MS`: with Redis, how soon a reply whose instance died is taken up by another. */
  jobLockMs: number;
}

/** The bot's settings are wrong; the message says which and how. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const defaultRules = fileURLToPath(new URL("../rules/default.yaml", import.meta.url));

/** Reads the bot's settings from the environment; every missing or malformed value is reported at once. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const problems: string[] = [];
  const required = (name: string) => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is required`);
    return value ?? "";
  };
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT must be a port number, got "${env.PORT}"`);
  const config: BotConfig = {
    port,
    host: env.HOST ?? "127.0.0.1",
    dashlyToken: required("DASHLY_TOKEN"),
    dashlyApiUrl: env.DASHLY_API_URL ?? "https://api.dashly.app/v1",
    webhookToken: required("DASHLY_WEBHOOK_TOKEN"),
    rulesPath: env.BOT_RULES ?? defaultRules,
    fromAdmin: env.BOT_FROM_ADMIN ?? "default_admin",
    logLevel: env.LOG_LEVEL ?? "info",
    timeoutMs: Number(env.DASHLY_TIMEOUT_MS ?? 30_000),
    ...(env.REDIS_URL?.trim() && { redisUrl: env.REDIS_URL.trim() }),
    jobLockMs: Number(env.BOT_JOB_LOCK_MS ?? 30_000),
  };
  try {
    new URL(config.dashlyApiUrl);
  } catch {
    problems.push(`DASHLY_API_URL must be a URL, got "${config.dashlyApiUrl}"`);
  }
  if (config.redisUrl !== undefined && !/^rediss?:\/\/[^/]/.test(config.redisUrl))
    problems.push("REDIS_URL must be a redis:// or rediss:// URL");
  if (!Number.isInteger(config.jobLockMs) || config.jobLockMs < 100)
    problems.push(
      `BOT_JOB_LOCK_MS must be a whole number of milliseconds (100 or more), got "${env.BOT_JOB_LOCK_MS}"`,
    );
  if (!Number.isInteger(config.timeoutMs) || config.timeoutMs < 1)
    problems.push(`DASHLY_TIMEOUT_MS must be a whole number of milliseconds, got "${env.DASHLY_TIMEOUT_MS}"`);
  if (!/^(default_admin|[1-9][0-9]*)$/.test(config.fromAdmin))
    problems.push("BOT_FROM_ADMIN must be an admin ID or default_admin");
  if (problems.length > 0) throw new ConfigError(`The bot cannot start:\n- ${problems.join("\n- ")}`);
  return config;
}
