import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createDashlyClient, DashlyConnectionError, type RetryEvent } from "../src/index.ts";
import { type CuttingServer, startCuttingServer } from "./support/cutting-server.ts";

// A 200 whose body stops halfway, from a real server over a real socket: fetch resolves with the headers,
// and only reading the body fails (undici's `TypeError: terminated`). The client must read it within the
// attempt, so that the cut is a network error like any other: typed, and retried when that is safe.
const token = "CUT-SECRET-7f3a";
const conversation = { id: "42", assignee: null, closed: false };
const fastRetries = { retries: 2, minDelayMs: 1, maxDelayMs: 1 };

let server: CuttingServer | undefined;
afterEach(() => server?.close());

async function serverCutting(cuts: number): Promise<CuttingServer> {
  server = await startCuttingServer({
    cuts,
    answer: ({ method }) => ({ meta: { status: 200 }, data: method === "GET" ? conversation : {} }),
  });
  return server;
}

function clientOf(
  cutting: CuttingServer,
  retry: { retryUnsafe?: boolean; onRetry?: (e: RetryEvent) => void },
) {
  return createDashlyClient({
    token,
    baseUrl: cutting.baseUrl,
    rateLimit: false,
    retry: { ...fastRetries, ...retry },
  });
}

const getConversation = (dashly: ReturnType<typeof createDashlyClient>) =>
  dashly.GET("/conversations/{id}", { params: { path: { id: "42" } } });

const trackEvent = (dashly: ReturnType<typeof createDashlyClient>) =>
  dashly.POST("/users/{id}/events", { params: { path: { id: "7" } }, body: { event: "Paid" } });

describe("an answer cut off mid-body", () => {
  it("is retried for a GET, which resolves with the whole answer's data", async () => {
    const cutting = await serverCutting(2);
    const events: RetryEvent[] = [];
    const { data } = await getConversation(clientOf(cutting, { onRetry: (event) => events.push(event) }));

    expect(data).toEqual(conversation);
    expect(cutting.received.map(({ method, path }) => `${method} ${path}`)).toEqual([
      "GET /v1/conversations/42",
      "GET /v1/conversations/42",
      "GET /v1/conversations/42",
    ]);
    expect(events.map(({ attempt, reason, path }) => ({ attempt, reason, path }))).toEqual([
      { attempt: 1, reason: "network", path: "/conversations/42" },
      { attempt: 2, reason: "network", path: "/conversations/42" },
    ]);
  });

  it("fails a GET with DashlyConnectionError once the retries are spent, the cause kept, the token out", async () => {
    const cutting = await serverCutting(Number.POSITIVE_INFINITY);
    const error = await getConversation(clientOf(cutting, {})).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DashlyConnectionError);
    expect(error).toMatchObject({ method: "GET", path: "/conversations/42", attempts: 3 });
    // The body read failed, not the request: fetch had resolved with the headers.
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect(((error as Error).cause as Error).message).toBe("terminated");
    expect((error as Error).message).toBe(
      "GET /conversations/42 got no answer after 3 attempt(s): terminated (other side closed)",
    );
    expect(inspect(error, { depth: 10, showHidden: true })).not.toContain(token);
    expect(cutting.received).toHaveLength(3);
  });

  it("is not sent again for a POST, which may have taken effect", async () => {
    const cutting = await serverCutting(1);
    const error = await trackEvent(clientOf(cutting, {})).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DashlyConnectionError);
    expect(error).toMatchObject({ method: "POST", path: "/users/7/events", attempts: 1 });
    expect(cutting.received).toHaveLength(1);
  });

  it("is sent again for a POST with retryUnsafe, the same form both times", async () => {
    const cutting = await serverCutting(1);
    const { data } = await trackEvent(clientOf(cutting, { retryUnsafe: true }));

    expect(data).toEqual({});
    expect(cutting.received.map(({ method, body }) => `${method} ${body}`)).toEqual([
      "POST event=Paid",
      "POST event=Paid",
    ]);
  });

  it("is retried for the raw client's GET too: one transport for every call", async () => {
    const cutting = await serverCutting(1);
    const { data, response } = await clientOf(cutting, {}).raw.GET("/conversations/{id}", {
      params: { path: { id: "42" } },
    });
    expect(response.status).toBe(200);
    expect(data).toEqual({ meta: { status: 200 }, data: conversation });
    expect(cutting.received).toHaveLength(2);
  });
});
