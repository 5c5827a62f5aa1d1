import { nodeAt, pointerSegment, resolveRef, type SpecNode, specDocument } from "./spec-document.ts";

/** How a raw argument (text from a query or a form) is turned into the value the schema describes. */
export type ArgumentKind = "boolean" | "flag" | "number" | "json" | "csv" | "file" | "text";

/** An argument an operation declares: a parameter or a property of its body. */
export interface DeclaredArgument {
  name: string;
  in: "path" | "query" | "body";
  kind: ArgumentKind;
  required: boolean;
  /** JSON pointer to its schema in the spec. */
  schemaPointer: string;
}

/** One operation of the spec, with what the sandbox needs to route, read and validate it. */
export interface Operation {
  operationId: string;
  method: "GET" | "POST" | "DELETE";
  /** The spec's path template, e.g. `/conversations/{id}/reply`. */
  path: string;
  pointer: string;
  arguments: Map<string, DeclaredArgument>;
  /** Media types of the body and the pointer of each one's schema; empty when the operation takes none. */
  bodies: Map<string, string>;
  bodyRequired: boolean;
  /** Pointer of the JSON schema of each documented answer, by status code. */
  responses: Map<number, string>;
}

const METHODS = ["get", "post", "delete"] as const;

/** The spec's operations, in its order. */
export const operations: readonly Operation[] = readOperations();

function readOperations(): Operation[] {
  const found: Operation[] = [];
  const paths = specDocument.paths as Record<string, SpecNode>;
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const node = item[method] as SpecNode | undefined;
      if (!node) continue;
      const pointer = `/paths/${pointerSegment(path)}/${method}`;
      const declared = new Map<string, DeclaredArgument>();
      const parameters = [
        ...((item.parameters as SpecNode[] | undefined) ?? []).map((parameter, index) => ({
          parameter,
          at: `/paths/${pointerSegment(path)}/parameters/${index}`,
        })),
        ...((node.parameters as SpecNode[] | undefined) ?? []).map((parameter, index) => ({
          parameter,
          at: `${pointer}/parameters/${index}`,
        })),
      ];
      for (const { parameter, at } of parameters) {
        const argument = readParameter(parameter, at);
        declared.set(argument.name, argument);
      }
      const bodies = new Map<string, string>();
      const requestBody = node.requestBody as SpecNode | undefined;
      for (const [mediaType, media] of Object.entries(
        (requestBody?.content as Record<string, SpecNode>) ?? {},
      )) {
        const schemaPointer = `${pointer}/requestBody/content/${pointerSegment(mediaType)}/schema`;
        bodies.set(mediaType, schemaPointer);
        for (const argument of readBodyFields(schemaPointer, media)) {
          if (!declared.has(argument.name)) declared.set(argument.name, argument);
        }
      }
      found.push({
        operationId: node.operationId as string,
        method: method.toUpperCase() as Operation["method"],
        path,
        pointer,
        arguments: declared,
        bodies,
        bodyRequired: requestBody?.required === true,
        responses: readResponses(node, pointer),
      });
    }
  }
  return found;
}

function readParameter(reference: SpecNode, at: string): DeclaredArgument {
  const { node: parameter, pointer } = resolveRef(reference);
  const base = pointer ?? at;
  const content = parameter.content as Record<string, SpecNode> | undefined;
  const schemaPointer = content ? `${base}/content/application~1json/schema` : `${base}/schema`;
  const schema = resolveRef(nodeAt(schemaPointer)).node;
  let kind = content ? "json" : kindOfSchema(schema);
  if (!content && schema.type === "array" && parameter.explode === false) kind = "csv";
  return {
    name: parameter.name as string,
    in: parameter.in as "path" | "query",
    kind: kind as ArgumentKind,
    required: parameter.required === true,
    schemaPointer,
  };
}

function readBodyFields(schemaPointer: string, media: SpecNode): DeclaredArgument[] {
  const { node: schema, pointer: sharedPointer } = resolveRef(nodeAt(schemaPointer));
  const base = sharedPointer ?? schemaPointer;
  const properties = (schema.properties as Record<string, SpecNode> | undefined) ?? {};
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const encoding = (media.encoding as Record<string, SpecNode> | undefined) ?? {};
  return Object.entries(properties).map(([name, property]) => {
    const resolved = resolveRef(property).node;
    const json = encoding[name]?.contentType === "application/json";
    const kind: ArgumentKind = json
      ? "json"
      : resolved.contentMediaType === "application/octet-stream"
        ? "file"
        : kindOfSchema(resolved);
    return {
      name,
      in: "body",
      kind,
      required: required.has(name),
      schemaPointer: `${base}/properties/${pointerSegment(name)}`,
    };
  });
}

/**
 * Text arrives for every argument; plain booleans and numbers are converted before validation. A `Flag`
 * (boolean or text: the spec judges the spelling, e.g. refuses `flase`) is validated as sent and read as a
 * boolean after.
 */
function kindOfSchema(schema: SpecNode): ArgumentKind {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length === 1 && types[0] === "boolean") return "boolean";
  if (types.includes("boolean") && types.includes("string")) return "flag";
  if (types.length === 1 && (types[0] === "integer" || types[0] === "number")) return "number";
  if (types.length === 1 && (types[0] === "object" || types[0] === "array")) return "json";
  return "text";
}

function readResponses(node: SpecNode, pointer: string): Map<number, string> {
  const responses = new Map<number, string>();
  for (const [status, response] of Object.entries(node.responses as Record<string, SpecNode>)) {
    const { pointer: shared } = resolveRef(response);
    const base = shared ?? `${pointer}/responses/${status}`;
    responses.set(Number(status), `${base}/content/application~1json/schema`);
  }
  return responses;
}

/** The operations by `operationId` (the wire rules route a request to one). */
export const operationsById: ReadonlyMap<string, Operation> = new Map(
  operations.map((operation) => [operation.operationId, operation]),
);
