import { describe, expect, it } from "vitest";
import {
  applyWireRules,
  type CanonicalRequest,
  createWireRules,
  dashlyError,
  errorFieldsOf,
  readBoolean,
  type WireRefusal,
  type WireRequest,
} from "../src/wire/index.ts";

const form = { "content-type": "application/x-www-form-urlencoded" };
const json = { "content-type": "application/json" };
const operations = JSON.stringify([{ op: "add", key: "orders", value: 1 }]);

async function canonical(request: WireRequest): Promise<CanonicalRequest> {
  const outcome = await applyWireRules(request);
  if (!outcome.ok) throw new Error(`refused: ${JSON.stringify(outcome.refusal.envelope)}`);
  return outcome.request;
}

async function refusal(request: WireRequest): Promise<WireRefusal> {
  const outcome = await applyWireRules(request);
  if (outcome.ok) throw new Error(`accepted as ${outcome.request.operationId}`);
  return outcome.refusal;
}

const bodyText = (request: CanonicalRequest) =>
  request.body ? new TextDecoder().decode(request.body.bytes) : undefined;

describe("paths", () => {
  it("accepts a trailing slash and finds the operation and its decoded path parameters", async () => {
    const request = await canonical({
      method: "get",
      path: "/apps/%24self_app/users/",
      query: "auth_token=t",
    });
    expect(request).toMatchObject({
      method: "GET",
      path: "/apps/%24self_app/users",
      operationId: "listAppUsers",
      template: "/apps/{id}/users",
      pathParams: { id: "$self_app" },
    });
  });

  it("refuses an unknown path with 404 Error404 and a wrong method with 405 MethodNotAllowed", async () => {
    const unknown = await refusal({ method: "GET", path: "/users/1/nothing", query: "auth_token=t" });
    expect(unknown.status).toBe(404);
    expect(unknown.envelope).toEqual(dashlyError(404, "Error404", "API method does not exist"));
    expect(unknown.violations[0]?.message).toMatch(
      /No operation of the spec has the path \/users\/1\/nothing/,
    );

    const wrongMethod = await refusal({
      method: "PUT",
      path: "/conversations/1/tag/",
      query: "auth_token=t",
    });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.envelope.meta.error).toBe("MethodNotAllowed");
    expect(wrongMethod.violations[0]?.message).toBe("/conversations/1/tag takes POST, DELETE, not PUT");
  });
});

