import type { IncomingMessage } from "node:http";
import { bodyTooLarge, type ReadOptions } from "./body-limit.ts";
import { readDelivery } from "./read-delivery.ts";
import type { WebhookDelivery } from "./types.ts";

/**
 * Reads, verifies and parses a delivery from a `node:http` request. The content type is checked before the
 * body is read; a body over `limitBytes` (default 1 MiB) is refused with `body_too_large` and no more of it
 * is read. Rejects with a WebhookError subclass, or with the stream's error when the request breaks off.
 */
export function readWebhook(request: IncomingMessage, options: ReadOptions): Promise<WebhookDelivery> {
  return readDelivery(
    {
      bodyAlreadyRead: request.readableEnded,
      contentType: request.headers["content-type"] ?? null,
      contentLength: request.headers["content-length"],
      readBody: (limitBytes) => readBody(request, limitBytes),
    },
    options,
  );
}

function readBody(request: IncomingMessage, limitBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
      request.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
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
