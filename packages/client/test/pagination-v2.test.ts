import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDashlyClient, type Page } from "../src/index.ts";

// A real loopback server that answers with raw JSON texts, as the newer API generation writes them: v2 cursors
// (`meta.next_before_position` / `next_after_position`) hold 64-bit IDs and float timestamps that a double
// would round. Each test sets `answer`, which sees the request's query.

let server: Server;
let baseUrl: string;
let seen: URLSearchParams[] = [];
let answer: (query: URLSearchParams) => string = () => "{}";

beforeAll(async () => {
  server = createServer((request, response) => {
    const query = new URL(request.url ?? "/", "http://loopback").searchParams;
    seen.push(query);
    response.writeHead(200, { "content-type": "application/json" });
    response.end(answer(query));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
});

const client = () => createDashlyClient({ token: "pages-token", baseUrl, rateLimit: false, retry: false });
const page = (ids: string[], meta: string) =>
  `{"meta":{"status":200${meta}},"data":[${ids.map((id) => `{"id":"${id}","created":1}`).join(",")}]}`;
/** The cursors the client sent, as the server read them. */
const sentPositions = () =>
  seen.map((query) => [query.get("paginate_position"), query.get("paginate_direction")]);

// Printed back from doubles, these would read 1684739969.358085 and 1160406004324630500.
const first = "[1684739969.3580850, 1160406004324630614]";
const second = '[1684739900.1000000,"1160406004324630001"]';

describe("v2 position pagination", () => {
  it("sends each position back exactly as written, with its direction, and stops when none is left", async () => {
    answer = (query) => {
      const position = query.get("paginate_position");
      if (position === null) return page(["5", "4"], `,"next_before_position":${first}`);
      if (position === first)
        return page(["3", "2"], `,"next_before_position":${second},"next_after_position":null`);
      return page(["1"], `,"next_before_position":null`);
    };
    const events = await client()
      .paginate("/users/{id}/events", { params: { path: { id: "7" } } })
      .toArray({ limit: 50 });
    expect(events.map((event) => event.id)).toEqual(["5", "4", "3", "2", "1"]);
    expect(sentPositions()).toEqual([
      [null, null],
      [first, "before"],
      [second, "before"],
    ]);
  });

  it("follows the direction the caller asked for", async () => {
    answer = (query) =>
      query.get("paginate_position") === null
        ? page(["1", "2"], `,"next_before_position":[1],"next_after_position":[2]`)
        : page(["3"], `,"next_after_position":null,"next_before_position":[0]`);
    const query = { paginate_direction: "after", paginate_page_order: "asc" } as const;
    const events = await client()
      .paginate("/users/{id}/events", { params: { path: { id: "7" }, query } })
      .toArray({ limit: 50 });
    expect(events.map((event) => event.id)).toEqual(["1", "2", "3"]);
    expect(sentPositions()).toEqual([
      [null, "after"],
      ["[2]", "after"],
    ]);
    expect(seen.every((sent) => sent.get("paginate_page_order") === "asc")).toBe(true);
  });

  it("stops when the position does not move, instead of looping forever", async () => {
    answer = () => page(["1"], `,"next_before_position":[7]`);
    const events = await client()
      .paginate("/users/{id}/events", { params: { path: { id: "7" } } })
      .toArray({ limit: 50 });
    expect(events).toHaveLength(2);
    expect(seen).toHaveLength(2);
  });
});

describe("pages(): progress and resuming a long job", () => {
  it("gives each page with its number and the cursor to resume from; from(next) resumes there", async () => {
    answer = (query) => {
      const position = query.get("paginate_position");
      if (position === null) return page(["5", "4"], `,"next_before_position":${first}`);
      if (position === first) return page(["3", "2"], `,"next_before_position":${second}`);
      return page(["1"], `,"next_before_position":null`);
    };
    const paginator = client().paginate("/users/{id}/events", { params: { path: { id: "7" } } });
    const pages: Array<Omit<Page<unknown>, "items"> & { ids: string[] }> = [];
    for await (const { items, ...rest } of paginator.pages()) {
      pages.push({ ...rest, ids: items.map((item) => item.id) });
      break; // the job stops after one page, saving `next`
    }
    expect(pages).toEqual([{ ids: ["5", "4"], cursor: null, next: `position:before:${first}`, number: 1 }]);

    seen = [];
    const saved = pages[0]?.next as string;
    const rest: Array<{ ids: string[]; cursor: string | null; next: string | null; number: number }> = [];
    for await (const { items, ...where } of paginator.from(saved).pages())
      rest.push({ ...where, ids: items.map((item) => item.id) });
    expect(rest).toEqual([
      { ids: ["3", "2"], cursor: saved, next: `position:before:${second}`, number: 1 },
      { ids: ["1"], cursor: `position:before:${second}`, next: null, number: 2 },
    ]);
    expect(sentPositions()).toEqual([
      [first, "before"],
      [second, "before"],
    ]);
  });

  it("v1 cursors resume exactly too, and offset pages give offsets", async () => {
    answer = (query) =>
      query.get("after") === null
        ? page(["2"], `,"next_after":1447339319.9009660`)
        : page(["1"], `,"next_after":null`);
    const paginator = client().paginate("/users/{id}/conversations", { params: { path: { id: "7" } } });
    const nexts: Array<string | null> = [];
    for await (const { next } of paginator.pages()) nexts.push(next);
    expect(nexts).toEqual(["after:1447339319.9009660", null]);
    seen = [];
    const resumed = await paginator.from("after:1447339319.9009660").toArray({ limit: 10 });
    expect(resumed.map((item) => item.id)).toEqual(["1"]);
    expect(seen.map((query) => query.get("after"))).toEqual(["1447339319.9009660"]);

    answer = (query) =>
      `{"meta":{"status":200},"data":{"users":[${query.get("offset") === "0" ? '{"id":"1"},{"id":"2"}' : '{"id":"3"}'}]}}`;
    const users: Array<string | null> = [];
    for await (const { next } of client()
      .paginate("/apps/{id}/users", { params: { path: { id: "$self_app" }, query: { limit: 2 } } })
      .pages())
      users.push(next);
    expect(users).toEqual(["offset:2", null]);
  });

  it("from() refuses what is not a page's cursor", () => {
    const paginator = client().paginate("/users/{id}/events", { params: { path: { id: "7" } } });
    expect(() => paginator.from("1447339319.9")).toThrow(TypeError);
    expect(() => paginator.from("offset:40")).toThrow(TypeError);
    const users = client().paginate("/apps/{id}/users", { params: { path: { id: "$self_app" } } });
    expect(() => users.from("after:7936756")).toThrow(TypeError);
  });
});
