/**
 * Every failure helmfire reports to a user is a HelmfireError with a stable
 * string code. Codes are mapped to exit codes only at the CLI edge
 * (src/cli/exit-codes.ts); the API and the core never exit.
 */
export class HelmfireError extends Error {
  override readonly name: string = 'HelmfireError';
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A command line that cannot be acted on: unknown flag, bad value, missing argument. */
export class UsageError extends HelmfireError {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super('USAGE', message);
  }
}
