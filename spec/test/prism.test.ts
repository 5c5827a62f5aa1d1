import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningPrism, startPrism } from "./support/prism.ts";
import { type ExampleRequest, exampleRequest, send } from "./support/requests.ts";
import { operations, pointerToken, spec, specYamlPath } from "./support/spec.ts";
import { validateAt } from "./support/validator.ts";

let prism: RunningPrism;
beforeAll(async () => {
  prism = await startPrism(specYamlPath);
});
afterAll(() => prism?.stop());

describe("Prism on the spec, given a valid request of each operation", () => {
  it.each(operations().map((entry) => [`${entry.method.toUpperCase()} ${entry.path}`, entry] as const))(
    "%s answers 200 with a valid envelope",
    async (_name, entry) => {
      const answer = await send(prism.url, exampleRequest(entry));
      expect(answer.violations).toBeNull();
      expect(answer.status).toBe(200);
      const schema = `/paths/${pointerToken(entry.path)}/${entry.method}/responses/200/content/application~1json/schema`;
      expect(validateAt(schema, answer.body)).toEqual([]);
      expect(answer.body.meta.status).toBe(200);
    },
  );
});

/** A valid example request with one thing broken. */
function broken(method: string, path: string, change: (request: ExampleRequest) => void): ExampleRequest {
  const entry = operations().find((candidate) => candidate.method === method && candidate.path === path);
  if (!entry) throw new Error(`no operation ${method} ${path}`);
  const request = exampleRequest(entry);
  change(request);
  return request;
}

const invalidRequests: Array<[string, ExampleRequest, RegExp]> = [
  [
    "an app ID that is neither a number nor $self_app",
    broken("get", "/apps/{id}/channels", (r) => {
      r.path = "/apps/self_app/channels";
    }),
    /path.*id/,
  ],
  [
    "a page size above 50",
    broken("get", "/apps/{id}/conversations", (r) => r.query.set("count", "51")),
    /count must be <= 50/,
  ],
  ["a limit of 0", broken("get", "/apps/{id}/users", (r) => r.query.set("limit", "0")), /limit must be >= 1/],
  [
    "filters of an unknown group type",
    broken("get", "/apps/{id}/users", (r) =>
      r.query.set("filters", '{"type":"xor","filters":[{"type":"known","property_name":"$email"}]}'),
    ),
    /filters\.type must be equal to one of the allowed values/,
  ],
  [
    "filters that are not JSON",
    broken("get", "/apps/{id}/users", (r) => r.query.set("filters", "email=known")),
    /filters is not valid JSON/,
  ],
  [
    "a number filter with a word for a number",
    broken("get", "/apps/{id}/users", (r) =>
      r.query.set(
        "filters",
        '{"type":"and","filters":[{"type":"gt","property_name":"orders","value":{"value":"many"}}]}',
      ),
    ),
    /filters\.filters\.0\.value\.value/,
  ],
  [
    "an unknown sort order",
    broken("get", "/apps/{id}/users", (r) => r.query.set("sort_order", "up")),
    /sort_order/,
  ],
  [
    "a conversation ID with letters",
    broken("get", "/conversations/{id}/parts", (r) => {
      r.path = "/conversations/abc/parts";
    }),
    /path.*id/,
  ],
  [
    "a reply of an unknown type",
    broken("post", "/conversations/{id}/reply", (r) => r.body?.set("type", "shout")),
    /type must be equal to one of the allowed values/,
  ],
  [
    "body_json that is not JSON",
    broken("post", "/conversations/{id}/reply", (r) => r.body?.set("body_json", "{oops")),
    /body_json is not valid JSON/,
  ],
  [
    "an assignment without from_admin",
    broken("post", "/conversations/{id}/assign", (r) => r.body?.delete("from_admin")),
    /from_admin/,
  ],
  [
    "a tag with a comma",
    broken("post", "/conversations/{id}/tag", (r) => r.body?.set("tag", "a,b")),
    /tag must match pattern/,
  ],
  [
    "a tag removal without the tag",
    broken("delete", "/conversations/{id}/tag", (r) => r.body?.delete("tag")),
    /required property 'tag'/,
  ],
  [
    "a property operation with a bogus op",
    broken("post", "/users/{id}/props", (r) =>
      r.body?.set("operations", '[{"op":"bogus","key":"plan","value":"pro"}]'),
    ),
    /operations\.0\.op must be equal to one of the allowed values/,
  ],
  [
    "operations that are not JSON",
    broken("post", "/users/{id}/props", (r) => r.body?.set("operations", "op=add")),
    /operations is not valid JSON/,
  ],
  [
    "an update without a value",
    broken("post", "/users/{id}/props", (r) =>
      r.body?.set("operations", '[{"op":"update_or_create","key":"plan"}]'),
    ),
    /required property 'value'/,
  ],
  [
    "event params that are a list",
    broken("post", "/users/{id}/events", (r) => r.body?.set("params", "[1,2]")),
    /params must be object/,
  ],
  [
    "a presence of away",
    broken("post", "/users/{id}/setpresence", (r) => r.body?.set("presence", "away")),
    /presence must be equal to one of the allowed values/,
  ],
  [
    "a manual message without a body",
    broken("post", "/users/{id}/sendmessage", (r) => r.body?.delete("body")),
    /required property 'body'/,
  ],
  [
    "a reply with neither text nor attachment",
    broken("post", "/conversations/{id}/reply", (r) => r.body?.delete("body")),
    /required property 'body'/,
  ],
  [
    "a boolean spelled wrong (Dashly would read `flase` as true)",
    broken("get", "/users/{id}", (r) => r.query.set("id_as_string", "flase")),
    /id_as_string/,
  ],
  [
    "an unknown v2 paging direction",
    broken("get", "/conversations/{id}/parts", (r) => r.query.set("paginate_direction", "sideways")),
    /paginate_direction/,
  ],
  [
    "a v2 position that is not a JSON array",
    broken("get", "/conversations/{id}/parts", (r) => r.query.set("paginate_position", '{"id":1}')),
    /paginate_position/,
  ],
  [
    "a visitor's conversation with neither text nor file",
    broken("post", "/users/{id}/startconversation", (r) => r.body?.delete("body")),
    /required property 'body'/,
  ],
];

