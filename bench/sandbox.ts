/**
 * What the sandbox costs next to Prism (`@dashly/mock`): start until the first answer (in-process and as the
 * CLI) against startMock(); requests per second with validation on, same request mix, same client, both as
 * servers on loopback; memory after 100,000 stored parts.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { createDashlyClient, type DashlyClient } from "../packages/client/src/index.ts";
import { startMock } from "../packages/mock/src/index.ts";
import { runOrThrow } from "../scripts/child-process.ts";
import { round, type Section } from "./report.ts";
import { median } from "./stats.ts";

const sandboxDist = fileURLToPath(new URL("../packages/sandbox/dist/", import.meta.url));
const cli = `${sandboxDist}cli.js`;
const TOKEN = "bench-token";
const FIRST_CALL = "/v1/apps/%24self_app/channels";

export function sandboxSection({ quick }: { quick: boolean }): Section {
  const starts = quick ? 3 : 5;
  const loadSeconds = quick ? 3 : 8;
  const concurrency = 16;
  return {
    key: "sandbox",
    title: "Sandbox vs Prism",
    async run() {
      const inProcessMs: number[] = [];
      const cliMs: number[] = [];
      const mockMs: number[] = [];
      for (let index = 0; index < starts; index++) {
        inProcessMs.push(await startInProcess());
        cliMs.push(await startCli());
        const started = performance.now();
        const mock = await startMock();
        mockMs.push(performance.now() - started);
        await mock.stop();
      }

      const sandboxLoad = await loadSandbox(loadSeconds, concurrency);
      const prismLoad = await loadPrism(loadSeconds, concurrency);
      const serverAlone = await serversAlone(loadSeconds);
      const memory = await memoryAfterParts(100_000);
      const judge = await judgeCost(quick ? 2000 : 5000);

      const startInProcess_ = median(inProcessMs);
      const startCli_ = median(cliMs);
      const startMock_ = median(mockMs);
      return {
        figures: [
          {
            id: "sandbox.startInProcessMs",
            label: `start to first answer, in-process (median of ${starts})`,
            value: round(startInProcess_),
            unit: "ms",
          },
          {
            id: "sandbox.startCliMs",
            label: `start to first answer, CLI (median of ${starts})`,
            value: round(startCli_),
            unit: "ms",
          },
          {
            id: "sandbox.startMockMs",
            label: `startMock() to first answer (median of ${starts})`,
            value: round(startMock_),
            unit: "ms",
          },
          {
            id: "sandbox.startVsMock.inProcess",
            label: "start: Prism / sandbox in-process",
            value: round(startMock_ / startInProcess_),
            unit: "x",
            goal: { kind: "min", target: 10, text: "≥ 10x faster" },
          },
          {
            id: "sandbox.startVsMock.cli",
            label: "start: Prism / sandbox CLI",
            value: round(startMock_ / startCli_),
            unit: "x",
            goal: { kind: "min", target: 10, text: "≥ 10x faster" },
          },
          {
            id: "sandbox.reqPerSec",
            label: "sandbox, validation on (strict)",
            value: round(sandboxLoad.perSecond),
            unit: "req/s",
          },
          {
            id: "sandbox.prismReqPerSec",
            label: "Prism, same mix and client",
            value: round(prismLoad.perSecond),
            unit: "req/s",
          },
          {
            id: "sandbox.throughputVsPrism",
            label: "requests/s: sandbox / Prism",
            value: round(sandboxLoad.perSecond / prismLoad.perSecond),
            unit: "x",
            goal: { kind: "min", target: 5, text: "≥ 5x" },
          },
          {
            id: "sandbox.aloneReqPerSec",
            label: "GET /conversations/{id} alone, autocannon: sandbox",
            value: round(serverAlone.sandbox),
            unit: "req/s",
          },
          {
            id: "sandbox.alonePrismReqPerSec",
            label: "the same against Prism",
            value: round(serverAlone.prism),
            unit: "req/s",
          },
          {
            id: "sandbox.aloneVsPrism",
            label: "one route alone: sandbox / Prism",
            value: round(serverAlone.sandbox / serverAlone.prism),
            unit: "x",
          },
          {
            id: "sandbox.judgeAjvUs",
            label: "judge GET /conversations/{id}: wire rules, request, answer (ajv)",
            value: round(judge.ajvUs),
            unit: "µs",
          },
          {
            id: "sandbox.judgePrismUs",
            label: "the same with Prism's router and validator in-process",
            value: round(judge.prismUs),
            unit: "µs",
          },
          {
            id: "sandbox.judgeVsPrism",
            label: "judge: Prism / ajv",
            value: round(judge.prismUs / judge.ajvUs),
            unit: "x",
          },
          {
            id: "sandbox.memoryMb",
            label: "heap after 100,000 parts (over an empty sandbox)",
            value: round(memory.heapMb),
            unit: "MB",
          },
          {
            id: "sandbox.bytesPerPart",
            label: "heap per stored part",
            value: round(memory.bytesPerPart),
            unit: "B",
          },
        ],
        details: {
          inProcessMs: inProcessMs.map(round),
          cliMs: cliMs.map(round),
          mockMs: mockMs.map(round),
          sandboxLoad,
          prismLoad,
          memory,
          judge,
          serverAlone,
        },
        method: [
          `in-process start: a fresh \`node\` imports @dashly/sandbox (dist), startSandbox({port: false}) and awaits the answer to GET ${FIRST_CALL} through sandbox.fetch; timed inside that process (imports included, Node's own boot not); median of ${starts}`,
          `CLI start: spawn \`node dist/cli.js start --port P\` until GET ${FIRST_CALL} answers 200 over loopback (Node's boot included); startMock(): the mock package's own start until Prism answers; median of ${starts}, taken in turns`,
          `requests/s: @dashly/client (rate limit and retries off, IDs as strings) in this process, ${concurrency} calls in flight for ${loadSeconds} s against each server on loopback, one at a time; mix per round: GET /conversations/{id}, GET /conversations/{id}/parts?count=2 (a page the size of Prism's example), GET /users/{id}, POST /conversations/{id}/reply; sandbox as the CLI with --validation strict --rate-limit off --quiet (requests and answers judged; no line per request, as Prism runs with -v warn), Prism via startMock() (validates requests); errors counted and must be 0`,
          `one route alone: autocannon (10 connections, ${loadSeconds} s, the token in an Authorization header) on GET /conversations/{id}?id_as_string=true against each server process (sandbox CLI --quiet with validation strict; Prism via startMock()), every answer 2xx`,
          `judge: the sandbox's own path (Dashly's wire rules from @dashly/mock/wire, then request and answer validation with ajv, dist/server/wire.js and dist/spec/*) and @stoplight/prism-http 5.12.0's route + validateInput + validateOutput (as @dashly/mock installs it) on the same request and the same answer (a stored conversation, IDs as strings), in this process, taking turns in slices; median µs per call`,
          "memory: a fresh `node --expose-gc` stores 1,000 conversations × 100 parts in an in-process sandbox (no webhook URL), gc, heapUsed minus heapUsed after start",
        ],
      };
    },
  };
}

async function startInProcess(): Promise<number> {
  const script = `
    const started = performance.now();
    const { startSandbox } = await import(${JSON.stringify(`${sandboxDist}index.js`)});
    const sandbox = await startSandbox({ port: false, apiTokens: ["${TOKEN}"] });
    const response = await sandbox.fetch(sandbox.url + "${FIRST_CALL}", { headers: { authorization: "Token ${TOKEN}" } });
    await response.text();
    if (response.status !== 200) throw new Error("status " + response.status);
    console.log(performance.now() - started);
    await sandbox.stop();`;
  const { output } = await runOrThrow(process.execPath, ["--input-type=module", "-e", script], {
    cwd: sandboxDist,
  });
  return Number(output.trim());
}

async function startCli(): Promise<number> {
  const started = performance.now();
  const { child, url } = spawnCli(0);
  try {
    const base = await url;
    for (;;) {
      const ok = await fetch(`${base}${FIRST_CALL}`, { headers: { authorization: `Token ${TOKEN}` } }).then(
        async (response) => {
          await response.text();
          return response.status === 200;
        },
        () => false,
      );
      if (ok) return performance.now() - started;
    }
  } finally {
    child.kill("SIGTERM");
  }
}

/** Spawns the CLI; `url` resolves as soon as it prints its API base (the port it got). */
function spawnCli(port: number, extra: string[] = []): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(
    process.execPath,
    [cli, "start", "--port", String(port), "--api-token", TOKEN, ...extra],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const url = new Promise<string>((resolve, reject) => {
    let printed = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      printed += chunk.toString();
      const match = /API base\s+(\S+)\/v1/.exec(printed);
      if (match?.[1]) {
        child.stdout?.removeAllListeners("data");
        child.stdout?.resume();
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => reject(new Error(`dashly-sandbox start exited with ${code}`)));
  });
  return { child, url };
}

