import { ContractViolationError, prefer, strictFetch } from "@dashly/mock";
import type {} from "@dashly/mock/vitest";
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  createDashlyClient,
  type DashlyClient,
  DashlyError,
  DashlyLookupError,
  DashlyNotAuthenticatedError,
  DashlyTooManyRequestsError,
} from "../src/index.ts";

// Every call goes to Prism serving the spec, through strictFetch: a request that breaks the spec throws
// ContractViolationError with Prism's reasons and fails the test.
let dashly: DashlyClient;
beforeAll(() => {
  dashly = createDashlyClient({
    token: "contract-token",
    baseUrl: inject("dashlyMockUrl"),
    fetch: strictFetch(),
    retry: false,
  });
});

const conversation = { path: { id: "1160406004324630614" } };
const user = { path: { id: "85648207" } };

describe("every operation through the client, validated by the mock", () => {
  it("GET /apps/{id}/activeusers", async () => {
    const { data } = await dashly.GET("/apps/{id}/activeusers", {
      params: { path: { id: "$self_app" }, query: { include_props: true } },
    });
    expect(data[0]?.presence).toBe("online");
  });

  it("GET /apps/{id}/users", async () => {
    const { data } = await dashly.GET("/apps/{id}/users", {
      params: {
        path: { id: "$self_app" },
        query: {
          filters: {
            type: "and",
            filters: [{ type: "daysless", property_name: "$last_seen", value: { value: 30, unit: "days" } }],
          },
          sort_prop: "$last_seen",
          sort_order: "asc",
          offset: 0,
          limit: 50,
        },
      },
    });
    expect(data.users[0]?.id).toBe("1448121617782670208");
  });

  it("GET /apps/{id}/conversations", async () => {
    const { data, meta } = await dashly.GET("/apps/{id}/conversations", {
      params: {
        path: { id: "3" },
        query: { tags: ["sales", "en"], closed: false, assigned: "0", include_not_assigned: true, count: 50 },
      },
    });
    expect(meta.next_after).toBe("1684739969.358085");
    expect(data[0]?.tags).toEqual(["sales", "en"]);
  });

  it("GET /apps/{id}/channels", async () => {
    const { data } = await dashly.GET("/apps/{id}/channels", { params: { path: { id: "$self_app" } } });
    expect(data.map((channel) => channel.type)).toEqual(["manual", "telegram"]);
  });

  it("GET /conversations/{id}", async () => {
    const { data } = await dashly.GET("/conversations/{id}", { params: conversation });
    expect(data.id).toBe("7100586");
  });

  it("GET /conversations/{id}/parts, paginated", async () => {
    const parts = await dashly
      .paginate("/conversations/{id}/parts", { params: { ...conversation, query: { count: 2 } } })
      .toArray({ limit: 2 });
    expect(parts.map((part) => part.type)).toEqual(["reply_admin", "reply_user"]);
  });

  it("POST /conversations/{id}/reply", async () => {
    const { data } = await dashly.POST("/conversations/{id}/reply", {
      params: conversation,
      body: {
        body: "Hey, great!",
        from_admin: "default_admin",
        random_id: 132466821,
        body_json: { source: "bot" },
      },
    });
    expect(data.id).toBe("1160406004324630614");
  });

  it("POST /conversations/{id}/reply with an attachment (multipart)", async () => {
    const { data } = await dashly.POST("/conversations/{id}/reply", {
      params: conversation,
      body: {
        attachment: new Blob(["hello"], { type: "text/plain" }),
        attachment_file_name: "hello.txt",
        from_admin: "24601",
      },
    });
    expect(data.part_group).toBe("1160406004324630600");
  });

  it("POST /conversations/{id}/markread", async () => {
    expect((await dashly.POST("/conversations/{id}/markread", { params: conversation })).data).toEqual({});
  });

  it("POST /conversations/{id}/settyping", async () => {
    const { data } = await dashly.POST("/conversations/{id}/settyping", {
      params: conversation,
      body: { body: "Let me", from_admin: "default_admin" },
    });
    expect(data).toEqual({});
  });

  it("POST /conversations/{id}/assign", async () => {
    const { data } = await dashly.POST("/conversations/{id}/assign", {
      params: conversation,
      body: { admin: "24601", from_admin: "default_admin" },
    });
    expect(data.id).toBe("1160406004324630614");
  });

  it("POST and DELETE /conversations/{id}/tag", async () => {
    await dashly.POST("/conversations/{id}/tag", {
      params: conversation,
      body: { tag: "sales", from_admin: "default_admin" },
    });
    const { data } = await dashly.DELETE("/conversations/{id}/tag", {
      params: conversation,
      body: { tag: "sales" },
    });
    expect(data.part_group).toBe("1160406004324630600");
  });

  it("POST /conversations/{id}/close", async () => {
    const { data } = await dashly.POST("/conversations/{id}/close", {
      params: conversation,
      body: { from_admin: "default_admin", random_id: 7 },
    });
    expect(data.id).toBe("1160406004324630614");
  });

  it("GET /users/{id}", async () => {
    const { data } = await dashly.GET("/users/{id}", {
      params: { path: { id: "27384" }, query: { by_user_id: true, props_custom: true, segments: true } },
    });
    expect(data.id).toBe("1448121617782670208");
    expect(data.props_custom).toEqual({ plan: "pro" });
  });

  it("GET /users/{id}/events, paginated", async () => {
    const events = await dashly
      .paginate("/users/{id}/events", { params: { ...user, query: { filter_name: "Added to cart" } } })
      .toArray({ limit: 1 });
    expect(events[0]?.type.name).toBe("Added to cart");
  });

  it("GET /users/{id}/events with a v2 position, sent back as the paginator sends it (raw JSON text)", async () => {
    // The exact text of an answer's `meta.next_before_position`, 64-bit ID and float timestamp untouched.
    const position = "[1684739969.3580850, 1160406004324630614]";
    const { data } = await dashly.GET("/users/{id}/events", {
      params: {
        path: user.path,
        query: { paginate_position: position as never, paginate_direction: "before" },
      },
    });
    expect(Array.isArray(data)).toBe(true);
  });

  it("GET /users/{id}/conversations", async () => {
    const { meta } = await dashly.GET("/users/{id}/conversations", {
      params: { ...user, query: { with_user_replies_only: true } },
    });
    expect(meta.next_after).toBe("1447339319.900966");
  });

  it("POST /users/{id}/events", async () => {
    const { data } = await dashly.POST("/users/{id}/events", {
      params: user,
      body: {
        event: "Added to cart",
        params: { items: 3, coupon: "SPRING", sizes: ["M", "L"] },
        created: 1684923942.123456,
      },
    });
    expect(data.id).toBe("1160406004324630614");
  });

  it("POST /users/{id}/props", async () => {
    const { meta } = await dashly.POST("/users/{id}/props", {
      params: { path: { id: "27384" }, query: { by_user_id: true } },
      body: {
        operations: [
          { op: "update_or_create", key: "$email", value: "alex@example.com" },
          { op: "add", key: "orders", value: 1 },
          { op: "delete", key: "coupon" },
        ],
      },
    });
    expect(meta.affected_props).toEqual(["$email", "orders"]);
  });

  it("POST /users/{id}/setpresence", async () => {
    const { data } = await dashly.POST("/users/{id}/setpresence", {
      params: user,
      body: {
        presence: "online",
        session: "5d41402abc4b2a76b9719d911017c592",
        current_url: "https://example.com/",
      },
    });
    expect(data).toEqual({});
  });

  it("POST /users/{id}/sendmessage", async () => {
    const { data } = await dashly.POST("/users/{id}/sendmessage", {
      params: user,
      body: { body: "Hi!", type: "popup_small" },
    });
    expect(data.conversation).toBe("1160406004324630614");
  });

  it("POST /users/{id}/startconversation", async () => {
    const { data } = await dashly.POST("/users/{id}/startconversation", {
      params: user,
      body: { body: "Hello, how are you" },
    });
    expect(data.id).toBe("1856194");
  });
});

