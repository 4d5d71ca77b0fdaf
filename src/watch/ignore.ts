import { basename, sep } from 'node:path';

/**
 * Paths a watch never reacts to: what helm and helmfire write themselves
 * (dependency builds, packaged charts, lock files, temp files), editors'
 * swap, backup and lock files, and version control. Pure.
 */

/** File names editors write beside the file being edited (vim, emacs, JetBrains, VS Code …). */
function editorArtifact(name: string): boolean {
  return (
    name === '4913' || // vim's test write
    /\.sw[a-p]x?$/.test(name) || // vim swap (.swp, .swo, .swx …)
    name.endsWith('~') || // backups
    name.startsWith('.#') || // emacs lock
    (name.startsWith('#') && name.endsWith('#')) || // emacs autosave
    name.endsWith('___jb_tmp___') ||
    name.endsWith('___jb_old___') ||
    name === '.DS_Store'
  );
}

/** Temporary files: atomic writes (`x.123.tmp`), helm's `tmpcharts-*` during a dependency build. */
function tempFile(name: string): boolean {
  return name.endsWith('.tmp') || name.endsWith('.temp') || name.startsWith('tmpcharts');
}

/** True when an event on `path` must not trigger anything. */
export function ignoredPath(path: string): boolean {
  const parts = path.split(sep);
  const name = basename(path);
  if (parts.includes('.git')) return true;
  const hf = parts.lastIndexOf('.helmfire');
  // inside .helmfire only the substitution file matters (the directory's creation does too)
  if (hf >= 0 && hf < parts.length - 1 && !(hf === parts.length - 2 && name === 'substitutions.json'))
    return true;
  // what `helm dependency build/update` writes into a chart
  if (name === 'Chart.lock' || name === 'requirements.lock' || name.endsWith('.tgz')) return true;
  if (parts.some((p) => p.startsWith('tmpcharts'))) return true;
  return editorArtifact(name) || tempFile(name);
}

/** Directory names a recursive watch of a chart does not descend into. */
export function skippedDir(name: string): boolean {
  return name === '.git' || name === 'node_modules' || name.startsWith('tmpcharts');
}
