import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readSubstitutions, type Substitutions, substitutionsFile } from '../substitute/index.js';

/** What locates a project: the `-f` of the command line, relative to the working directory. */
export interface ProjectOptions {
  readonly cwd?: string;
  readonly file?: string;
  readonly files?: readonly string[];
  /** Use these substitutions instead of the project's stored ones. */
  readonly substitutions?: Substitutions;
}

/**
 * A project's directory: the directory of its state file (`-f`), that
 * directory itself when `-f` names one (`helmfile.d`), else the working
 * directory. Its substitutions live below it.
 */
export function projectDir(options: ProjectOptions): string {
  const cwd = options.cwd ?? process.cwd();
  const file = options.file ?? options.files?.[0];
  if (!file || /[*?[]/.test(file)) return cwd;
  const path = resolve(cwd, file);
  return existsSync(path) && statSync(path).isDirectory() ? path : dirname(path);
}

/** The substitutions a run applies: given ones, else the project's stored set. */
export function projectSubstitutions(options: ProjectOptions): Substitutions {
  return options.substitutions ?? readSubstitutions(substitutionsFile(projectDir(options)));
}
