import { StatePolicyError } from './errors.js';

/**
 * A state file is a sequence of parts separated by `---` lines; each part is
 * rendered (when the file is a `.gotmpl`) and decoded on its own, seeing the
 * environment and values declared by the parts before it. helmfile's v1
 * layout policy is checked on the whole file first.
 */

export interface StatePart {
  /** 0-based index. */
  readonly index: number;
  readonly text: string;
  /** Lines of the file before this part (to turn part positions into file positions). */
  readonly lineOffset: number;
}

/** CRLF → LF, then split on the literal `\n---\n` (a `---` with trailing spaces or a comment does not split). */
export function splitParts(content: string): StatePart[] {
  const normalized = content.replaceAll('\r\n', '\n');
  const texts = normalized.split('\n---\n');
  const parts: StatePart[] = [];
  let offset = 0;
  texts.forEach((text, index) => {
    parts.push({ index, text, lineOffset: offset });
    offset += text.split('\n').length + 1;
  });
  return parts;
}

/** Whether a file's parts are Go templates: only `.gotmpl` files are (or every file with HELMFILE_RENDER_YAML=true). */
export function isTemplateFile(path: string, renderYaml = false): boolean {
  return path.endsWith('.gotmpl') || renderYaml;
}

const TOP_KEY = /^[a-zA-Z]+:/;
const SEPARATOR = /^--- *$/;
const ORDER: Record<string, number> = { bases: 0, environments: 0, releases: 1 };

/** Top-level keys in order of appearance (lines starting with `word:`), with `---` separators when asked. */
export function topKeys(content: string, withSeparators: boolean): Array<{ key: string; line: number }> {
  const out: Array<{ key: string; line: number }> = [];
  content.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\s+$/u, '');
    if (line === '') return;
    if (withSeparators && SEPARATOR.test(line)) out.push({ key: line, line: i + 1 });
    if (TOP_KEY.test(line)) out.push({ key: line.slice(0, line.indexOf(':')), line: i + 1 });
  });
  return out;
}

/**
 * helmfile v1's layout policy (both rules are hard errors):
 * `bases:`/`environments:` must come before `releases:`, and `environments`
 * and `releases` must be in different `---` parts.
 */
export function checkPolicy(file: string, content: string): void {
  const keys = topKeys(content, false);
  if (keys.length === 0) {
    throw new StatePolicyError(`no top-level config keys are found in ${file}${emptyHint(content)}`);
  }
  const ordered = keys.filter((k) => k.key in ORDER);
  for (let i = 1; i < ordered.length; i++) {
    const prev = ordered[i - 1]!;
    const cur = ordered[i]!;
    if (ORDER[prev.key]! > ORDER[cur.key]!) {
      throw new StatePolicyError(
        `top-level config key ${cur.key} must be defined before ${prev.key} in ${file} ` +
          `(line ${cur.line}: move "${cur.key}:" above "${prev.key}:" at line ${prev.line})`,
      );
    }
  }
  const seen = new Set<string>();
  const seq: Array<{ key: string; line: number }> = [];
  for (const k of topKeys(content, true)) {
    if (k.key !== 'environments' && k.key !== 'releases' && !SEPARATOR.test(k.key)) continue;
    const name = SEPARATOR.test(k.key) ? '---' : k.key;
    if (name !== '---') {
      if (seen.has(name)) continue;
      seen.add(name);
    }
    seq.push({ key: name, line: k.line });
  }
  for (let i = 0; i + 1 < seq.length; i++) {
    if (seq[i]!.key !== '---' && seq[i + 1]!.key !== '---') {
      const envs = seq[i]!.key === 'environments' ? seq[i]! : seq[i + 1]!;
      const rels = seq[i]!.key === 'releases' ? seq[i]! : seq[i + 1]!;
      throw new StatePolicyError(
        'environments and releases cannot be defined within the same YAML part. ' +
          'Use --- to extract the environments into a dedicated part ' +
          `(${file}: environments at line ${envs.line}, releases at line ${rels.line}; put a line "---" between them)`,
      );
    }
  }
}

/** Why no top-level key was found: an empty file, or a document that is not a map. */
function emptyHint(content: string): string {
  const lines = content.split('\n');
  const first = lines.findIndex(
    (l) => l.trim() !== '' && !l.trimStart().startsWith('#') && l.trim() !== '---',
  );
  if (first < 0) return ' (the file is empty or only comments: add "releases:" or remove it)';
  const l = lines[first]!;
  if (/^\s*- /.test(l) || l.trim() === '-')
    return ` (line ${first + 1} starts a list; a state file is a map of keys such as "releases:", "environments:" and "helmfiles:" — did you forget "releases:" above it?)`;
  if (/^\s/.test(l))
    return ` (line ${first + 1} is indented; top-level keys such as "releases:" start at column 1)`;
  return ' (top-level keys such as "releases:" start at column 1 and end with ":")';
}
