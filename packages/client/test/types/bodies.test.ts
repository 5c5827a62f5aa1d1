import { describe, expectTypeOf, it } from "vitest";
import { createDashlyClient } from "../../src/index.ts";

// Checked by `tsc` (pnpm typecheck): every operation that takes a body types it, so a wrong body does not
// compile. An @ts-expect-error that no longer errors fails the typecheck.
const dashly = createDashlyClient({ token: "t", fetch: (async () => new Response()) as typeof fetch });
const id = { path: { id: "1" } };

describe("the request body of every operation that takes one", () => {
  it("accepts the documented fields and refuses anything else", () => {
    const calls = () => {
      // POST /conversations/{id}/reply
      void dashly.POST("/conversations/{id}/reply", {
        params: id,
        body: { body: "Hi", from_admin: "default_admin" },
      });
      void dashly.POST("/conversations/{id}/reply", { params: id, body: { attachment: new Blob(["x"]) } });
      // @ts-expect-error: a body is an object of form fields, not a number
      void dashly.POST("/conversations/{id}/reply", { params: id, body: 42 });
      // @ts-expect-error: `type` is reply_admin, note or article
      void dashly.POST("/conversations/{id}/reply", { params: id, body: { body: "Hi", type: "shout" } });

      // POST /conversations/{id}/settyping
      void dashly.POST("/conversations/{id}/settyping", {
        params: id,
        body: { body: "Hel", from_admin: "5" },
      });
      // @ts-expect-error: `from_admin` is an ID string or default_admin
      void dashly.POST("/conversations/{id}/settyping", { params: id, body: { from_admin: 5 } });

      // POST /conversations/{id}/assign
      void dashly.POST("/conversations/{id}/assign", {
        params: id,
        body: { admin: "7", from_admin: "default_admin" },
      });
      // @ts-expect-error: `from_admin` is required
      void dashly.POST("/conversations/{id}/assign", { params: id, body: { admin: "7" } });

      // POST and DELETE /conversations/{id}/tag
      void dashly.POST("/conversations/{id}/tag", { params: id, body: { tag: "sales" } });
      // @ts-expect-error: `tag` is required
      void dashly.POST("/conversations/{id}/tag", { params: id, body: { from_admin: "5" } });
      void dashly.DELETE("/conversations/{id}/tag", { params: id, body: { tag: "sales" } });
      // @ts-expect-error: the tag is a string
      void dashly.DELETE("/conversations/{id}/tag", { params: id, body: { tag: ["sales"] } });

      // POST /conversations/{id}/close
      void dashly.POST("/conversations/{id}/close", { params: id, body: { from_admin: "default_admin" } });
      void dashly.POST("/conversations/{id}/close", {
        params: id,
        // @ts-expect-error: `random_id` is a number
        body: { from_admin: "5", random_id: "x" },
      });

      // POST /users/{id}/events
      void dashly.POST("/users/{id}/events", { params: id, body: { event: "Paid", params: { sum: 10 } } });
      // @ts-expect-error: `event` is required
      void dashly.POST("/users/{id}/events", { params: id, body: { params: { sum: 10 } } });

      // POST /users/{id}/props
      void dashly.POST("/users/{id}/props", {
        params: id,
        body: { operations: [{ op: "add", key: "orders", value: 1 }], by_user_id: true },
      });
      // @ts-expect-error: booleans are booleans in the client, even though Dashly reads "1" as true
      void dashly.POST("/users/{id}/props", { params: id, body: { operations: [], by_user_id: "1" } });

      // POST /users/{id}/setpresence
      void dashly.POST("/users/{id}/setpresence", { params: id, body: { presence: "idle" } });
      // @ts-expect-error: presence is online or idle
      void dashly.POST("/users/{id}/setpresence", { params: id, body: { presence: "offline" } });

      // POST /users/{id}/sendmessage
      void dashly.POST("/users/{id}/sendmessage", {
        params: id,
        body: { body: "Hello", type: "popup_small" },
      });
      // @ts-expect-error: `body` is required
      void dashly.POST("/users/{id}/sendmessage", { params: id, body: { type: "popup_small" } });

      // POST /users/{id}/startconversation
      void dashly.POST("/users/{id}/startconversation", { params: id, body: { body: "Hello" } });
      void dashly.POST("/users/{id}/startconversation", {
        params: id,
        body: { file: new Blob(["x"]), filename: "a.png" },
      });
      // @ts-expect-error: a body is an object of form fields, not a string
      void dashly.POST("/users/{id}/startconversation", { params: id, body: "Hello" });
      // @ts-expect-error: the visitor's text is `body`, not `text`
      void dashly.POST("/users/{id}/startconversation", { params: id, body: { text: "Hello" } });
    };
    expectTypeOf(calls).toBeFunction();
  });

  it("types the arguments Dashly reads as booleans as booleans", () => {
    const calls = () => {
      void dashly.GET("/users/{id}", {
        params: { path: { id: "1" }, query: { by_user_id: true, notes: false } },
      });
      // @ts-expect-error: the spec accepts "1", but the client sends real booleans
      void dashly.GET("/users/{id}", { params: { path: { id: "1" }, query: { by_user_id: "1" } } });
    };
    expectTypeOf(calls).toBeFunction();
  });
});
