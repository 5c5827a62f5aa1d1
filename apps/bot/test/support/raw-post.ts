import { connect } from "node:net";

/**
 * POSTs a big body over a bare socket and resolves with the status line's code, or `no answer: ...`. A server
 * may refuse a body that is too large before reading it, answer at once and close: fetch or node:http, still
 * busy uploading, then report EPIPE instead of the answer. This waits a moment after the headers and stops
 * writing as soon as the answer arrives, as a careful client does, so the test sees what the server said.
 */
export function postBig(
  url: string,
  headers: Record<string, string>,
  chunk: Buffer,
  chunks: number,
  options: { chunked: boolean },
): Promise<number | string> {
  const target = new URL(url);
  return new Promise((resolve) => {
    let answer = "";
    let settled = false;
    const settle = (result: number | string): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(result);
    };
    const socket = connect(Number(target.port), target.hostname, async () => {
      const length = options.chunked
        ? "transfer-encoding: chunked"
        : `content-length: ${chunk.length * chunks}`;
      const head = [
        `POST ${target.pathname} HTTP/1.1`,
        `host: ${target.host}`,
        length,
        ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      ];
      socket.write(`${head.join("\r\n")}\r\n\r\n`);
      // A server that judges a declared length too large answers now: give it a moment, as a client sending
      // `Expect: 100-continue` would, so that the answer is read before the upload can be cut.
      await new Promise((waited) => setTimeout(waited, 200));
      for (let index = 0; index < chunks && !settled; index++) {
        const frame = options.chunked
          ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")])
          : chunk;
        if (!socket.write(frame)) await new Promise((drained) => socket.once("drain", drained));
      }
      if (options.chunked && !settled) socket.write("0\r\n\r\n");
    });
    socket.on("data", (data: Buffer) => {
      answer += data.toString("latin1");
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1];
      if (status !== undefined) settle(Number(status));
    });
    socket.on("error", (error: NodeJS.ErrnoException) => settle(`no answer: ${error.code ?? error.message}`));
    socket.on("close", () => settle(`no answer: closed after ${JSON.stringify(answer.slice(0, 40))}`));
  });
}
