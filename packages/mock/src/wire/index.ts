// `@dashly/mock/wire`: Dashly's wire rules, one implementation for the mock (before Prism validates) and the
// sandbox. Pure: no server, no Prism; the bundled spec is read on first use.

export type { Violation } from "../violations.ts";
export type { WireFields, WireValue } from "./body.ts";
export {
  type DashlyErrorEnvelope,
  dashlyError,
  errorFieldsOf,
  fieldOf,
  nonFieldErrors,
  validationError,
} from "./envelope.ts";
export {
  applyWireRules,
  type CanonicalRequest,
  createWireRules,
  readBoolean,
  type WireOutcome,
  type WireRefusal,
  type WireRequest,
  type WireRules,
  withoutTrailingSlash,
} from "./rules.ts";
export type { OpenApiDocument } from "./spec-operations.ts";
