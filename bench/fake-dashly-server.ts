/**
 * bench/fake-dashly.ts as its own process, so that the moments it records are not delayed by the client's
 * work on a shared event loop. Run: `node --import tsx bench/fake-dashly-server.ts '{"limit":100,...}'`
 * (FakeDashlyOptions as JSON) with PORT in the environment; started over IPC, it reports its URL (see
 * scripts/child-process.ts).
 */
import { type FakeDashlyOptions, startFakeDashly } from "./fake-dashly.ts";

const options = JSON.parse(process.argv[2] ?? "") as FakeDashlyOptions;
const fake = await startFakeDashly({ ...options, port: Number(process.env.PORT) });
process.send?.({ listening: new URL(fake.baseUrl).origin });
process.once("SIGTERM", () => {
  void fake.stop().then(() => process.exit(0));
});
// Started over IPC: stop with the process that started it, rather than outlive it.
process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));
