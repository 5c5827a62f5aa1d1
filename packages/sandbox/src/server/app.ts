import { dashlyError } from "@dashly/mock/wire";
import { Hono } from "hono";
import { controlApi } from "../control/control-api.ts";
import { EventStreams } from "../control/event-stream.ts";
import { controlSpecFile } from "../package-files.ts";
import type { SandboxCore } from "./core.ts";
import { serveDashlyApi } from "./dashly-api.ts";
import { mountPages } from "./pages.ts";

/** The sandbox's HTTP app: the Dashly API under `/v1`, the control API under `/_sandbox`, the pages. */
export function createApp(core: SandboxCore, pagesDir: string): { app: Hono; streams: EventStreams } {
  const app = new Hono();
  const streams = new EventStreams(core);
  app.all("/v1", (c) => serveDashlyApi(core, c));
  app.all("/v1/*", (c) => serveDashlyApi(core, c));
  app.route("/_sandbox", controlApi(core, streams, controlSpecFile));
  mountPages(app, pagesDir);
  app.get("/", (c) =>
    c.json({
      api: "/v1",
      chat: "/chat/",
      docs: "/docs/",
      control: "/_sandbox",
      controlSpec: "/_sandbox/openapi.yaml",
    }),
  );
  app.notFound((c) => c.json(dashlyError(404, "Error404", `Nothing at ${c.req.path}`), 404));
  return { app, streams };
}