interface Load {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
}

/** `concurrency` loops of the same four calls for `seconds`. */
async function load(
  dashly: DashlyClient,
  ids: { conversation: string; user: string },
  seconds: number,
  concurrency: number,
): Promise<Load> {
  const deadline = performance.now() + seconds * 1000;
  let requests = 0;
  let errors = 0;
  const path = { id: ids.conversation };
  const mix = [
    () => dashly.GET("/conversations/{id}", { params: { path } }),
    // Two parts a page: the size of the page Prism answers from the spec's example, so both send as much.
    () => dashly.GET("/conversations/{id}/parts", { params: { path, query: { count: 2 } } }),
    () => dashly.GET("/users/{id}", { params: { path: { id: ids.user } } }),
    () =>
      dashly.POST("/conversations/{id}/reply", {
        params: { path },
        body: { body: "Hey, great!", from_admin: "default_admin" },
      }),
  ];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let turn = worker; performance.now() < deadline; turn++) {
        try {
          await (mix[turn % mix.length] as () => Promise<unknown>)();
        } catch {
          errors += 1;
        }
        requests += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  if (errors > 0) throw new Error(`${errors} of ${requests} requests failed`);
  return { requests, errors, seconds: round(elapsed), perSecond: requests / elapsed };
}

async function loadSandbox(seconds: number, concurrency: number): Promise<Load> {
  const { child, url } = spawnCli(0, ["--rate-limit", "off", "--validation", "strict", "--quiet"]);
  try {
    const base = await url;
    const chat = (await (await fetch(`${base}/_sandbox/chats`, { method: "POST", body: "{}" })).json()) as {
      userId: string;
      conversationId: string;
    };
    await fetch(`${base}/_sandbox/conversations/${chat.conversationId}/lead-says`, {
      method: "POST",
      body: JSON.stringify({ body: "Hello" }),
    });
    const dashly = createDashlyClient({
      token: TOKEN,
      baseUrl: `${base}/v1`,
      rateLimit: false,
      retry: false,
    });
    return await load(dashly, { conversation: chat.conversationId, user: chat.userId }, seconds, concurrency);
  } finally {
    child.kill("SIGTERM");
  }
}

