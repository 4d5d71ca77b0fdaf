/**
 * helmfire's Go text/template engine: Go's template language, builtins and
 * fmt over the Go value model of `value.ts`, with Go's exact output and errors.
 */

export { TemplateError, type TemplateErrorKind } from './errors.js';
export { type MissingKey, renderTemplate, type TemplateOptions, TemplateSet } from './template.js';
export * from './value.js';
