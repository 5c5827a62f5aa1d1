/** An OpenAPI 3.x document as parsed JSON; only the parts the wire rules read are looked at. */
export type OpenApiDocument = { readonly [key: string]: unknown };

/** What the wire rules need to know about one argument where the spec declares it. */
export interface ArgumentSpec {
  /** Declared a boolean (`type: boolean`, alone or with other types): read as Dashly reads booleans. */
  boolean: boolean;
  /**
   * The schema takes strings too (e.g. the spec's `Flag`, which takes Dashly's spellings and refuses typos):
   * the value reaches the validator as sent. A plain `type: boolean` takes only `true`/`false`.
   */
  takesStrings: boolean;
}

/** One operation of the spec, as the wire rules see it. */
export interface WireOperation {
  operationId: string;
  method: string;
  /** The path template, e.g. `/users/{id}/props`. */
  template: string;
  /** The template's segments, `undefined` where a path parameter goes. */
  segments: ReadonlyArray<string | undefined>;
  parameterNames: readonly string[];
  /** Query parameters, the API key's query name included. */
  query: ReadonlyMap<string, ArgumentSpec>;
  /** Properties of the request body (any media type, any branch of a oneOf). */
  body: ReadonlyMap<string, ArgumentSpec>;
  /** The body's declared media types, in the spec's order. */
  bodyMediaTypes: readonly string[];
  /** An API key (query parameter or header) is required. */
  secured: boolean;
}

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

type Node = { readonly [key: string]: unknown };
const isNode = (value: unknown): value is Node =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Follows local `$ref`s (`#/components/...`); an external or broken one reads as an empty node. */
function resolver(document: OpenApiDocument): (value: unknown) => Node {
  const follow = (value: unknown, depth: number): Node => {
    if (!isNode(value)) return {};
    const ref = value.$ref;
    if (typeof ref !== "string") return value;
    if (!ref.startsWith("#/") || depth > 32) return {};
    let target: unknown = document;
    for (const part of ref.slice(2).split("/")) {
      const key = part.replaceAll("~1", "/").replaceAll("~0", "~");
      target = isNode(target) ? target[key] : undefined;
    }
    return follow(target, depth + 1);
  };
  return (value) => follow(value, 0);
}

/**
 * The operations of `document`, read once: where each operation declares its arguments, which are booleans,
 * which media types its body takes, whether it needs the API key.
 */
export function operationsOf(document: OpenApiDocument): WireOperation[] {
  const resolve = resolver(document);
  const schemes = resolve(resolve(document.components).securitySchemes);
  const operations: WireOperation[] = [];

  const hasType = (schema: unknown, wanted: string): boolean => {
    const type = resolve(schema).type;
    return type === wanted || (Array.isArray(type) && type.includes(wanted));
  };
  const argument = (schema: unknown): ArgumentSpec => ({
    boolean: hasType(schema, "boolean"),
    takesStrings: hasType(schema, "string"),
  });
  /** Properties of an object schema and of its allOf/oneOf/anyOf branches. */
  const collectProperties = (schema: unknown, into: Map<string, ArgumentSpec>, depth = 0): void => {
    const node = resolve(schema);
    if (depth > 8) return;
    for (const [name, property] of Object.entries(resolve(node.properties))) {
      if (!into.has(name)) into.set(name, argument(property));
    }
    for (const key of ["allOf", "oneOf", "anyOf"]) {
      const branches = node[key];
      if (Array.isArray(branches)) for (const branch of branches) collectProperties(branch, into, depth + 1);
    }
  };

  for (const [template, rawItem] of Object.entries(resolve(document.paths))) {
    const item = resolve(rawItem);
    for (const method of methods) {
      const operation = resolve(item[method]);
      if (!isNode(item[method])) continue;
      const query = new Map<string, ArgumentSpec>();
      const parameters = [item.parameters, operation.parameters].flatMap((list) =>
        Array.isArray(list) ? list.map(resolve) : [],
      );
      for (const parameter of parameters) {
        if (parameter.in === "query" && typeof parameter.name === "string")
          query.set(parameter.name, argument(parameter.schema));
      }
      const security = Array.isArray(operation.security) ? operation.security : document.security;
      const requirements = Array.isArray(security) ? security.map(resolve) : [];
      for (const requirement of requirements) {
        for (const schemeName of Object.keys(requirement)) {
          const scheme = resolve(schemes[schemeName]);
          if (scheme.type === "apiKey" && scheme.in === "query" && typeof scheme.name === "string")
            query.set(scheme.name, { boolean: false, takesStrings: true });
        }
      }
      const body = new Map<string, ArgumentSpec>();
      const content = resolve(resolve(operation.requestBody).content);
      for (const media of Object.values(content)) collectProperties(resolve(media).schema, body);
      const segments = template.split("/").map((segment) => (/^\{.+\}$/.test(segment) ? undefined : segment));
      operations.push({
        operationId:
          typeof operation.operationId === "string" ? operation.operationId : `${method} ${template}`,
        method: method.toUpperCase(),
        template,
        segments,
        parameterNames: template
          .split("/")
          .filter((segment) => /^\{.+\}$/.test(segment))
          .map((segment) => segment.slice(1, -1)),
        query,
        body,
        bodyMediaTypes: Object.keys(content),
        secured:
          requirements.length > 0 && requirements.every((requirement) => Object.keys(requirement).length > 0),
      });
    }
  }
  return operations;
}
