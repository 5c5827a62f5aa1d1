import { bodyTooLarge, type ReadOptions } from "./body-limit.ts";
import { readDelivery } from "./read-delivery.ts";
import type { WebhookDelivery } from "./types.ts";

/**
 * What readWebhook uses of a `node:http` IncomingMessage (Express's and Fastify's raw request are ones),
 * written out so that the package's types do not need `@types/node`.
 */
export interface NodeRequest {
  readonly readableEnded: boolean;
  readonly headers: { readonly [name: string]: string | string[] | undefined };
  on(event: "data", listener: (chunk: Uint8Array) => void): unknown;
  on(event: "end" | "close", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  off(event: "data", listener: (chunk: Uint8Array) => void): unknown;
  off(event: "end" | "close", listener: () => void): unknown;
  off(event: "error", listener: (error: Error) => void): unknown;
  pause(): unknown;
}

/**
 * Reads, verifies and parses a delivery from a `node:http` request. The content type is checked before the
 * body is read; a body over `limitBytes` (default 1 MiB) is refused with `body_too_large` and no more of it
 * is read. Rejects with a WebhookError subclass, or with the stream's error when the request breaks off.
 */
export function readWebhook(request: NodeRequest, options: ReadOptions): Promise<WebhookDelivery> {
  return readDelivery(
    {
      bodyAlreadyRead: request.readableEnded,
      contentType: headerOf(request, "content-type"),
      contentLength: headerOf(request, "content-length"),
      readBody: (limitBytes) => readBody(request, limitBytes),
    },
    options,
  );
}

/** Node joins repeated headers but these two; a repeated one is read as absent, and then refused as such. */
function headerOf(request: NodeRequest, name: "content-type" | "content-length"): string | null {
  const value = request.headers[name];
  return typeof value === "string" ? value : null;
}

function readBody(request: NodeRequest, limitBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const stop = () => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
      request.off("close", onClose);
    };
    const onData = (chunk: Uint8Array) => {
      size += chunk.length;
      if (size > limitBytes) {
        // Stop reading but leave the socket open, so that the caller can still answer 413.
        stop();
        request.pause();
        reject(bodyTooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size).toString("utf8"));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const onClose = () => {
      stop();
      reject(new Error("The request was closed before its body was read"));
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onError);
    request.on("close", onClose);
  });
}
