import { describe, expect, it } from "vitest";
import { call, testSandbox } from "./support/sandbox.ts";

/** The raw JSON text of a position in an answer (IDs as bare numbers keep every digit there). */
const positionText = (text: string, name: string) =>
  new RegExp(`"${name}":(\\[[^\\]]*\\]|null)`).exec(text)?.[1];

describe("v2 pagination (paginate_*), which a /v1 client may follow", () => {
  it("pages parts before a position and back after it, 64-bit IDs in the positions kept exact", async () => {
    const sandbox = await testSandbox();
    const { conversationId } = sandbox.startChat();
    for (let index = 1; index <= 5; index++) sandbox.leadSays(conversationId, `m${index}`);
    const bodies = (json: { data: unknown }) =>
      (json.data as Array<{ body: string }>).map((part) => part.body);
    const base = `/v1/conversations/${conversationId}/parts?auth_token=sandbox-token&paginate_count=2`;

    const first = await call(sandbox, base);
    expect(bodies(first.json)).toEqual(["m5", "m4"]);
    expect(positionText(first.text, "next_after_position")).toBe("null");
    const before = positionText(first.text, "next_before_position") as string;
    expect(before).toMatch(/^\[\d{19}\]$/);

    const second = await call(
      sandbox,
      `${base}&paginate_position=${encodeURIComponent(before)}&paginate_direction=before`,
    );
    expect(bodies(second.json)).toEqual(["m3", "m2"]);
    const after = positionText(second.text, "next_after_position") as string;
    const back = await call(
      sandbox,
      `${base}&paginate_position=${encodeURIComponent(after)}&paginate_direction=after`,
    );
    expect(bodies(back.json)).toEqual(["m5", "m4"]);
    const ascending = await call(
      sandbox,
      `${base}&paginate_position=${encodeURIComponent(before)}&paginate_page_order=asc&paginate_including=true`,
    );
    expect(bodies(ascending.json)).toEqual(["m3", "m4"]);
  });

  it("pages conversations by [timestamp, id] to the end", async () => {
    const sandbox = await testSandbox();
    const made: string[] = [];
    for (let index = 0; index < 3; index++) {
      const { conversationId } = sandbox.startChat();
      sandbox.leadSays(conversationId, "hi");
      made.push(conversationId);
    }
    const seen: string[] = [];
    let position: unknown;
    do {
      const query =
        position === undefined ? "" : `&paginate_position=${encodeURIComponent(JSON.stringify(position))}`;
      const page = await call(
        sandbox,
        `/v1/apps/$self_app/conversations?auth_token=sandbox-token&id_as_string=1&paginate_count=2${query}`,
      );
      seen.push(...(page.json.data as Array<{ id: string }>).map((one) => one.id));
      position = page.json.meta.next_before_position ?? undefined;
      if (position !== undefined) expect(position).toEqual([expect.any(Number), expect.any(String)]);
    } while (position !== undefined);
    expect(seen).toEqual([...made].reverse());
  });
});
