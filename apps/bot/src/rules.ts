import { readFile } from "node:fs/promises";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type YAMLMap } from "yaml";

/** A rule as written in the rules file. */
export interface Rule {
  /** A phrase, matched case-insensitively on word boundaries, its characters taken literally. */
  match?: string;
  /** A regular expression (JavaScript syntax, matched case-insensitively) for advanced rules. */
  regex?: string;
  answer: string;
}

/** A rule ready to test messages: the first one whose `pattern` matches answers. */
export interface CompiledRule {
  pattern: RegExp;
  answer: string;
  /** How the rule reads in logs: its phrase or its regex. */
  label: string;
}

/** The rules file is unusable; `message` names the file, the line and the reason. */
export class RulesError extends Error {
  override name = "RulesError";
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A phrase as a pattern: literal characters, any run of spaces matching any whitespace, case-insensitive,
 * and whole words only. JavaScript's `\b` knows ASCII letters only, so word edges are spelled out with
 * Unicode classes: "привет" is a word as much as "hello" is.
 */
export function phrasePattern(phrase: string): RegExp {
  const body = phrase.trim().split(/\s+/).map(escapeRegExp).join("\\s+");
  return new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, "iu");
}

/** The answer of the first rule matching `message`, or undefined. */
export function findAnswer(rules: readonly CompiledRule[], message: string): CompiledRule | undefined {
  return rules.find((rule) => rule.pattern.test(message));
}

/** Parses and checks rules (a JSON or YAML list); `source` names the file in errors. */
export function compileRules(text: string, source: string): CompiledRule[] {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const lineOf = (offset: number | undefined) => lines.linePos(offset ?? 0).line;
  const firstError = document.errors[0];
  if (firstError) {
    throw new RulesError(
      `${source}:${lineOf(firstError.pos[0])}: not valid JSON or YAML (${firstError.code})`,
    );
  }
  const root = document.contents;
  if (!isSeq(root)) throw new RulesError(`${source}:1: the rules must be a list of {match, answer} entries`);
  if (root.items.length === 0) throw new RulesError(`${source}:1: the list of rules is empty`);
  return root.items.map((item, index) => {
    const where = `${source}:${lineOf(isMap(item) || isScalar(item) ? item.range?.[0] : undefined)}: rule ${index + 1}`;
    if (!isMap(item)) throw new RulesError(`${where} is not an object with match (or regex) and answer`);
    return compileRule(item, where);
  });
}

function compileRule(item: YAMLMap, where: string): CompiledRule {
  const rule = item.toJSON() as Record<string, unknown>;
  const unknown = Object.keys(rule).filter((key) => !["match", "regex", "answer"].includes(key));
  if (unknown.length > 0) throw new RulesError(`${where} has unknown keys: ${unknown.join(", ")}`);
  const { match, regex, answer } = rule;
  if (typeof answer !== "string" || answer.trim() === "")
    throw new RulesError(`${where} needs a non-empty answer`);
  if ((match === undefined) === (regex === undefined)) {
    throw new RulesError(`${where} needs exactly one of match or regex`);
  }
  if (match !== undefined) {
    if (typeof match !== "string" || match.trim() === "")
      throw new RulesError(`${where}: match must be a non-empty text`);
    return { pattern: phrasePattern(match), answer, label: match };
  }
  if (typeof regex !== "string" || regex === "")
    throw new RulesError(`${where}: regex must be a non-empty text`);
  try {
    return { pattern: new RegExp(regex, "iu"), answer, label: `/${regex}/` };
  } catch (error) {
    throw new RulesError(`${where}: regex does not compile (${(error as Error).message})`);
  }
}

/** Reads and compiles the rules file at `path`. */
export async function loadRules(path: string): Promise<CompiledRule[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new RulesError(
      `${path}: cannot read the rules file (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  return compileRules(text, path);
}
