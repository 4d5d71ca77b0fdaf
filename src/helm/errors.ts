import { HelmfireError } from '../errors.js';

/**
 * helm exited non-zero. The message names the release (when there is one),
 * the command with values masked, and helm's own stderr.
 */
export class HelmError extends HelmfireError {
  override readonly name = 'HelmError';
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    readonly release?: string,
  ) {
    const who = release ? `release "${release}": ` : '';
    const how = exitCode === null ? 'was stopped' : `exited with ${exitCode}`;
    super('HELM_FAILED', `${who}helm ${args.join(' ')} ${how}\n${indent(stderr.trim() || '(no output)')}`);
  }
}

/** The helm binary is missing, not executable, or not helm 3 / helm 4. */
export class HelmBinaryError extends HelmfireError {
  override readonly name = 'HelmBinaryError';
  constructor(message: string) {
    super('HELM_BINARY', message);
  }
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
