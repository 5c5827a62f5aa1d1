import { createServer, type IncomingMessage } from "node:http";

/** What a publish sent: the package's metadata per version and its tarballs. */
interface Packument {
  name: string;
  versions: Record<string, { dist: { tarball: string } } & Record<string, unknown>>;
  "dist-tags": Record<string, string>;
  _attachments?: Record<string, { data: string }>;
}

export interface FakeRegistry {
  url: string;
  /** Package name -> versions published to it during this run. */
  published(): Map<string, string[]>;
  stop(): Promise<void>;
}

async function readJson(request: IncomingMessage): Promise<Packument> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Packument;
}

/**
 * A loopback npm registry that takes `npm publish` / `pnpm publish` and serves what it took, so the whole
 * release path (version, build, publish, install) runs without anything leaving the machine. Packages it
 * does not hold answer 404: consumers get those from their usual registry through a scoped `.npmrc`.
 */
export async function startFakeRegistry(): Promise<FakeRegistry> {
  const packuments = new Map<string, Packument>();
  const tarballs = new Map<string, Buffer>();
  let base = "";

  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://registry").pathname).replace(
      /^\//,
      "",
    );
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.method === "PUT") {
      const document = await readJson(request);
      const existing = packuments.get(document.name);
      for (const [file, attachment] of Object.entries(document._attachments ?? {})) {
        tarballs.set(`${document.name}/-/${file}`, Buffer.from(attachment.data, "base64"));
      }
      for (const [version, manifest] of Object.entries(document.versions)) {
        if (existing?.versions[version])
          return reply(403, { error: `${document.name}@${version} is already published` });
        const file = manifest.dist.tarball.split("/").pop() ?? "";
        manifest.dist.tarball = `${base}/${document.name}/-/${file}`;
      }
      const { _attachments: _ignored, ...metadata } = document;
      packuments.set(document.name, {
        ...metadata,
        versions: { ...existing?.versions, ...document.versions },
        "dist-tags": { ...existing?.["dist-tags"], ...document["dist-tags"] },
      });
      return reply(201, { ok: true });
    }
    const tarball = tarballs.get(path);
    if (tarball) {
      response.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": tarball.length,
      });
      return response.end(tarball);
    }
    const packument = packuments.get(path);
    return packument ? reply(200, packument) : reply(404, { error: "not found" });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return {
    url: base,
    published: () =>
      new Map([...packuments].map(([name, packument]) => [name, Object.keys(packument.versions)])),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
