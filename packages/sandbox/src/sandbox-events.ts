import type { ConversationRecord, PartRecord } from "./state/records.ts";
import type { Delivery } from "./webhooks/delivery-log.ts";

/** What happens in the sandbox, for the webhook dispatcher, the SSE stream and `waitForDelivery`. */
export type SandboxEvent =
  | { type: "part"; part: PartRecord }
  | { type: "conversation"; conversation: ConversationRecord }
  | { type: "delivery"; delivery: Delivery }
  | { type: "reset" };

export type SandboxListener = (event: SandboxEvent) => void;

/** A small synchronous event bus; a listener that throws is reported and does not stop the others. */
export class SandboxEvents {
  private readonly listeners = new Set<SandboxListener>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  on(listener: SandboxListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: SandboxEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
