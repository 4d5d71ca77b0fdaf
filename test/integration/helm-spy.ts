import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A helm binary that records every command line it is given (one per line,
 * arguments joined by spaces) and then runs the real helm: tests count how
 * often helmfire called helm for what.
 */
export interface HelmSpy {
  /** Path of the wrapper, passed as the helm binary. */
  readonly path: string;
  /** Every recorded command line since the last `reset`. */
  calls(): string[];
  /** The recorded command lines whose first words are `words` (e.g. `template`, `repo add`). */
  count(words: string): number;
  reset(): void;
}

export function helmSpy(dir: string, realHelm: string): HelmSpy {
  const path = join(dir, 'helm-spy');
  const log = join(dir, 'helm-spy.log');
  writeFileSync(path, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${realHelm}' "$@"\n`);
  chmodSync(path, 0o755);
  const calls = () =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter((l) => l !== '')
      : [];
  return {
    path,
    calls,
    count: (words) => calls().filter((c) => c === words || c.startsWith(`${words} `)).length,
    reset: () => writeFileSync(log, ''),
  };
}
