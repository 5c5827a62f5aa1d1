/**
 * Every operation of the spec, requested the way Dashly clients in the wild and the docs' own examples send
 * them (reference §2.2 and §7): a trailing slash on every path, `$self_app` sent as `%24self_app`, a POST's
 * arguments in the query with an empty or `{}` body, a JSON body, `id_as_string=true`/`1`,
 * `Authorization: Token`, `auth_token` and `by_user_id` as form fields. Dashly takes all of these; so must
 * the mock. Then the same requests broken: each gets 400 with the real reason in `meta.error_fields`.
 */
import { describe, expect, inject, it } from "vitest";
import { readViolations } from "../src/index.ts";
import type {} from "../src/vitest.ts";

const base = inject("dashlyMockUrl");
const form = { "content-type": "application/x-www-form-urlencoded" };
const json = { "content-type": "application/json" };
const operations = JSON.stringify([{ op: "update_or_create", key: "$email", value: "alex@example.com" }]);

interface WildRequest {
  name: string;
  method: string;
  /** Path and query as the client sends them. */
  url: string;
  headers?: Record<string, string>;
  body?: string | FormData;
}

/** A query string from arguments, the way the mds client builds it (everything in the query). */
const q = (fields: Record<string, string>) => `?${new URLSearchParams(fields)}`;

const startConversationUpload = () => {
  const upload = new FormData();
  upload.append("auth_token", "t");
  upload.append("body", "Hi, here is my invoice");
  upload.append("file", new File(["%PDF-1.4"], "invoice.pdf", { type: "application/pdf" }));
  upload.append("filename", "invoice.pdf");
  return upload;
};

const wild: WildRequest[] = [
  {
    name: "listActiveUsers",
    method: "GET",
    url: "/apps/%24self_app/activeusers/?auth_token=t&id_as_string=true",
  },
  {
    name: "listAppUsers",
    method: "GET",
    url: "/apps/%24self_app/users/?auth_token=t&offset=0&limit=20&id_as_string=1",
  },
  {
    name: "listAppConversations",
    method: "GET",
    url: "/apps/%24self_app/conversations/?count=20&closed=False&id_as_string=true",
    headers: { authorization: "Token t" },
  },
  {
    name: "listAppChannels",
    method: "GET",
    url: "/apps/$self_app/channels/", // unencoded, as the docs' curl examples send it
    headers: { authorization: "Bearer t" },
  },
  { name: "getConversation", method: "GET", url: "/conversations/7100586/?auth_token=t&id_as_string=true" },
  {
    name: "listConversationParts",
    method: "GET",
    url: "/conversations/7100586/parts/?auth_token=t&count=10",
  },
  {
    name: "replyToConversation",
    method: "POST",
    url: `/conversations/7100586/reply/${q({ auth_token: "t", body: "Hey, great!", from_admin: "default_admin", random_id: "132466821", id_as_string: "true" })}`,
  },
  {
    name: "markConversationRead",
    method: "POST",
    url: "/conversations/7100586/markread/?auth_token=t",
    headers: json,
    body: "{}",
  },
  {
    name: "setConversationTyping",
    method: "POST",
    url: "/conversations/7100586/settyping/",
    headers: json,
    body: JSON.stringify({ auth_token: "t", body: "typing...", from_admin: "default_admin" }),
  },
  {
    name: "assignConversation",
    method: "POST",
    url: "/conversations/7100586/assign/",
    headers: form,
    body: new URLSearchParams({ auth_token: "t", from_admin: "default_admin", admin: "24601" }).toString(),
  },
  {
    name: "tagConversation",
    method: "POST",
    url: `/conversations/7100586/tag/${q({ auth_token: "t", tag: "sales", from_admin: "default_admin" })}`,
    headers: json,
    body: "{}",
  },
  {
    name: "untagConversation",
    method: "DELETE",
    url: "/conversations/7100586/tag/?auth_token=t",
    headers: form,
    body: new URLSearchParams({ tag: "sales" }).toString(),
  },
  {
    name: "closeConversation",
    method: "POST",
    url: "/conversations/7100586/close/",
    headers: { ...json, authorization: "Token t" },
    body: JSON.stringify({ from_admin: "default_admin", random_id: 77 }),
  },
  { name: "getUser", method: "GET", url: "/users/85648207/?auth_token=t&id_as_string=true&props=1" },
  {
    name: "listUserEvents",
    method: "GET",
    url: "/users/alex-1/events/?auth_token=t&by_user_id=true&count=5",
  },
  {
    name: "trackUserEvent",
    method: "POST",
    url: "/users/alex-1/events/?auth_token=t",
    headers: form,
    body: new URLSearchParams({
      event: "Paid",
      params: '{"items":3}',
      by_user_id: "true",
      app: "3",
    }).toString(),
  },
  {
    name: "listUserConversations",
    method: "GET",
    url: "/users/85648207/conversations/?auth_token=t&id_as_string=true",
  },
  {
    name: "setUserProps",
    method: "POST",
    url: "/users/alex-1/props/",
    headers: form,
    body: new URLSearchParams({ auth_token: "t", by_user_id: "true", operations }).toString(),
  },
  {
    name: "setUserPresence",
    method: "POST",
    url: `/users/85648207/setpresence/${q({ auth_token: "t", presence: "online" })}`,
  },
  {
    name: "sendUserMessage",
    method: "POST",
    url: `/users/85648207/sendmessage/${q({ auth_token: "t", body: "Your order has shipped", id_as_string: "true" })}`,
    headers: json,
    body: "{}",
  },
  {
    name: "startUserConversation",
    method: "POST",
    url: "/users/85648207/startconversation/",
    body: startConversationUpload(),
  },
];

