import type { ChatWebhookPart } from "@dashly/webhooks";

/** One chat webhook delivery and what became of it. IDs are strings. */
export interface Delivery {
  /** Sequence number in this sandbox, as a string. */
  id: string;
  type: "conversation";
  url: string;
  conversationId: string;
  partId: string;
  direction: "u2a" | "a2u";
  /** `pending` while attempts remain; `delivered` after a 2xx; `failed` after the last attempt, or refused by the spec. */
  status: "pending" | "delivered" | "failed";
  attempts: number;
  /** HTTP status of the last attempt, if it got an answer. */
  responseStatus: number | null;
  /** What the receiver answered at the last attempt (its first 2,000 characters), if it answered. */
  responseBody: string | null;
  /** Why the last attempt failed (never the token). */
  error: string | null;
  /** Sandbox time (seconds) the delivery was created and last tried. */
  createdAt: number;
  lastAttemptAt: number | null;
  /** The delivery this one repeats (`redeliver`), if it is a repeat. */
  redeliveryOf?: string;
  /** The `conversation` field as sent: the part plus the conversation's state. */
  payload: ChatWebhookPart;
}

/** The deliveries in the order they were made, capped so that a long run keeps bounded memory. */
export class DeliveryLog {
  private readonly entries: Delivery[] = [];
  private sequence = 0;

  constructor(private readonly limit = 10_000) {}

  nextId(): string {
    this.sequence += 1;
    return String(this.sequence);
  }

  add(delivery: Delivery): void {
    this.entries.push(delivery);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  find(id: string): Delivery | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  /** Oldest first, newest last (copies). */
  list(): Delivery[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.entries.length = 0;
    this.sequence = 0;
  }
}