async function loadPrism(seconds: number, concurrency: number): Promise<Load> {
  const mock = await startMock();
  try {
    const dashly = createDashlyClient({ token: TOKEN, baseUrl: mock.url, rateLimit: false, retry: false });
    return await load(dashly, { conversation: "7100586", user: "7722092" }, seconds, concurrency);
  } finally {
    await mock.stop();
  }
}

/** One route, no client library: autocannon against each server, one after the other. */
async function serversAlone(seconds: number): Promise<{ sandbox: number; prism: number }> {
  const cannon = (url: string) =>
    new Promise<number>((resolve, reject) => {
      autocannon(
        { url, connections: 10, duration: seconds, headers: { authorization: `Token ${TOKEN}` } },
        (error, result) => {
          if (error) return reject(error);
          if (result.non2xx + result.errors > 0)
            return reject(new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`));
          resolve(result.requests.average);
        },
      );
    });
  const { child, url } = spawnCli(0, ["--rate-limit", "off", "--validation", "strict", "--quiet"]);
  let sandbox: number;
  try {
    const base = await url;
    const chat = (await (await fetch(`${base}/_sandbox/chats`, { method: "POST", body: "{}" })).json()) as {
      conversationId: string;
    };
    await fetch(`${base}/_sandbox/conversations/${chat.conversationId}/lead-says`, {
      method: "POST",
      body: JSON.stringify({ body: "Hello" }),
    });
    sandbox = await cannon(`${base}/v1/conversations/${chat.conversationId}?id_as_string=true`);
  } finally {
    child.kill("SIGTERM");
  }
  const mock = await startMock();
  try {
    return { sandbox, prism: await cannon(`${mock.url}/conversations/7100586?id_as_string=true`) };
  } finally {
    await mock.stop();
  }
}

/** Route and judge one request and its answer: the sandbox's ajv judge against Prism's, in turns. */
async function judgeCost(calls: number): Promise<{ ajvUs: number; prismUs: number }> {
  const { startSandbox } = (await import(
    `${sandboxDist}index.js`
  )) as typeof import("../packages/sandbox/src/index.ts");
  const { operationsById } = (await import(
    `${sandboxDist}spec/operations.js`
  )) as typeof import("../packages/sandbox/src/spec/operations.ts");
  const { readWire } = (await import(
    `${sandboxDist}server/wire.js`
  )) as typeof import("../packages/sandbox/src/server/wire.ts");
  const { readArguments } = (await import(
    `${sandboxDist}spec/request-validator.js`
  )) as typeof import("../packages/sandbox/src/spec/request-validator.ts");
  const { validateAnswer } = (await import(
    `${sandboxDist}spec/response-validator.js`
  )) as typeof import("../packages/sandbox/src/spec/response-validator.ts");
  const sandbox = await startSandbox({ port: false, rateLimit: false });
  const { conversationId } = sandbox.startChat("Alex");
  sandbox.leadSays(conversationId, "Hello, how are you");
  const answered = await sandbox.fetch(
    `${sandbox.apiUrl}/conversations/${conversationId}?auth_token=${sandbox.apiToken}&id_as_string=true`,
  );
  const answer = (await answered.json()) as unknown;
  await sandbox.stop();
  const path = `/conversations/${conversationId}`;
  const url = `http://sandbox.invalid/v1${path}?auth_token=t&id_as_string=true`;
  const ajvOnce = async () => {
    const wire = await readWire(new Request(url), "/v1");
    const operation = wire.ok ? operationsById.get(wire.operationId) : undefined;
    if (!wire.ok || !operation) throw new Error("no route");
    const violations = [
      ...readArguments(operation, wire.id, wire.args, wire.mediaType).violations,
      ...validateAnswer(operation, 200, answer),
    ];
    if (violations.length > 0) throw new Error(JSON.stringify(violations));
  };

  // Prism's internals have no exports map; they are reached the way @dashly/mock's Prism process loads them.
  const requireFromMock = createRequire(new URL("../packages/mock/package.json", import.meta.url));
  const prism = requireFromMock("@stoplight/prism-http") as {
    getHttpOperationsFromSpec(file: string): Promise<unknown[]>;
  };
  const route = (
    requireFromMock("@stoplight/prism-http/dist/router") as {
      default: (input: unknown) => { _tag: string; right: unknown };
    }
  ).default;
  const validator = requireFromMock("@stoplight/prism-http/dist/validator") as Record<
    "validateInput" | "validateOutput",
    (input: unknown) => { _tag: string }
  >;
  const resources = await prism.getHttpOperationsFromSpec(
    fileURLToPath(new URL("../spec/dist/openapi.json", import.meta.url)),
  );
  const request = {
    method: "get",
    url: { path, query: { id_as_string: "true", auth_token: "t" } },
    headers: {},
  };
  const prismOnce = () => {
    const routed = route({ resources, input: request });
    const input = validator.validateInput({ resource: routed.right, element: request });
    const output = validator.validateOutput({
      resource: routed.right,
      element: { statusCode: 200, headers: { "content-type": "application/json" }, body: answer },
    });
    if (routed._tag !== "Right" || input._tag !== "Right" || output._tag !== "Right")
      throw new Error("Prism refused the call");
  };

  const slice = 200;
  const ajvUs: number[] = [];
  const prismUs: number[] = [];
  for (let done = -slice; done < calls; done += slice) {
    for (const [once, samples] of [
      [ajvOnce, ajvUs],
      [prismOnce, prismUs],
    ] as const) {
      const started = performance.now();
      for (let index = 0; index < slice; index++) await once();
      if (done >= 0) samples.push(((performance.now() - started) * 1000) / slice);
    }
  }
  return { ajvUs: median(ajvUs), prismUs: median(prismUs) };
}

async function memoryAfterParts(
  parts: number,
): Promise<{ heapMb: number; bytesPerPart: number; rssMb: number }> {
  const script = `
    const { startSandbox } = await import(${JSON.stringify(`${sandboxDist}index.js`)});
    const sandbox = await startSandbox({ port: false });
    globalThis.gc(); const before = process.memoryUsage();
    for (let c = 0; c < ${parts / 100}; c++) {
      const { conversationId } = sandbox.startChat();
      for (let p = 0; p < 100; p++) sandbox.leadSays(conversationId, "Hello, how are you? I would like to know more about the pricing.");
    }
    globalThis.gc(); const after = process.memoryUsage();
    console.log(JSON.stringify({ heap: after.heapUsed - before.heapUsed, rss: after.rss - before.rss }));
    await sandbox.stop();`;
  const { output } = await runOrThrow(
    process.execPath,
    ["--expose-gc", "--input-type=module", "-e", script],
    { cwd: sandboxDist },
  );
  const { heap, rss } = JSON.parse(output.trim()) as { heap: number; rss: number };
  return { heapMb: heap / 2 ** 20, bytesPerPart: heap / parts, rssMb: rss / 2 ** 20 };
}
