import { posix } from 'node:path';
import { StateFileNotFoundError } from './errors.js';
import { similarPath } from './files.js';
import { GlobPatternError, glob, hasGlobMeta } from './glob.js';
import type { StateHost } from './host.js';

/**
 * Which state files a run loads. Without `-f`: `helmfile.yaml`, else
 * `helmfile.yaml.gotmpl`, else every `*.y*ml` and `*.y*ml.gotmpl` of
 * `helmfile.d/` (sorted). `-f` names a file, a directory (its `*.y*ml` and
 * `*.y*ml.gotmpl` files) or, in helmfire, a glob.
 */

export const DEFAULT_HELMFILE = 'helmfile.yaml';
export const DEFAULT_HELMFILE_GOTMPL = 'helmfile.yaml.gotmpl';
export const DEFAULT_HELMFILE_DIR = 'helmfile.d';

function filesInDir(host: StateHost, dir: string): string[] {
  const yml = glob(host, posix.join(dir, '*.y*ml'));
  const gotmpl = glob(host, posix.join(dir, '*.y*ml.gotmpl'));
  return [...yml, ...gotmpl].filter((f) => host.stat(f) === 'file').sort();
}

/** Absolute paths of the state files to load, in order. `specified` is `-f` (relative to `cwd`). */
export function findStateFiles(
  host: StateHost,
  specified: string | undefined,
  cwd: string = host.cwd,
): string[] {
  if (specified !== undefined && specified !== '') {
    const abs = posix.isAbsolute(specified) ? posix.normalize(specified) : posix.join(cwd, specified);
    const kind = host.stat(abs);
    if (kind === 'file') return [abs];
    if (kind === 'dir') return filesInDir(host, abs);
    if (hasGlobMeta(specified)) {
      let matches: string[];
      try {
        matches = glob(host, abs).filter((f) => host.stat(f) === 'file');
      } catch (err) {
        if (err instanceof GlobPatternError)
          throw new StateFileNotFoundError(`invalid glob in --file: ${specified}`);
        throw err;
      }
      if (matches.length > 0) return matches.sort();
      throw new StateFileNotFoundError(`no state file matches ${specified}`);
    }
    const near = similarPath(host, cwd, specified);
    throw new StateFileNotFoundError(
      `specified state file ${specified} is not found` + (near ? ` (did you mean "${near}"?)` : ''),
    );
  }
  const yaml = posix.join(cwd, DEFAULT_HELMFILE);
  const gotmpl = posix.join(cwd, DEFAULT_HELMFILE_GOTMPL);
  const dir = posix.join(cwd, DEFAULT_HELMFILE_DIR);
  const hasYaml = host.stat(yaml) === 'file';
  const hasGotmpl = host.stat(gotmpl) === 'file';
  if (hasYaml && hasGotmpl) {
    throw new StateFileNotFoundError(
      `both ${DEFAULT_HELMFILE} and ${DEFAULT_HELMFILE}.gotmpl exist. Please remove one of them`,
    );
  }
  const defaultFile = hasYaml ? DEFAULT_HELMFILE : hasGotmpl ? DEFAULT_HELMFILE_GOTMPL : undefined;
  if (host.stat(dir) === 'dir') {
    if (defaultFile) {
      throw new StateFileNotFoundError(
        `configuration conlict error: you can have either ${defaultFile} or ${DEFAULT_HELMFILE_DIR}, but not both`,
      );
    }
    return filesInDir(host, dir);
  }
  if (defaultFile) return [posix.join(cwd, defaultFile)];
  throw new StateFileNotFoundError(
    `no state file found. It must be named ${DEFAULT_HELMFILE_DIR}/*.{yaml,yml,yaml.gotmpl,yml.gotmpl}, ${DEFAULT_HELMFILE}, or ${DEFAULT_HELMFILE_GOTMPL}, otherwise specified with the --file flag or HELMFILE_FILE_PATH environment variable`,
  );
}
