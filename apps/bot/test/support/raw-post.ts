import { connect } from "node:net";

/** The answer to a raw POST: its status and body, or `no answer: ...` when the connection broke first. */
export type RawAnswer = { status: number; body: string } | string;

/**
 * POSTs a big body over a bare socket, as a careful client does: it sends `Expect: 100-continue` and waits
 * for the server's word before uploading. A server that judges the declared length too large answers at
 * once and the body is never sent; one that says `100 Continue` gets the body, and may still refuse it (and
 * close) part-way, in which case the client may meet the reset before it reads the answer.
 */
export function postBig(
  url: string,
  headers: Record<string, string>,
  chunk: Buffer,
  chunks: number,
  options: { chunked: boolean },
): Promise<RawAnswer> {
  const target = new URL(url);
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    let uploading = false;
    let settled = false;
    const settle = (result: RawAnswer): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(result);
    };
    const upload = async (): Promise<void> => {
      uploading = true;
      for (let index = 0; index < chunks && !settled; index++) {
        const frame = options.chunked
          ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")])
          : chunk;
        if (!socket.write(frame)) await new Promise((drained) => socket.once("drain", drained));
      }
      if (options.chunked && !settled) socket.write("0\r\n\r\n");
    };
    const socket = connect(Number(target.port), target.hostname, () => {
      const length = options.chunked
        ? "transfer-encoding: chunked"
        : `content-length: ${chunk.length * chunks}`;
      const head = [
        `POST ${target.pathname} HTTP/1.1`,
        `host: ${target.host}`,
        "expect: 100-continue",
        length,
        ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      ];
      socket.write(`${head.join("\r\n")}\r\n\r\n`);
    });
    socket.on("data", (data: Buffer) => {
      received = Buffer.concat([received, data]);
      const text = received.toString("latin1");
      if (/^HTTP\/1\.1 100 [^\r]*\r\n\r\n/.test(text)) {
        received = received.subarray(text.indexOf("\r\n\r\n") + 4);
        if (!uploading) void upload();
        return;
      }
      const answer = parseAnswer(text);
      if (answer) settle(answer);
    });
    socket.on("error", (error: NodeJS.ErrnoException) => settle(`no answer: ${error.code ?? error.message}`));
    socket.on("close", () =>
      settle(`no answer: closed after ${JSON.stringify(received.toString("latin1").slice(0, 40))}`),
    );
  });
}

/** A complete answer with a Content-Length body, once all of it is in. */
function parseAnswer(text: string): { status: number; body: string } | undefined {
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1]);
  const length = Number(/\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end))?.[1] ?? 0);
  const body = text.slice(end + 4);
  return Buffer.byteLength(body, "latin1") >= length ? { status, body: body.slice(0, length) } : undefined;
}
