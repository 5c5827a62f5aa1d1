/**
 * Keys whose number is a Dashly ID in webhook payloads: every property the spec types with its `Id` schema
 * (ConversationPart `id`, `conversation`, `part_group`, `inbound_email`, `from` when it is a user ID;
 * Admin, Attachment, EventType, Segment and Note `id`; User `id` and `app`; Event `id` and `user`), plus
 * Conversation `message`. IDs are 64-bit and go past 2^53, so they are read and written as digit strings.
 */
const ID_KEYS: ReadonlySet<string> = new Set([
  "id",
  "conversation",
  "from",
  "part_group",
  "inbound_email",
  "user",
  "app",
  "message",
]);

/**
 * Objects whose keys are the app's own names (user and event properties, a part's `body_json`, session
 * details, the undocumented email status): an `id` or `user` key inside them is data, not a Dashly ID.
 */
const FREE_FORM_KEYS: ReadonlySet<string> = new Set([
  "props",
  "props_custom",
  "props_events",
  "body_json",
  "presence_details",
  "email_status",
]);

/**
 * Whether a number under `key` is a Dashly ID. `key` is undefined for array items and the root value;
 * `insideFreeForm` tells whether a free-form object encloses the value.
 */
export function isIdKey(key: string | undefined, insideFreeForm: boolean): boolean {
  return !insideFreeForm && key !== undefined && ID_KEYS.has(key);
}

/** Whether the values inside the object or array found under `key` are free-form data. */
export function opensFreeForm(key: string | undefined, insideFreeForm: boolean): boolean {
  return insideFreeForm || (key !== undefined && FREE_FORM_KEYS.has(key));
}
