/** Errors of the local cluster. `code` is stable; the CLI maps it to an exit code and a hint. */
export class LocalClusterError extends Error {
  override readonly name = 'LocalClusterError';
  constructor(
    readonly code:
      | 'TOOL_MISSING'
      | 'START_TIMEOUT'
      | 'PROCESS_EXITED'
      | 'NOT_RUNNING'
      | 'PKI_FAILED'
      | 'NO_FREE_PORT',
    message: string,
  ) {
    super(message);
  }
}
