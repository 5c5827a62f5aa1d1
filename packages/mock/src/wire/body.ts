/** One argument as it travels: a string, or a file of a multipart body. */
export type WireValue = string | File;
export type WireFields = Array<[name: string, value: WireValue]>;

export const formMediaType = "application/x-www-form-urlencoded";
export const multipartMediaType = "multipart/form-data";

/** `Multipart/Form-Data; boundary=x` -> `multipart/form-data`. */
export function mediaTypeOf(contentType: string | null | undefined): string | undefined {
  const essence = contentType?.split(";", 1)[0]?.trim().toLowerCase();
  return essence ? essence : undefined;
}

const isJson = (mediaType: string) => mediaType === "application/json" || mediaType.endsWith("+json");

export type BodyReading =
  | { ok: true; mediaType: string | undefined; fields: WireFields }
  | { ok: false; message: string };

/**
 * The arguments a body carries: the fields of a url-encoded or multipart form, or the members of a JSON
 * object (strings as they are, other values JSON-encoded, as Dashly takes arrays and objects; null is
 * "not sent"). An empty body carries none, whatever its content type.
 */
export async function readBodyFields(
  contentType: string | undefined,
  body: Uint8Array,
): Promise<BodyReading> {
  const mediaType = mediaTypeOf(contentType);
  if (body.length === 0) return { ok: true, mediaType, fields: [] };
  const text = () => new TextDecoder().decode(body);
  if (mediaType === formMediaType) return { ok: true, mediaType, fields: [...new URLSearchParams(text())] };
  if (mediaType === multipartMediaType) {
    try {
      const form = await new Response(body, { headers: { "content-type": contentType ?? "" } }).formData();
      return { ok: true, mediaType, fields: [...form] };
    } catch {
      return {
        ok: false,
        message: "The multipart/form-data body could not be read (boundary or parts malformed)",
      };
    }
  }
  if (mediaType !== undefined && isJson(mediaType)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text());
    } catch (error) {
      return { ok: false, message: `The JSON body is not valid JSON (${(error as Error).message})` };
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      return { ok: false, message: "A JSON body must be an object of arguments" };
    const fields: WireFields = [];
    for (const [name, value] of Object.entries(parsed)) {
      if (value === null || value === undefined) continue;
      fields.push([name, typeof value === "string" ? value : JSON.stringify(value)]);
    }
    return { ok: true, mediaType, fields };
  }
  return {
    ok: false,
    message: `A body of type ${mediaType ?? "(none given)"} is not read; send ${formMediaType}, ${multipartMediaType} or application/json`,
  };
}

/**
 * The body that carries `fields` as `mediaType`, with its Content-Type: url-encoded, multipart, or (for an
 * operation whose spec declares only JSON) a JSON object of the fields as strings.
 */
export async function writeBodyFields(
  mediaType: string,
  fields: WireFields,
): Promise<{ body: Uint8Array; contentType: string }> {
  if (isJson(mediaType) && fields.every(([, value]) => typeof value === "string")) {
    const object = Object.fromEntries(fields);
    return { body: new TextEncoder().encode(JSON.stringify(object)), contentType: mediaType };
  }
  if (mediaType === formMediaType && fields.every(([, value]) => typeof value === "string")) {
    const form = new URLSearchParams(fields as Array<[string, string]>);
    return { body: new TextEncoder().encode(form.toString()), contentType: formMediaType };
  }
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  const encoded = new Response(form);
  return {
    body: new Uint8Array(await encoded.arrayBuffer()),
    contentType: encoded.headers.get("content-type") ?? multipartMediaType,
  };
}
