import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { Question } from "./receiver-process.ts";

export interface Receiver {
  url: string;
  /** kill -9 */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

const script = fileURLToPath(new URL("./receiver-process.ts", import.meta.url));

/** Starts receiver-process.ts and resolves once it listens. */
export async function startReceiver(settings: {
  redisUrl: string;
  apiUrl: string;
  queue: string;
}): Promise<Receiver> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script, JSON.stringify(settings)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /ready (\d+)/.exec(output);
      if (ready) resolve(ready[1] as string);
    });
    child.once("exit", (code) => reject(new Error(`the receiver exited with ${code} before it listened`)));
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill(signal);
    await exited;
  };
  return { url: `http://127.0.0.1:${port}/`, crash: () => end("SIGKILL"), stop: () => end("SIGTERM") };
}

/** POSTs a question to one receiver: its status, or 0 when the connection failed. */
export async function deliver(url: string, question: Question): Promise<number> {
  try {
    const response = await fetch(url, { method: "POST", body: JSON.stringify(question) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/**
 * Delivers until a receiver acknowledges (2xx), moving to the next receiver after any other answer, as
 * Dashly re-sends what was not acknowledged. Resolves with the URL that acknowledged it.
 */
export async function deliverUntilAcknowledged(
  urls: readonly string[],
  first: number,
  question: Question,
): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const url = urls[(first + attempt) % urls.length] as string;
    const status = await deliver(url, question);
    if (status >= 200 && status < 300) return url;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
