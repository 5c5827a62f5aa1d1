/**
 * Reads the whole body of `response` now, while the attempt that brought it is still under way, so that a
 * connection cut mid-body fails that attempt (which can then be retried) rather than whoever reads the
 * body later. Resolves with the same Response, whose `text()` now answers from memory, as often as asked;
 * its other readers find the body used, as after any read. Kept as the same object, not a new Response:
 * building one costs a stream per call, and the answer's `url`, `type` and `redirected` would be lost.
 */
export async function receiveText(response: Response): Promise<Response> {
  const text = await response.text();
  Object.defineProperty(response, "text", {
    value: () => Promise.resolve(text),
    configurable: true,
    writable: true,
  });
  return response;
}
