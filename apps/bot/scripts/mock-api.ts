import { startFaultInjector, startMock } from "@dashly/mock";

/** A reply the bot sent to the mock API, and the API's verdict on it. */
export interface SentReply {
  path: string;
  status: number;
  body: string | undefined;
  randomId: string | undefined;
  /** Why the API found the request invalid; empty when it was valid. */
  problems: string[];
}

/** The API the load test's bot talks to: where it runs, what it is, and the replies it received. */
export interface MockApi {
  url: string;
  description: string;
  replies(): SentReply[];
  stop(): Promise<void>;
}

/** The mock (Prism on the spec) behind a recording proxy: every reply is judged against the spec. */
export async function startMockApi(): Promise<MockApi> {
  const mock = await startMock();
  const api = await startFaultInjector({ upstream: mock.url, faultRate: 0 });
  return {
    url: api.url,
    description: `mock API ${mock.url} (Prism on the spec)`,
    replies: () =>
      api
        .forwarded()
        .filter((request) => request.path.endsWith("/reply"))
        .map((request) => ({
          path: request.path,
          status: request.status,
          body: request.form.body,
          randomId: request.form.random_id,
          problems: request.violations.map((violation) => violation.message),
        })),
    async stop() {
      await api.stop();
      await mock.stop();
    },
  };
}
