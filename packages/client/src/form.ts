/**
 * Encodes a request body the way the Dashly API reads it: a flat form whose arrays and objects travel as
 * JSON text (`operations`, `params`, `body_json`...), and multipart when a file (a Blob) is among the fields.
 */
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
