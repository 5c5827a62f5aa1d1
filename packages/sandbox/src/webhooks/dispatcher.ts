import type { TestDelivery } from "@dashly/webhooks/testing";
import type { Logger, ValidationMode } from "../options.ts";
import type { SandboxEvents } from "../sandbox-events.ts";
import type { Store } from "../state/store.ts";
import { chatPayload, isChatMessage } from "./chat-payload.ts";
import type { Delivery, DeliveryLog } from "./delivery-log.ts";

/** How much of a receiver's answer the log keeps: enough to read a bot's verdict, bounded in memory. */
const answerShown = 2_000;

export interface WebhookSettings {
  url: string | undefined;
  token: string;
  /** Attempts per delivery, the first included. */
  attempts: number;
  /** Delay before the second attempt; it doubles for each one after. */
  retryDelayMs: number;
  timeoutMs: number;
}

/**
 * Fires the chat webhook for every lead and operator message stored (both directions, as Dashly does):
 * the form is built from state, checked against the spec's webhook schema by `@dashly/webhooks` (a
 * delivery that breaks it is a loud failure in strict mode, never sent), POSTed, and retried with a
 * doubling delay until a 2xx answer or the last attempt. Every step lands in the delivery log.
 */
export class WebhookDispatcher {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly events: SandboxEvents,
    private readonly log: DeliveryLog,
    private readonly settings: WebhookSettings,
    private readonly mode: ValidationMode,
    private readonly logger: Logger,
    private readonly onViolation: (message: string) => void,
  ) {
    events.on((event) => {
      if (event.type === "part" && isChatMessage(event.part))
        this.deliver(event.part.id, event.part.conversation);
    });
  }

  get url(): string | undefined {
    return this.settings.url;
  }

  set url(url: string | undefined) {
    this.settings.url = url;
  }

  private deliver(partId: string, conversationId: string): void {
    const url = this.settings.url;
    const part = this.store.parts(conversationId).find((one) => one.id === partId);
    if (!url || !part || this.stopped) return;
    this.start({
      url,
      conversationId,
      partId,
      direction: part.direction,
      payload: chatPayload(this.store, part),
    });
  }

  /**
   * Sends a delivery of the log again as a new one (what Dashly's retries look like to a bot: the same body
   * twice), to the same URL; `token` replaces the webhook token (to show a bot a forged delivery).
   */
  redeliver(id: string, options: { token?: string } = {}): Delivery {
    const original = this.log.find(id);
    if (!original) throw new RangeError(`@dashly/sandbox: no delivery ${id} in the log`);
    const { url, conversationId, partId, direction, payload } = original;
    return this.start(
      { url, conversationId, partId, direction, payload, redeliveryOf: original.id },
      options.token,
    );
  }

  /** A new pending delivery in the log, on its way. */
  private start(
    what: Pick<Delivery, "url" | "conversationId" | "partId" | "direction" | "payload" | "redeliveryOf">,
    token?: string,
  ): Delivery {
    const delivery: Delivery = {
      id: this.log.nextId(),
      type: "conversation",
      status: "pending",
      attempts: 0,
      responseStatus: null,
      responseBody: null,
      error: null,
      createdAt: this.store.now(),
      lastAttemptAt: null,
      ...what,
    };
    if (delivery.redeliveryOf === undefined) delete delivery.redeliveryOf;
    this.log.add(delivery);
    this.send(delivery, token).catch((error: unknown) =>
      this.finish(delivery, { status: "failed", error: String(error) }),
    );
    return { ...delivery };
  }

  private async send(delivery: Delivery, token = this.settings.token): Promise<void> {
    const { buildChatDelivery, parseWebhook } = await loadWebhooks();
    if (this.stopped) return;
    const form = buildChatDelivery(delivery.payload, { token });
    if (this.mode !== "off") {
      try {
        parseWebhook(form.body, { token, contentType: form.headers["content-type"] });
      } catch (error) {
        const message = `delivery ${delivery.id} breaks the spec: ${(error as Error).message}`;
        this.onViolation(message);
        if (this.mode === "strict") {
          this.finish(delivery, { status: "failed", error: message });
          return;
        }
      }
    }
    this.events.emit({ type: "delivery", delivery: { ...delivery } });
    await this.attempt(delivery, form);
  }

  private async attempt(delivery: Delivery, form: TestDelivery): Promise<void> {
    if (this.stopped) return;
    delivery.attempts += 1;
    delivery.lastAttemptAt = this.store.now();
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.settings.timeoutMs);
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        headers: form.headers,
        body: form.body,
        signal: controller.signal,
      });
      const answer = await response.text().catch(() => "");
      delivery.responseStatus = response.status;
      delivery.responseBody = answer.slice(0, answerShown);
      if (response.ok) {
        this.finish(delivery, { status: "delivered", error: null });
        return;
      }
      delivery.error = `the receiver answered ${response.status}`;
    } catch (error) {
      delivery.responseStatus = null;
      delivery.responseBody = null;
      delivery.error = controller.signal.aborted
        ? `no answer within ${this.settings.timeoutMs} ms`
        : describe(error);
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
    if (this.stopped) return;
    if (delivery.attempts >= this.settings.attempts) {
      this.finish(delivery, { status: "failed", error: delivery.error });
      return;
    }
    const delayMs = this.settings.retryDelayMs * 2 ** (delivery.attempts - 1);
    this.logger.warn(
      {
        delivery: delivery.id,
        attempt: delivery.attempts,
        status: delivery.responseStatus,
        retryInMs: delayMs,
      },
      `webhook delivery failed (${delivery.error}), retrying`,
    );
    this.events.emit({ type: "delivery", delivery: { ...delivery } });
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(delivery, form);
    }, delayMs);
    this.timers.add(timer);
  }

  private finish(
    delivery: Delivery,
    outcome: { status: "delivered" | "failed"; error: string | null },
  ): void {
    delivery.status = outcome.status;
    delivery.error = outcome.error;
    if (outcome.status === "failed") {
      this.logger.error(
        { delivery: delivery.id, attempts: delivery.attempts, status: delivery.responseStatus },
        `webhook delivery failed: ${outcome.error}`,
      );
    }
    this.events.emit({ type: "delivery", delivery: { ...delivery } });
  }

  /** Stops retrying and aborts the attempts under way. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
  }

  /** Drops pending retries (on reset) but keeps delivering new parts. */
  cancelPending(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

// @dashly/webhooks compiles the spec's webhook schemas when it loads: that waits for the first delivery, so
// that a sandbox starts without paying for it.
let webhooks:
  | Promise<typeof import("@dashly/webhooks") & typeof import("@dashly/webhooks/testing")>
  | undefined;
function loadWebhooks() {
  webhooks ??= Promise.all([import("@dashly/webhooks"), import("@dashly/webhooks/testing")]).then(
    ([main, testing]) => ({
      ...main,
      ...testing,
    }),
  );
  return webhooks;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