/** Requests written the way the docs' examples and clients in the wild send them. */
const acceptedRequests: Array<[string, ExampleRequest]> = [
  ["`id_as_string=True`", broken("get", "/users/{id}", (r) => r.query.set("id_as_string", "True"))],
  ["`id_as_string=1`", broken("get", "/users/{id}", (r) => r.query.set("id_as_string", "1"))],
  [
    "`closed=0` and `include_not_assigned=FALSE`",
    broken("get", "/apps/{id}/conversations", (r) => {
      r.query.set("closed", "0");
      r.query.set("include_not_assigned", "FALSE");
    }),
  ],
  [
    "`by_user_id` and `app` in the form of a property update (the docs' own example)",
    broken("post", "/users/{id}/props", (r) => {
      r.body?.set("by_user_id", "true");
      r.body?.set("app", "3");
    }),
  ],
  [
    "`by_user_id`, `app` and `id_as_string` in the form of an event",
    broken("post", "/users/{id}/events", (r) => {
      r.body?.set("by_user_id", "1");
      r.body?.set("app", "3");
      r.body?.set("id_as_string", "true");
    }),
  ],
  [
    "`id_as_string` in the form of a conversation action",
    broken("post", "/conversations/{id}/close", (r) => r.body?.set("id_as_string", "true")),
  ],
  [
    "a v2 cursor followed back",
    broken("get", "/conversations/{id}/parts", (r) => {
      r.query.set("paginate_position", '["7936756"]');
      r.query.set("paginate_direction", "before");
      r.query.set("paginate_count", "10");
      r.query.set("paginate_including", "0");
      r.query.set("paginate_page_order", "asc");
    }),
  ],
  [
    "a v2 time position",
    broken("get", "/apps/{id}/conversations", (r) =>
      r.query.set("paginate_position", '[1684739969.358085,"1160406004324630614"]'),
    ),
  ],
];

describe("Prism on the spec, given arguments as Dashly reads them", () => {
  it.each(acceptedRequests)("accepts %s", async (_name, request) => {
    const answer = await send(prism.url, request);
    expect(answer.violations).toBeNull();
    expect(answer.status).toBe(200);
  });
});

describe("Prism on the spec, given a request that breaks it", () => {
  it.each(invalidRequests)(
    "rejects %s with a ValidationError and the reasons",
    async (_name, request, reason) => {
      const answer = await send(prism.url, request);
      expect(answer.status).toBe(400);
      expect(answer.body.meta.error).toBe("ValidationError");
      expect(answer.violations).toMatch(reason);
    },
  );

  it("accepts the filters of the spec's own example, JSON-encoded in the query", async () => {
    const example = spec.paths["/apps/{id}/users"].get.parameters.find(
      (p: { name?: string }) => p.name === "filters",
    ).content["application/json"].examples.recentCustomers.value;
    const request = broken("get", "/apps/{id}/users", (r) => r.query.set("filters", JSON.stringify(example)));
    const answer = await send(prism.url, request);
    expect(answer.violations).toBeNull();
    expect(answer.status).toBe(200);
  });

  it("answers 401 NotAuthenticated without a token, and accepts the Authorization header instead", async () => {
    const request = broken("get", "/users/{id}", (r) => r.query.delete("auth_token"));
    const anonymous = await send(prism.url, request);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.meta.error).toBe("NotAuthenticated");
    const withHeader = await send(prism.url, request, { authorization: "Token test-token" });
    expect(withHeader.status).toBe(200);
  });

  it("gives the documented 429 when a test asks for it", async () => {
    const request = broken("get", "/conversations/{id}", () => {});
    const answer = await send(prism.url, request, { prefer: "code=429" });
    expect(answer.status).toBe(429);
    expect(answer.body.meta).toMatchObject({ status: 429, error: "TooManyRequests" });
  });
});
