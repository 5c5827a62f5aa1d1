import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { deref, operations, spec } from "./support/spec.ts";

const { version: packageVersion } = createRequire(import.meta.url)("../package.json") as { version: string };

/** The methods of the Web API overview, plus the newer `DELETE /conversations/{id}/tag`. */
const documentedMethods = [
  "GET /apps/{id}/activeusers",
  "GET /apps/{id}/users",
  "GET /apps/{id}/conversations",
  "GET /apps/{id}/channels",
  "GET /conversations/{id}",
  "GET /conversations/{id}/parts",
  "POST /conversations/{id}/reply",
  "POST /conversations/{id}/markread",
  "POST /conversations/{id}/settyping",
  "POST /conversations/{id}/assign",
  "POST /conversations/{id}/tag",
  "DELETE /conversations/{id}/tag",
  "POST /conversations/{id}/close",
  "GET /users/{id}",
  "GET /users/{id}/events",
  "GET /users/{id}/conversations",
  "POST /users/{id}/events",
  "POST /users/{id}/props",
  "POST /users/{id}/setpresence",
  "POST /users/{id}/sendmessage",
  "POST /users/{id}/startconversation",
];

const documentedErrors = [
  "MethodNotAllowed",
  "Error404",
  "NotAuthenticated",
  "PermissionDeniedError",
  "TooManyRequests",
  "ValidationError",
  "BadRequest",
  "LookupError",
  "Error500",
  "ReplyTooBig",
  "ConversationTagAlreadyAssigned",
  "ConversationTagIsNotAssigned",
  "AuthenticationFailed",
  "PermissionDenied",
];

const sharedErrorStatuses = ["400", "401", "403", "404", "405", "429", "500"];

describe("the spec's operations", () => {
  const all = operations();

  it("are exactly the documented methods", () => {
    const found = all.map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(found.sort()).toEqual([...documentedMethods].sort());
  });

  it("carry the package's version as the spec's version", () => {
    expect(spec.info.version).toBe(packageVersion);
  });

  it("target the v1 base URL", () => {
    expect(spec.servers).toEqual([expect.objectContaining({ url: "https://api.dashly.app/v1" })]);
  });

  it.each(all.map((entry) => [`${entry.method.toUpperCase()} ${entry.path}`, entry] as const))(
    "%s is described, tagged and lists every shared error",
    (_name, { operation }) => {
      expect(operation.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      expect(operation.summary?.length).toBeGreaterThan(5);
      expect(operation.description?.length).toBeGreaterThan(20);
      expect(operation.tags).toHaveLength(1);
      for (const status of sharedErrorStatuses) {
        const response = deref(operation.responses[status]);
        expect(response, `response ${status}`).toBeDefined();
        expect(response.content["application/json"].schema.$ref).toBe("#/components/schemas/ErrorEnvelope");
      }
      const success = deref(operation.responses["200"]).content["application/json"];
      expect(Object.keys(success.examples ?? {}).length).toBeGreaterThan(0);
    },
  );

  it("have unique operation IDs", () => {
    const ids = all.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("accept `$self_app` as the app ID", () => {
    const appPaths = all.filter(({ path }) => path.startsWith("/apps/"));
    expect(appPaths).toHaveLength(4);
    for (const { pathItem } of appPaths) {
      const id = deref(pathItem.parameters[0]);
      expect(new RegExp(id.schema.pattern).test("$self_app")).toBe(true);
      expect(new RegExp(id.schema.pattern).test("12")).toBe(true);
      expect(new RegExp(id.schema.pattern).test("self_app")).toBe(false);
    }
  });

  it("send POST arguments as a form, with multipart where a file goes", () => {
    const withBody = all.filter(({ operation }) => operation.requestBody);
    expect(withBody).toHaveLength(11); // every POST but markread, and the DELETE of a tag
    for (const { operation } of withBody) {
      expect(Object.keys(operation.requestBody.content)).toContain("application/x-www-form-urlencoded");
    }
    const multipart = withBody
      .filter(({ operation }) => operation.requestBody.content["multipart/form-data"])
      .map(({ path }) => path);
    expect(multipart.sort()).toEqual(["/conversations/{id}/reply", "/users/{id}/startconversation"]);
  });

  it("page with after/count, except users of an app with offset/limit", () => {
    const paged = all
      .filter(({ operation }) =>
        (operation.parameters ?? []).some((parameter: unknown) => deref(parameter).name === "after"),
      )
      .map(({ path }) => path);
    expect(paged.sort()).toEqual([
      "/apps/{id}/conversations",
      "/conversations/{id}/parts",
      "/users/{id}/conversations",
      "/users/{id}/events",
    ]);
    const users = all.find(({ path }) => path === "/apps/{id}/users");
    const names = users?.operation.parameters.map((parameter: unknown) => deref(parameter).name);
    expect(names).toEqual(expect.arrayContaining(["offset", "limit", "filters"]));
    const count = deref({ $ref: "#/components/parameters/Count" }).schema;
    expect([count.minimum, count.maximum, count.default]).toEqual([1, 50, 20]);
  });
});

describe("the description", () => {
  it("states Dashly's wire rules that OpenAPI cannot express, which @dashly/mock applies", () => {
    const rules = spec.info.description.slice(spec.info.description.indexOf("wire rules beyond OpenAPI"));
    expect(rules).toMatch(/query string or in the body \(a form, a\s+multipart form, or a JSON object\)/);
    expect(rules).toMatch(/trailing slash/);
    expect(rules).toMatch(/`auth_token` is accepted wherever an argument is/);
    expect(rules).toMatch(/@dashly\/mock\/wire/);
  });
});

describe("the error envelope", () => {
  it("names every documented error", () => {
    expect([...spec.components.schemas.ErrorName.enum].sort()).toEqual([...documentedErrors].sort());
  });
});

describe("authentication", () => {
  it("takes the auth_token parameter or the Authorization header", () => {
    expect(spec.security).toEqual([{ authToken: [] }, { authHeader: [] }]);
    expect(spec.components.securitySchemes.authToken).toMatchObject({ in: "query", name: "auth_token" });
    expect(spec.components.securitySchemes.authHeader).toMatchObject({ in: "header", name: "Authorization" });
  });
});

describe("webhooks", () => {
  it("describe the chat, event and auto-message deliveries as forms", () => {
    expect(Object.keys(spec.webhooks).sort()).toEqual(["conversation", "event", "message_webhook"]);
    for (const [name, item] of Object.entries<{
      post: {
        requestBody: { content: Record<string, { schema: { properties: { type: { const: string } } } }> };
      };
    }>(spec.webhooks)) {
      const form = item.post.requestBody.content["application/x-www-form-urlencoded"];
      expect(form, name).toBeDefined();
      expect(form?.schema.properties.type.const).toBe(name);
    }
  });
});
