/**
 * Requiring `@dashly/mock/prism-patches` (before `@stoplight/prism-http` loads, e.g. `node --require
 * @dashly/mock/prism-patches`) applies the mock's Prism patches in memory, so that an in-process
 * `@stoplight/prism-http` validates JSON-encoded form fields and query parameters as the mock does.
 */
/** The source Node compiles for `filename`: patched when it is one of the patched Prism modules. */
export declare function patchSource(filename: string, content: string): string;
