import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { SandboxEvent } from "../sandbox-events.ts";
import type { SandboxCore } from "../server/core.ts";
import { conversationView, partView } from "./views.ts";

/** The open streams, so that stopping the sandbox can end them (an open stream keeps the server up). */
export class EventStreams {
  private readonly closers = new Set<() => void>();

  constructor(private readonly core: SandboxCore) {}

  /** `GET /_sandbox/events`: `part`, `conversation`, `delivery` and `reset` events, IDs as strings. */
  serve(c: Context): Response {
    return streamSSE(c, async (stream) => {
      let close: () => void = () => {};
      const closed = new Promise<void>((resolve) => {
        close = resolve;
      });
      this.closers.add(close);
      const unsubscribe = this.core.events.on((event) => {
        const message = this.messageOf(event);
        if (message) void stream.writeSSE(message).catch(close);
      });
      stream.onAbort(close);
      await stream.writeSSE({ event: "ready", data: "{}" });
      await closed;
      unsubscribe();
      this.closers.delete(close);
    });
  }

  closeAll(): void {
    for (const close of this.closers) close();
  }

  private messageOf(event: SandboxEvent): { event: string; data: string } | undefined {
    const { store } = this.core;
    switch (event.type) {
      case "part":
        return {
          event: "part",
          data: JSON.stringify({
            conversationId: event.part.conversation,
            part: partView(store, event.part),
          }),
        };
      case "conversation":
        return {
          event: "conversation",
          data: JSON.stringify({ conversation: conversationView(store, event.conversation) }),
        };
      case "delivery":
        return { event: "delivery", data: JSON.stringify({ delivery: event.delivery }) };
      case "reset":
        return { event: "reset", data: "{}" };
    }
  }
}