const send = (request: WildRequest) =>
  fetch(`${base}${request.url}`, {
    method: request.method,
    ...(request.headers && { headers: request.headers }),
    ...(request.body !== undefined && { body: request.body }),
  });

interface Answer {
  meta: { status: number; error?: string; error_message?: string; error_fields?: Record<string, string[]> };
}

describe("requests as existing clients send them", () => {
  it("covers every operation of the spec", async () => {
    const { default: spec } = (await import("@dashly/openapi/openapi.json", { with: { type: "json" } })) as {
      default: { paths: Record<string, Record<string, { operationId?: string }>> };
    };
    const operationIds = Object.values(spec.paths).flatMap((item) =>
      Object.values(item).flatMap((operation) => (operation.operationId ? [operation.operationId] : [])),
    );
    expect(wild.map((request) => request.name).sort()).toEqual(operationIds.sort());
  });

  it.each(wild.map((request) => [request.name, request] as const))(
    "%s is answered 2xx, without violations",
    async (_, request) => {
      const response = await send(request);
      const answer = (await response.json()) as Answer;
      expect([response.status, readViolations(response)], JSON.stringify(answer.meta)).toEqual([
        expect.any(Number),
        [],
      ]);
      expect(response.status).toBeGreaterThanOrEqual(200);
      expect(response.status).toBeLessThan(300);
      expect(answer.meta.status).toBe(response.status);
    },
  );
});

describe("the same requests, broken", () => {
  const broken: Array<[string, WildRequest, string, RegExp]> = [
    [
      "a bogus op in operations sent in the query",
      {
        name: "setUserProps",
        method: "POST",
        url: `/users/85648207/props/${q({ auth_token: "t", operations: JSON.stringify([{ op: "bogus", key: "a", value: 1 }]) })}`,
      },
      "operations",
      /operations\.0\.op must be equal to one of the allowed values/,
    ],
    [
      "count above 50",
      {
        name: "listConversationParts",
        method: "GET",
        url: "/conversations/7100586/parts/?auth_token=t&count=500",
      },
      "count",
      /count must be <= 50/,
    ],
    [
      "malformed JSON in operations, in a JSON body",
      {
        name: "setUserProps",
        method: "POST",
        url: "/users/85648207/props/?auth_token=t",
        headers: json,
        body: JSON.stringify({ operations: "[{op: add}]" }),
      },
      "operations",
      /operations is not valid JSON/,
    ],
    [
      "by_user_id in the query and the form, with different values",
      {
        name: "trackUserEvent",
        method: "POST",
        url: "/users/alex-1/events/?auth_token=t&by_user_id=false",
        headers: form,
        body: new URLSearchParams({ event: "Paid", by_user_id: "true" }).toString(),
      },
      "by_user_id",
      /sent in both the query and the body, with different values/,
    ],
  ];

  it.each(broken)("%s: 400 ValidationError naming the field", async (_, request, field, reason) => {
    const response = await send(request);
    expect(response.status).toBe(400);
    const { meta } = (await response.json()) as Answer;
    expect(meta.error).toBe("ValidationError");
    expect(Object.keys(meta.error_fields ?? {})).toEqual([field]);
    expect(meta.error_fields?.[field]?.join(" ")).toMatch(reason);
    expect(meta.error_message).toMatch(reason);
    expect(readViolations(response).length).toBeGreaterThan(0);
  });
});