describe("where arguments travel", () => {
  it("moves a POST's arguments from the query into the form the spec declares, with an empty or {} body", async () => {
    for (const body of [undefined, "", "{}"]) {
      const request = await canonical({
        method: "POST",
        path: "/users/85648207/props/",
        query: `auth_token=t&id_as_string=true&operations=${encodeURIComponent(operations)}`,
        headers: body === "{}" ? json : {},
        ...(body !== undefined && { body }),
      });
      expect(request.query.toString()).toBe("auth_token=t&id_as_string=true");
      expect(request.body?.mediaType).toBe("application/x-www-form-urlencoded");
      expect(new URLSearchParams(bodyText(request)).get("operations")).toBe(operations);
      expect(request.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
      expect(request.headers.get("content-length")).toBe(String(request.body?.bytes.length));
    }
  });

  it("reads a JSON object body: strings as sent, arrays and objects JSON-encoded, null as not sent", async () => {
    const request = await canonical({
      method: "POST",
      path: "/users/85648207/events",
      headers: json,
      body: JSON.stringify({ auth_token: "t", event: "Paid", params: { items: 3 }, created: null }),
    });
    expect(request.query.toString()).toBe("auth_token=t");
    expect(request.body?.fields).toEqual([
      ["event", "Paid"],
      ["params", '{"items":3}'],
    ]);
    expect(request.token).toBe("t");
  });

  it("moves a query-only argument out of a form body, and leaves one the spec takes in both where it was", async () => {
    const request = await canonical({
      method: "POST",
      path: "/conversations/1/close",
      headers: form,
      body: new URLSearchParams({
        auth_token: "t",
        id_as_string: "1",
        from_admin: "default_admin",
      }).toString(),
    });
    expect(Object.fromEntries(request.query)).toEqual({ auth_token: "t" });
    expect(request.body?.fields).toEqual([
      ["id_as_string", "1"],
      ["from_admin", "default_admin"],
    ]);
  });

  it("keeps a multipart body multipart, file included", async () => {
    const upload = new FormData();
    upload.append("body", "see attached");
    upload.append("from_admin", "default_admin");
    upload.append("attachment", new File(["%PDF"], "invoice.pdf", { type: "application/pdf" }));
    const encoded = new Response(upload);
    const request = await canonical({
      method: "POST",
      path: "/conversations/7/reply",
      query: "auth_token=t",
      headers: { "content-type": encoded.headers.get("content-type") ?? "" },
      body: new Uint8Array(await encoded.arrayBuffer()),
    });
    expect(request.body?.mediaType).toBe("multipart/form-data");
    expect(request.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
    const reread = await new Response(request.body?.bytes, {
      headers: { "content-type": request.headers.get("content-type") ?? "" },
    }).formData();
    expect(reread.get("body")).toBe("see attached");
    const file = reread.get("attachment") as File;
    expect([file.name, await file.text()]).toEqual(["invoice.pdf", "%PDF"]);
  });

  it("puts a GET's body arguments in the query, and sends no body", async () => {
    const request = await canonical({
      method: "GET",
      path: "/apps/3/conversations/",
      headers: form,
      body: "auth_token=t&count=5",
    });
    expect(request.query.toString()).toBe("auth_token=t&count=5");
    expect(request.body).toBeUndefined();
    expect(request.headers.has("content-type")).toBe(false);
  });

  it("refuses the same argument sent in the query and the body with different values, naming it", async () => {
    const refused = await refusal({
      method: "POST",
      path: "/users/1/props",
      query: "auth_token=t&by_user_id=false",
      headers: form,
      body: new URLSearchParams({ by_user_id: "true", operations }).toString(),
    });
    expect(refused.status).toBe(400);
    expect(refused.envelope.meta.error).toBe("ValidationError");
    expect(Object.keys(refused.envelope.meta.error_fields ?? {})).toEqual(["by_user_id"]);
    expect(refused.envelope.meta.error_message).toMatch(
      /by_user_id: by_user_id is sent in both the query and the body/,
    );
  });

  it("takes the same argument twice when both say the same, as Dashly reads it", async () => {
    const request = await canonical({
      method: "POST",
      path: "/users/1/props",
      query: "auth_token=t&by_user_id=1",
      headers: form,
      body: new URLSearchParams({ by_user_id: "TRUE", operations }).toString(),
    });
    expect(request.query.getAll("by_user_id")).toEqual(["1"]);
    expect(request.body?.fields).toEqual([["operations", operations]]);
  });
});

describe("the API key", () => {
  it("is read from auth_token anywhere, or from Authorization: Token or Bearer", async () => {
    const fromForm = await canonical({
      method: "POST",
      path: "/conversations/1/markread",
      headers: form,
      body: "auth_token=k1",
    });
    expect([fromForm.token, fromForm.query.get("auth_token")]).toEqual(["k1", "k1"]);
    for (const header of ["Token k2", "bearer k2"]) {
      const request = await canonical({
        method: "GET",
        path: "/users/1",
        headers: { authorization: header },
      });
      expect(request.token).toBe("k2");
    }
  });

  it("is required: none, an empty one, or an Authorization of another scheme, is 401 NotAuthenticated", async () => {
    for (const [query, headers] of [
      ["", {}],
      ["auth_token=", {}],
      ["", { authorization: "Basic a2V5Og==" }],
    ] as const) {
      const refused = await refusal({ method: "GET", path: "/users/1", query, headers });
      expect(refused.status).toBe(401);
      expect(refused.envelope.meta.error).toBe("NotAuthenticated");
    }
  });
});

describe("booleans", () => {
  it("reads false, 0 and empty, in any case, as false; anything else as true", () => {
    expect(["false", "FALSE", "False", "0", ""].map(readBoolean)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(["true", "True", "1", "yes", "no"].map(readBoolean)).toEqual([true, true, true, true, true]);
  });

  it("leaves a boolean as sent where the spec takes Dashly's spellings, for the spec to judge (typos included)", async () => {
    const request = await canonical({
      method: "GET",
      path: "/apps/3/conversations",
      query: "auth_token=t&id_as_string=True&closed=0&include_user=&include_not_assigned=flase",
    });
    expect(Object.fromEntries(request.query)).toMatchObject({
      id_as_string: "True",
      closed: "0",
      include_user: "",
      include_not_assigned: "flase",
    });
  });

  it("writes a boolean as true/false where the spec takes only those, JSON booleans included", async () => {
    const rules = createWireRules({
      paths: {
        "/things": {
          post: {
            parameters: [{ name: "dry", in: "query", schema: { type: "boolean" } }],
            requestBody: {
              content: {
                [form["content-type"]]: {
                  schema: { properties: { loud: { type: ["boolean", "null"] }, note: {} } },
                },
              },
            },
          },
        },
      },
    });
    const outcome = await rules({
      method: "POST",
      path: "/things",
      query: "dry=FALSE",
      headers: json,
      body: JSON.stringify({ loud: "Yes", note: "0" }),
    });
    expect(outcome.ok && outcome.request.query.toString()).toBe("dry=false");
    expect(outcome.ok && outcome.request.body?.fields).toEqual([
      ["loud", "true"],
      ["note", "0"],
    ]);
  });
});

describe("bodies it cannot read", () => {
  it("refuses malformed JSON, a JSON body that is not an object, and an unknown content type with 400 BadRequest", async () => {
    const cases: Array<[string, string, RegExp]> = [
      ["application/json", "{operations:", /not valid JSON/],
      ["application/json", "[1, 2]", /must be an object/],
      ["text/plain", "operations=[]", /text\/plain is not read/],
    ];
    for (const [contentType, body, reason] of cases) {
      const refused = await refusal({
        method: "POST",
        path: "/users/1/props",
        query: "auth_token=t",
        headers: { "content-type": contentType },
        body,
      });
      expect([refused.status, refused.envelope.meta.error]).toEqual([400, "BadRequest"]);
      expect(refused.envelope.meta.error_message).toMatch(reason);
    }
  });
});

describe("rules from another spec", () => {
  it("are derived from the document given, not from a list kept by hand", async () => {
    const rules = createWireRules({
      openapi: "3.1.0",
      paths: {
        "/things/{id}": {
          post: {
            operationId: "touchThing",
            parameters: [{ name: "dry", in: "query", schema: { type: "boolean" } }],
            requestBody: {
              content: {
                "application/x-www-form-urlencoded": { schema: { $ref: "#/components/schemas/Touch" } },
              },
            },
          },
        },
      },
      components: { schemas: { Touch: { type: "object", properties: { note: { type: "string" } } } } },
    });
    const outcome = await rules({
      method: "POST",
      path: "/things/9/",
      query: "note=hi",
      headers: form,
      body: "dry=0",
    });
    expect(
      outcome.ok && [
        outcome.request.operationId,
        outcome.request.query.toString(),
        outcome.request.body?.fields,
      ],
    ).toEqual(["touchThing", "dry=false", [["note", "hi"]]]);
  });
});

describe("a spec that declares a JSON body", () => {
  it("sends the canonical body as JSON, arguments from the query included", async () => {
    const rules = createWireRules({
      paths: {
        "/notes": {
          post: {
            requestBody: {
              content: {
                "application/json": { schema: { properties: { text: {}, pinned: { type: "boolean" } } } },
              },
            },
          },
        },
      },
    });
    const outcome = await rules({
      method: "POST",
      path: "/notes/",
      query: "pinned=0",
      headers: json,
      body: '{"text":"hi"}',
    });
    expect(outcome.ok && outcome.request.body?.contentType).toBe("application/json");
    expect(outcome.ok && JSON.parse(new TextDecoder().decode(outcome.request.body?.bytes))).toEqual({
      pinned: "false",
      text: "hi",
    });
  });
});

describe("error_fields from violations", () => {
  it("names the argument of each violation, and keeps the others under non_field_errors", () => {
    const at = (location: string[], message: string) => ({
      location,
      severity: "Error" as const,
      code: "x",
      message,
    });
    expect(
      errorFieldsOf([
        at(["request", "query", "count"], "Request query parameter count must be <= 50"),
        at(["request", "body", "operations", "0", "op"], "must be equal to one of the allowed values"),
        at(["request", "body"], "Request body must have required property 'operations'"),
        at(["request"], "Body parameter is required"),
      ]),
    ).toEqual({
      count: ["Request query parameter count must be <= 50"],
      operations: [
        "must be equal to one of the allowed values",
        "Request body must have required property 'operations'",
      ],
      non_field_errors: ["Body parameter is required"],
    });
  });
});
