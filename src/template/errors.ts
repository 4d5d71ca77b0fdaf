/**
 * Errors of the template engine. The message of a TemplateError is exactly
 * what Go's text/template returns from Parse or Execute (err.Error()).
 */

export type TemplateErrorKind = 'parse' | 'exec';

export class TemplateError extends Error {
  override readonly name = 'TemplateError';

  constructor(
    message: string,
    readonly kind: TemplateErrorKind,
    /** Output written before an execution error (empty for parse errors). */
    readonly partialOutput: string = '',
  ) {
    super(message);
  }
}
