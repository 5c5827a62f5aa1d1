import { assertFormContentType } from "./content-type.ts";
import { WebhookPayloadError } from "./errors.ts";
import { isWebhookType, JSON_FIELDS, perType, TEXT_FIELDS, WEBHOOK_TYPES } from "./form-fields.ts";
import { parseJsonField, setOwn } from "./lossless-json.ts";
import { assertConfiguredToken, verifyToken } from "./token.ts";
import { truncate } from "./truncate.ts";
import type {
  ChatWebhookPart,
  DeliveryByType,
  WebhookDelivery,
  WebhookEvent,
  WebhookType,
  WebhookUser,
} from "./types.ts";
import { validatePayload } from "./validate-payload.ts";

export interface ParseOptions {
  /** The webhook token from the app's settings. */
  token: string;
  /**
   * The request's Content-Type, when known; anything but application/x-www-form-urlencoded (parameters such
   * as charset allowed) is refused. `undefined` or `null` skip the check.
   */
  contentType?: string | null;
}

/**
 * Verifies and parses one delivery. `body` is the raw form body. Throws a WebhookError subclass: the token
 * is checked first, then the type, the JSON fields (IDs kept as digit strings) and the spec's schema.
 */
export function parseWebhook(body: string | URLSearchParams, options: ParseOptions): WebhookDelivery {
  assertConfiguredToken(options?.token);
  if (options.contentType !== undefined && options.contentType !== null) {
    assertFormContentType(options.contentType);
  }
  const fields = typeof body === "string" ? new URLSearchParams(body) : body;
  verifyToken(fields.getAll("token"), options.token);

  const type = readType(fields);
  const form = readForm(fields, type);
  validatePayload(type, form);
  return toDelivery(type, form);
}

/** The fields a delivery of each type may hold only once. */
const SINGLE_FIELDS = perType((type): readonly string[] => [
  ...JSON_FIELDS[type],
  ...Object.values(TEXT_FIELDS[type]),
]);

const EXPECTED_TYPES = `${WEBHOOK_TYPES.slice(0, -1).join(", ")} or ${WEBHOOK_TYPES.at(-1)}`;

function readType(fields: URLSearchParams): WebhookType {
  const types = fields.getAll("type");
  const [type] = types;
  if (type === undefined) throw new WebhookPayloadError("unknown_type", "The delivery has no type field");
  if (types.length > 1) throw duplicated("type", types.length);
  if (!isWebhookType(type)) {
    throw new WebhookPayloadError(
      "unknown_type",
      `Unknown webhook type ${JSON.stringify(truncate(type, 50))}: expected ${EXPECTED_TYPES}`,
    );
  }
  return type;
}

/** Every field of the form, JSON fields parsed; unknown fields are kept, as the spec allows them. */
function readForm(fields: URLSearchParams, type: WebhookType): Record<string, unknown> {
  const form: Record<string, unknown> = {};
  for (const [name, value] of fields) {
    if (!Object.hasOwn(form, name)) setOwn(form, name, value);
  }
  for (const name of SINGLE_FIELDS[type]) {
    const count = fields.getAll(name).length;
    if (count > 1) throw duplicated(name, count);
  }
  for (const name of JSON_FIELDS[type]) {
    const text = form[name];
    if (typeof text === "string") form[name] = parseField(name, text);
  }
  return form;
}

function parseField(name: string, text: string): unknown {
  try {
    return parseJsonField(text);
  } catch (error) {
    const reason = error instanceof RangeError ? "it is nested too deeply" : errorMessage(error);
    throw new WebhookPayloadError("malformed_field", `The "${name}" field is not valid JSON: ${reason}`, {
      cause: error,
    });
  }
}

// Each runs once the form matches the spec's schema for its type, which is what makes these casts true.
const DELIVERIES: {
  readonly [Type in WebhookType]: (form: Record<string, unknown>) => DeliveryByType[Type];
} = {
  conversation: (form) => ({ type: "conversation", part: form.conversation as ChatWebhookPart }),
  event: (form) => ({
    type: "event",
    user: form.user as WebhookUser,
    event: form.event as WebhookEvent,
    ...textFields(form, TEXT_FIELDS.event),
  }),
  message_webhook: (form) => ({
    type: "message_webhook",
    user: form.user as WebhookUser,
    event: form.event as WebhookEvent,
    ...(textFields(form, TEXT_FIELDS.message_webhook) as { messageId: string }),
  }),
};

function toDelivery(type: WebhookType, form: Record<string, unknown>): WebhookDelivery {
  return DELIVERIES[type](form);
}

/** The text fields present in the form, under their camelCase names; absent ones are left out. */
function textFields<Names extends Record<string, string>>(
  form: Record<string, unknown>,
  names: Names,
): { [Name in keyof Names]?: string } {
  const result: { [Name in keyof Names]?: string } = {};
  for (const [camelName, formName] of Object.entries(names) as [keyof Names, string][]) {
    const value = form[formName];
    if (typeof value === "string") result[camelName] = value;
  }
  return result;
}

function duplicated(name: string, count: number): WebhookPayloadError {
  return new WebhookPayloadError("malformed_field", `The "${name}" field appears ${count} times`);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
