import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileRules, findAnswer, loadRules, phrasePattern, RulesError } from "../src/rules.ts";

describe("a phrase", () => {
  it("matches whole words whatever the case, with its characters taken literally", () => {
    const hello = phrasePattern("Hello, how are you");
    expect(hello.test("HELLO, HOW ARE YOU?")).toBe(true);
    expect(hello.test("oh hello,  how are\tyou today")).toBe(true);
    expect(hello.test("Hello how are you")).toBe(false);
    const cpp = phrasePattern("C++ (beta)?");
    expect(cpp.test("is c++ (beta)? out")).toBe(true);
    expect(cpp.test("is cc (beta) out")).toBe(false);
    expect(phrasePattern("a.b").test("axb")).toBe(false);
  });

  it("does not match inside a longer word, in any script", () => {
    expect(phrasePattern("hello").test("Othello")).toBe(false);
    expect(phrasePattern("hello").test("hello_world")).toBe(false);
    expect(phrasePattern("привет").test("Привет, как дела?")).toBe(true);
    expect(phrasePattern("привет").test("приветствую")).toBe(false);
    expect(phrasePattern("цена").test("какая ЦЕНА?")).toBe(true);
  });
});

describe("rules", () => {
  const rules = compileRules(
    [
      '- { match: "hello", answer: "Hi!" }',
      '- { regex: "refund(s)?", answer: "Refunds take 5 days." }',
      '- { match: "hello there", answer: "never reached: the first match wins" }',
    ].join("\n"),
    "inline",
  );

  it("answer with the first rule that matches, or nothing", () => {
    expect(findAnswer(rules, "hello there")?.answer).toBe("Hi!");
    expect(findAnswer(rules, "Where is my REFUND")?.answer).toBe("Refunds take 5 days.");
    expect(findAnswer(rules, "thanks")).toBeUndefined();
  });

  it("read JSON as well as YAML", () => {
    const json = compileRules('[{"match": "hours", "answer": "9 to 5"}]', "rules.json");
    expect(findAnswer(json, "Your HOURS?")?.answer).toBe("9 to 5");
  });

  it("of the default file answer the docs' example", async () => {
    const defaults = await loadRules(fileURLToPath(new URL("../rules/default.yaml", import.meta.url)));
    expect(findAnswer(defaults, "Hello, how are you")?.answer).toBe("Hey, great!");
  });
});

describe("a bad rules file", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["not a list", "match: hello\nanswer: hi", /^f:1: the rules must be a list/],
    ["an empty list", "[]", /^f:1: the list of rules is empty/],
    [
      "a rule without answer",
      "- match: hello\n  answer: hi\n- match: bye",
      /^f:3: rule 2 needs a non-empty answer/,
    ],
    [
      "both match and regex",
      "- match: a\n  regex: b\n  answer: c",
      /^f:1: rule 1 needs exactly one of match or regex/,
    ],
    ["an unknown key", "- match: a\n  answr: c", /^f:1: rule 1 has unknown keys: answr/],
    ["a broken regex", '- regex: "(unclosed"\n  answer: c', /^f:1: rule 1: regex does not compile/],
    ["broken YAML", "- match: [a\n  answer: b", /^f:\d+: not valid JSON or YAML/],
    ["a rule that is a text", "- hello", /^f:1: rule 1 is not an object/],
  ];

  it.each(cases)("fails with the line and the reason: %s", (_name, text, reason) => {
    expect(() => compileRules(text, "f")).toThrow(RulesError);
    expect(() => compileRules(text, "f")).toThrow(reason);
  });

  it("that does not exist says so", async () => {
    const missing = join(await mkdtemp(join(tmpdir(), "rules-")), "missing.yaml");
    await expect(loadRules(missing)).rejects.toThrow(/missing\.yaml: cannot read the rules file \(ENOENT\)/);
    const empty = join(await mkdtemp(join(tmpdir(), "rules-")), "empty.json");
    await writeFile(empty, "");
    await expect(loadRules(empty)).rejects.toThrow(RulesError);
  });
});
