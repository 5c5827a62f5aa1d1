import {
  DEFAULT_API_TOKEN,
  DEFAULT_WEBHOOK_TOKEN,
  type Logger,
  type SandboxOptions,
  silentLogger,
  type ValidationMode,
} from "../options.ts";
import { SandboxEvents } from "../sandbox-events.ts";
import type { World } from "../state/chat.ts";
import { type Fixtures, loadFixtures, type SeedResult, seedDefaults } from "../state/fixtures.ts";
import { Persistence } from "../state/persistence.ts";
import type { StateSnapshot } from "../state/records.ts";
import { Store } from "../state/store.ts";
import { DeliveryLog } from "../webhooks/delivery-log.ts";
import { WebhookDispatcher } from "../webhooks/dispatcher.ts";
import type { CallRecord } from "./dashly-api.ts";
import { RateLimiter } from "./rate-limit.ts";

/** Everything one sandbox holds, shared by the API, the control API and the pages. */
export class SandboxCore {
  readonly store = new Store();
  readonly events: SandboxEvents;
  readonly world: World;
  readonly deliveries = new DeliveryLog();
  readonly dispatcher: WebhookDispatcher;
  readonly validation: ValidationMode;
  readonly logger: Logger;
  readonly rateLimitText: string;
  private readonly tokens: ReadonlySet<string>;
  private readonly rateLimiter: RateLimiter | undefined;
  private readonly persistence: Persistence | undefined;
  private readonly recordedViolations: string[] = [];
  /** IDs of the defaults the last reset made. */
  defaults!: { app: string; operator: string; bot: string };

  constructor(private readonly options: SandboxOptions) {
    this.logger = options.logger ?? silentLogger;
    this.validation = options.validation ?? "strict";
    this.events = new SandboxEvents((error) =>
      this.logger.error({ error: String(error) }, "a sandbox listener failed"),
    );
    this.world = { store: this.store, events: this.events };
    const tokens = options.apiTokens ?? [DEFAULT_API_TOKEN];
    if (tokens.length === 0 || tokens.some((token) => typeof token !== "string" || token.length === 0)) {
      throw new TypeError("@dashly/sandbox: apiTokens must be non-empty strings");
    }
    this.tokens = new Set(tokens);
    const rate = options.rateLimit ?? { limit: 60, windowMs: 60_000 };
    this.rateLimiter = rate === false ? undefined : new RateLimiter(rate.limit, rate.windowMs ?? 60_000);
    this.rateLimitText =
      rate === false ? "no limit" : `${rate.limit} requests in ${(rate.windowMs ?? 60_000) / 1000} s`;
    const retry = options.webhookRetry ?? {};
    this.dispatcher = new WebhookDispatcher(
      this.store,
      this.events,
      this.deliveries,
      {
        url: options.webhookUrl,
        token: options.webhookToken ?? DEFAULT_WEBHOOK_TOKEN,
        attempts: retry.attempts ?? 5,
        retryDelayMs: retry.delayMs ?? 500,
        timeoutMs: retry.timeoutMs ?? 10_000,
      },
      this.validation,
      this.logger,
      (message) => this.reportViolation(message),
    );
    this.persistence = options.persist
      ? new Persistence(options.persist, () => this.store.snapshot(), this.logger)
      : undefined;
    const saved = this.persistence?.load();
    if (saved) {
      this.store.restore(saved);
      this.defaults = this.findDefaults();
    } else {
      this.reset();
    }
  }

  /** Back to the defaults (and the configured fixtures); the delivery log and rate-limit windows empty. */
  reset(): void {
    this.dispatcher.cancelPending();
    this.store.clear();
    this.deliveries.clear();
    this.rateLimiter?.clear();
    this.defaults = seedDefaults(this.world);
    if (this.options.fixtures) loadFixtures(this.world, this.options.fixtures, this.defaults.app);
    this.events.emit({ type: "reset" });
    this.changed();
  }

  /** Loads fixtures all or nothing: a bad entry leaves the state as it was. */
  seed(fixtures: Fixtures): SeedResult {
    const before = this.store.snapshot();
    try {
      const result = loadFixtures(this.world, fixtures, this.defaults.app);
      this.changed();
      return result;
    } catch (error) {
      this.store.restore(before);
      throw error;
    }
  }

  snapshot(): StateSnapshot {
    return this.store.snapshot();
  }

  restore(snapshot: StateSnapshot): void {
    this.store.restore(snapshot);
    this.defaults = this.findDefaults();
    this.events.emit({ type: "reset" });
    this.changed();
  }

  /** The app a token belongs to, or undefined when the sandbox does not know it. */
  appOfToken(token: string | undefined): string | undefined {
    return token !== undefined && this.tokens.has(token) ? this.defaults.app : undefined;
  }

  takeRateLimit(token: string) {
    return this.rateLimiter
      ? this.rateLimiter.take(token, this.store.now() * 1000)
      : ({ granted: true } as const);
  }

  /** State changed: persist it (debounced). */
  changed(): void {
    this.persistence?.schedule();
  }

  logCall(record: CallRecord): void {
    const violations = record.violations.map((one) => `${one.field}: ${one.message}`);
    const level =
      record.status >= 500 ? "error" : record.status >= 400 || violations.length > 0 ? "warn" : "info";
    this.logger[level](
      {
        method: record.method,
        path: record.path,
        status: record.status,
        ...(violations.length > 0 ? { violations } : {}),
      },
      `${record.method} ${record.path} ${record.status}`,
    );
  }

  /** An answer or delivery the sandbox made breaks the spec: logged as an error and kept for `violations()`. */
  reportViolation(message: string): void {
    this.recordedViolations.push(message);
    this.logger.error({ violation: message }, "the sandbox broke the spec");
  }

  violations(): string[] {
    return [...this.recordedViolations];
  }

  async stop(): Promise<void> {
    this.dispatcher.stop();
    await this.persistence?.flush();
  }

  private findDefaults(): { app: string; operator: string; bot: string } {
    const app = [...this.store.apps.keys()][0];
    const admins = [...this.store.admins.values()].filter((admin) => admin.app === app);
    const operator = admins.find((admin) => admin.type === "admin")?.id;
    const bot = admins.find((admin) => admin.type === "bot")?.id ?? operator;
    if (!app || !operator || !bot)
      throw new TypeError("@dashly/sandbox: the snapshot has no app with an admin");
    return { app, operator, bot };
  }
}
