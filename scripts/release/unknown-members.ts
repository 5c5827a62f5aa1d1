/**
 * Lines of generated TypeScript where a type has an `unknown` member: `X | unknown` is `unknown` (any value
 * passes) and `unknown & X` marks a schema the generator could not type. An open index signature
 * (`[key: string]: unknown`, from `additionalProperties: true`) is fine, and so are comments.
 */
const unknownMember = /\|\s*unknown\b|\bunknown\s*[|&]|&\s*\(?\s*unknown\b|\??:\s*unknown;/;
const indexSignature = /\[\w+: string\]: unknown;/;

export function unknownMembers(source: string): string[] {
  return source
    .split("\n")
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => !line.startsWith("*") && !line.startsWith("//") && !indexSignature.test(line))
    .filter(({ line }) => unknownMember.test(line))
    .map(({ line, number }) => `${number}: ${line}`);
}
