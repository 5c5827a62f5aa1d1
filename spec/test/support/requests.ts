import { deref, type Json, type Operation } from "./spec.ts";

export interface ExampleRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body?: URLSearchParams;
}

const firstExample = (node: Json): Json =>
  node.example ?? Object.values<Json>(node.examples ?? {})[0]?.value ?? node.schema?.examples?.[0];

/** Form-encodes an example body the way the API wants it: JSON fields as JSON text, the rest as strings. */
export function formEncode(
  value: Record<string, Json>,
  encoding: Record<string, Json> = {},
): URLSearchParams {
  const form = new URLSearchParams();
  for (const [key, field] of Object.entries(value)) {
    const json = /json/.test(encoding[key]?.contentType ?? "");
    form.set(key, json ? JSON.stringify(field) : String(field));
  }
  return form;
}

/** A request to `operation` built from the spec's own examples: the path ID, then the first body example. */
export function exampleRequest({ method, path, operation, pathItem }: Operation): ExampleRequest {
  const idParameter = deref(pathItem.parameters[0]);
  const id = String(firstExample(idParameter));
  const query = new URLSearchParams({ auth_token: "test-token", id_as_string: "true" });
  const request: ExampleRequest = {
    method: method.toUpperCase(),
    path: path.replace("{id}", encodeURIComponent(id)),
    query,
  };
  const form = operation.requestBody?.content["application/x-www-form-urlencoded"];
  if (form) request.body = formEncode(firstExample(form), form.encoding);
  return request;
}

export async function send(baseUrl: string, request: ExampleRequest, headers: Record<string, string> = {}) {
  const init: RequestInit = { method: request.method, headers };
  if (request.body) {
    init.body = request.body.toString();
    init.headers = { ...headers, "content-type": "application/x-www-form-urlencoded" };
  }
  const response = await fetch(`${baseUrl}${request.path}?${request.query}`, init);
  return {
    status: response.status,
    violations: response.headers.get("sl-violations"),
    body: (await response.json()) as Json,
  };
}
