import Fastify from "fastify";

/**
 * A stateful stand-in for the two operations a bot on Redis needs, where the mock (stateless Prism) cannot
 * serve: `POST /conversations/{id}/reply` stores the reply as a part, with the `random_id` it came with, and
 * `GET /conversations/{id}/parts` lists them newest first, as Dashly does. A reply to conversation
 * `refusedConversation` gets a 400, as an invalid one would. Put a fault injector in front of it to count
 * what reaches it.
 */
export const refusedConversation = "40000000";

export async function startConversationsApi(): Promise<{ url: string; stop(): Promise<void> }> {
  const app = Fastify();
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  const parts = new Map<string, Array<{ id: string; body: string; random_id: number }>>();
  let lastId = 8_000_000;
  const envelope = (data: unknown) => ({ meta: { status: 200 }, data });

  app.post<{ Params: { id: string }; Body: Record<string, string> }>(
    "/conversations/:id/reply",
    async (request, reply) => {
      if (request.params.id === refusedConversation) {
        const meta = {
          status: 400,
          error: "BadRequest",
          error_message: "This conversation takes no replies",
        };
        return reply.code(400).send({ meta, data: {} });
      }
      const part = {
        id: String(++lastId),
        body: request.body.body ?? "",
        random_id: Number(request.body.random_id),
      };
      parts.set(request.params.id, [part, ...(parts.get(request.params.id) ?? [])]);
      return envelope({ ...part, conversation: request.params.id, type: "reply_admin" });
    },
  );
  app.get<{ Params: { id: string } }>("/conversations/:id/parts", async (request) =>
    envelope(parts.get(request.params.id) ?? []),
  );

  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, stop: () => app.close() };
}
