/**
 * What the front costs: requests per second of Prism alone and of the front in front of the same Prism, the
 * same mix of requests (a GET, a form POST, a refused GET), in rounds taken in turn so that a busy moment
 * on the machine hits both. Prints each round and the median of the rounds' ratios, and the CPU time each
 * server process spends per request (Linux /proc), which a busy machine disturbs less than requests/s.
 * The servers run in a process of their own (serve-front.ts); this one only generates the load.
 * Run: `pnpm --filter @dashly/mock bench` (ROUNDS, SECONDS, CONNECTIONS to change the run).
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const rounds = Number(process.env.ROUNDS ?? 5);
const seconds = Number(process.env.SECONDS ?? 5);
const connections = Number(process.env.CONNECTIONS ?? 10);

const operations = JSON.stringify([{ op: "update_or_create", key: "$email", value: "alex@example.com" }]);
const mix: autocannon.Request[] = [
  { method: "GET", path: "/users/85648207?auth_token=t&id_as_string=true" },
  {
    method: "POST",
    path: "/users/85648207/props?auth_token=t",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ operations }).toString(),
  },
  { method: "GET", path: "/apps/3/conversations?auth_token=t&count=500" },
];

async function requestsPerSecond(
  url: string,
): Promise<{ rps: number; p50: number; p99: number; non2xx: number; errors: number }> {
  const result = await autocannon({ url, connections, duration: seconds, requests: mix });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** CPU time (user + system) a process has used, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in ticks of 1/100 s
}

async function measured(url: string, pids: number[]) {
  const before = pids.map(cpuMs);
  const result = await requestsPerSecond(url);
  const requests = result.rps * seconds;
  const cpuUsPerRequest = pids.map((pid, index) => ((cpuMs(pid) - (before[index] ?? 0)) * 1000) / requests);
  return { ...result, cpuUsPerRequest };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

const servers = spawn(
  process.execPath,
  ["--import", "tsx", fileURLToPath(new URL("./serve-front.ts", import.meta.url))],
  { stdio: ["ignore", "pipe", "inherit"] },
);
const [line] = (await once(servers.stdout, "data")) as [Buffer];
const { prism, front, prismPid, frontPid } = JSON.parse(line.toString()) as {
  prism: string;
  front: string;
  prismPid: number;
  frontPid: number;
};
try {
  await requestsPerSecond(prism); // warm-up: JIT and Prism's caches
  await requestsPerSecond(front);
  const ratios: number[] = [];
  const cpuShares: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const direct = await measured(prism, [prismPid]);
    const through = await measured(front, [prismPid, frontPid]);
    ratios.push(through.rps / direct.rps);
    const [prismCpu = 0] = direct.cpuUsPerRequest;
    const [, frontCpu = 0] = through.cpuUsPerRequest;
    cpuShares.push(frontCpu / prismCpu);
    console.log(
      `  CPU per request: Prism alone ${prismCpu.toFixed(0)} µs; through the front: Prism ${through.cpuUsPerRequest[0]?.toFixed(0)} µs + front ${frontCpu.toFixed(0)} µs`,
    );
    console.log(
      `round ${round}: Prism ${direct.rps.toFixed(0)} req/s (p50 ${direct.p50} ms, p99 ${direct.p99} ms), ` +
        `front+Prism ${through.rps.toFixed(0)} req/s (p50 ${through.p50} ms, p99 ${through.p99} ms), ` +
        `ratio ${(through.rps / direct.rps).toFixed(2)} (non-2xx ${direct.non2xx}/${through.non2xx}, errors ${direct.errors}/${through.errors})`,
    );
  }
  console.log(
    `front+Prism / Prism alone, median of ${rounds} rounds: ${median(ratios).toFixed(2)}x ` +
      `(${connections} connections, ${seconds} s per run, mix: GET, form POST, refused GET)`,
  );
  console.log(
    `front's CPU per request / Prism's, median of ${rounds} rounds: ${median(cpuShares).toFixed(2)} ` +
      `(so front+Prism needs ${(1 + median(cpuShares)).toFixed(2)}x the CPU of Prism alone)`,
  );
} finally {
  const exited = once(servers, "exit");
  servers.kill("SIGTERM");
  await exited;
}
