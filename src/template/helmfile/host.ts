/**
 * What helmfile's template functions need from the outside world: the base
 * directory, files, directories, commands and environment. Injected so that
 * the functions stay pure and testable; `nodeHelmfileHost` is the real one.
 */

/** A failed host operation; `message` is what Go's os / os/exec would print. */
export class HostError extends Error {
  override readonly name = 'HostError';
  constructor(
    message: string,
    /** True when the error means "does not exist" (Go's os.ErrNotExist). */
    readonly notExist = false,
  ) {
    super(message);
  }
}

export interface DirEntryInfo {
  readonly name: string;
  readonly isDir: boolean;
  /** Go's fs.FileMode type bits (ModeDir, ModeSymlink, …), without permissions. */
  readonly typeBits: number;
}

export interface ExecRequest {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** Variables added to the inherited environment (envExec); undefined inherits it unchanged. */
  readonly extraEnv?: ReadonlyArray<readonly [string, string]>;
  /** Written to the command's standard input when non-empty. */
  readonly stdin?: string;
}

export interface ExecResult {
  /** The resolved executable (Go's cmd.Path). */
  readonly path: string;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as they were written (as far as known). */
  readonly combined: string;
  /** Exit status; undefined when the process could not run or was killed by a signal. */
  readonly status: number | undefined;
  readonly signal?: string;
}

export interface HelmfileHost {
  /** Directory of the state file: relative paths are resolved against it and commands run in it. */
  readonly baseDir: string;
  /** File contents; throws HostError (`open PATH: no such file or directory`, …). */
  readFile(path: string): string;
  /** Entries of a directory sorted by name; throws HostError. */
  readDir(path: string): DirEntryInfo[];
  /** Whether `path` is a directory; undefined when it does not exist; throws HostError for other failures. */
  stat(path: string): { isDir: boolean } | undefined;
  /** Run a command to completion; throws HostError when it cannot be started (e.g. not found in $PATH). */
  exec(req: ExecRequest): ExecResult;
  /** An environment variable; undefined when unset. */
  env(name: string): string | undefined;
  /**
   * Decrypt a sops file (`ref+sops://`) in-process: the plaintext, or a throw
   * with the message to report. `format` is the sops store to read and emit
   * with (`yaml`, `json`, `dotenv`, `ini`, `binary`); undefined means "from
   * the file name", as vals asks. Without it, the `sops` binary is run.
   */
  decryptSops?(path: string, content: string, format?: string): string;
}
