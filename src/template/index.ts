/**
 * helmfire's Go text/template engine: Go's template language, builtins and
 * fmt over the Go value model of `value.ts`, with Go's exact output and errors.
 */

export { TemplateError, type TemplateErrorKind } from './errors.js';
/**
 * Go strings as bytes and back: a rendered output holds each byte that is not
 * valid UTF-8 as U+DC80–U+DCFF; `goStringBytes` gives the exact bytes Go
 * writes (use it, not Buffer.from(s, 'utf8'), to write an output out).
 */
export { utf8Decode as goStringFromBytes, utf8Encode as goStringBytes } from './fmt/utf8.js';
export { type MissingKey, renderTemplate, type TemplateOptions, TemplateSet } from './template.js';
export * from './value.js';