describe("error paths, as documented", () => {
  it("a 429 becomes DashlyTooManyRequestsError with the server's Retry-After", async () => {
    // Its own token: the 429's `Retry-After: 30` pauses the token's budget for 30 s, as it should.
    const refused = createDashlyClient({
      token: "contract-429-token",
      baseUrl: inject("dashlyMockUrl"),
      fetch: strictFetch(),
      retry: false,
    });
    const error = await refused
      .GET("/users/{id}", { params: user, headers: prefer({ code: 429 }) })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DashlyTooManyRequestsError);
    expect((error as DashlyTooManyRequestsError).retryAfter).toBe(30);
  });

  it("a LookupError example becomes DashlyLookupError", async () => {
    const error = await dashly
      .GET("/users/{id}/events", {
        params: { path: { id: "nobody" }, query: { by_user_id: true } },
        headers: prefer({ code: 400, example: "lookup" }),
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DashlyLookupError);
  });

  it("a bad token becomes DashlyNotAuthenticatedError", async () => {
    const anonymous = createDashlyClient({
      token: "t",
      auth: "header",
      baseUrl: inject("dashlyMockUrl"),
      retry: false,
    });
    const error = await anonymous
      .GET("/users/{id}", { params: user, headers: { Authorization: null } as never })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DashlyNotAuthenticatedError);
  });

  it("a request that breaks the spec reaches the caller as ContractViolationError, sent once, not retried", async () => {
    let sent = 0;
    const strict = strictFetch();
    const counted = createDashlyClient({
      token: "contract-violation-token",
      baseUrl: inject("dashlyMockUrl"),
      fetch: (input, init) => {
        sent++;
        return strict(input, init);
      },
      // Retries on, as by default: a violation is no network failure, so none may follow.
      retry: { retries: 3, retryUnsafe: true },
    });
    const bogus = [{ op: "bogus", key: "orders", value: 1 }];
    const error = await counted
      .POST("/users/{id}/props", { params: user, body: { operations: bogus as never } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContractViolationError);
    expect(error).not.toBeInstanceOf(DashlyError);
    expect(sent).toBe(1);
  });
});
