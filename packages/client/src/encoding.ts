/**
 * How arguments travel, as the Dashly API reads them. Query: lists comma-separated (`tags=a,b`), objects as
 * JSON text (`filters={...}`), everything else as text. Body: a flat form whose arrays and objects travel as
 * JSON text (`operations`, `params`, `body_json`...), multipart when a file (a Blob) is among the fields.
 */

/** The query serializer; `extra` (the auth token, when sent in the query) goes last. */
export function createQuerySerializer(extra?: Readonly<Record<string, string>>) {
  return (query: Record<string, unknown>): string => {
    const search = new URLSearchParams();
    for (const name in query) {
      const value = query[name];
      if (value === undefined || value === null) continue;
      search.append(
        name,
        Array.isArray(value)
          ? value.join(",")
          : typeof value === "object"
            ? JSON.stringify(value)
            : String(value),
      );
    }
    if (extra) for (const name in extra) search.append(name, extra[name] as string);
    return search.toString();
  };
}

/** The body serializer. */
export function encodeForm(body: object): URLSearchParams | FormData {
  const fields = Object.entries(body).filter(([, value]) => value !== undefined && value !== null);
  if (!fields.some(([, value]) => value instanceof Blob)) {
    const form = new URLSearchParams();
    for (const [name, value] of fields) form.append(name, fieldText(value));
    return form;
  }
  const form = new FormData();
  for (const [name, value] of fields) {
    if (value instanceof Blob) form.append(name, value, fileName(body, name, value));
    else form.append(name, fieldText(value));
  }
  return form;
}

function fieldText(value: unknown): string {
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** The display name the API takes beside the file (`attachment_file_name`, `filename`), else the File's own. */
function fileName(body: object, field: string, file: Blob): string {
  const fields = body as Record<string, unknown>;
  const declared = fields[`${field}_file_name`] ?? fields.filename;
  if (typeof declared === "string") return declared;
  return file instanceof File ? file.name : field;
}
