import spec from "@dashly/openapi/openapi.json" with { type: "json" };
import { describe, expect, it } from "vitest";
import { WEBHOOK_TYPES } from "../../src/form-fields.ts";
import { freeFormKeys, idKeys } from "../../src/id-keys.ts";
import { parseJsonField } from "../../src/lossless-json.ts";

describe("the ID keys, read from the spec", () => {
  it("are every property a webhook's schemas type with Id", () => {
    expect([...idKeys].sort()).toEqual([
      "app",
      "conversation",
      "from",
      "id",
      "inbound_email",
      "part_group",
      "user",
    ]);
  });

  it("leave alone the app's own data: objects under which the spec declares no ID", () => {
    expect([...freeFormKeys]).toEqual(
      expect.arrayContaining(["props", "props_custom", "props_events", "body_json", "presence_details"]),
    );
    // These hold IDs (an Admin, an EventType, a User, an EmailStatus), so their keys are read as the spec says.
    for (const key of ["assignee", "type", "user", "event", "from", "email_status"])
      expect(freeFormKeys.has(key)).toBe(false);
    expect(
      parseJsonField(
        '{"id":7,"user":8,"props":{"id":9,"user":10},"presence_details":{"id":11},"email_status":{"id":12}}',
      ),
    ).toStrictEqual({
      id: "7",
      user: "8",
      props: { id: 9, user: 10 },
      presence_details: { id: 11 },
      email_status: { id: "12" },
    });
  });

  it("cover every webhook of the spec", () => {
    expect([...WEBHOOK_TYPES].sort()).toEqual(Object.keys(spec.webhooks).sort());
  });
});
