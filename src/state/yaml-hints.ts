/**
 * Likely fixes for YAML syntax errors in state files. Go's yaml.v3 message
 * (which helmfile prints too) is kept; this adds where the mistake most
 * likely is — often not where the parser gave up (an unclosed quote or
 * bracket is only noticed lines later) — and what to write instead.
 * Lines and columns are 1-based and relative to the text given.
 */

export interface YamlHint {
  readonly hint: string;
  /** A better position than the parser's, when the mistake was found. */
  readonly line?: number;
  readonly column?: number;
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/** The first line with a tab in its indentation. */
function findTab(lines: readonly string[]): YamlHint | undefined {
  for (const [i, l] of lines.entries()) {
    const lead = /^[ \t]*/.exec(l)![0];
    const tab = lead.indexOf('\t');
    if (tab >= 0) return { hint: 'YAML indentation must use spaces, not tabs', line: i + 1, column: tab + 1 };
  }
  return undefined;
}

/** The start of the value after `key: ` or `- ` on a line (index), or -1. */
function valueStart(line: string): number {
  const m = /^(\s*(?:-\s+)*(?:[^\s#'"{[][^:#]*:\s+|-\s+))/.exec(line);
  return m ? m[1]!.length : -1;
}

/** A quoted scalar that is not closed on its line. */
function findUnclosedQuote(lines: readonly string[]): YamlHint | undefined {
  for (const [i, l] of lines.entries()) {
    const at = valueStart(l);
    if (at < 0) continue;
    const q = l[at];
    if (q !== '"' && q !== "'") continue;
    const rest = l.slice(at + 1);
    const closed = q === '"' ? /(^|[^\\])"/.test(rest) || rest.startsWith('"') : rest.includes("'");
    if (!closed)
      return {
        hint: `the string quoted with ${q} here is never closed: add the closing ${q} at the end of the value`,
        line: i + 1,
        column: at + 1,
      };
  }
  return undefined;
}

/** A flow sequence or mapping opened on a line and not closed there. */
function findUnclosedFlow(lines: readonly string[], open: '[' | '{'): YamlHint | undefined {
  const close = open === '[' ? ']' : '}';
  const what = open === '[' ? 'list' : 'map';
  for (const [i, l] of lines.entries()) {
    const at = valueStart(l);
    if (at < 0 || l[at] !== open) continue;
    let depth = 0;
    for (const c of l.slice(at)) {
      if (c === open) depth++;
      else if (c === close) depth--;
    }
    if (depth > 0)
      return {
        hint: `the ${what} opened with "${open}" here is not closed: add "${close}" at the end of it`,
        line: i + 1,
        column: at + 1,
      };
  }
  return undefined;
}

/** A line whose indentation matches no key above it (the parser stops at or after it). */
function findBadIndent(lines: readonly string[], near: number): YamlHint | undefined {
  const skip = (l: string) => l.trim() === '' || l.trimStart().startsWith('#');
  for (let i = Math.min(near, lines.length) - 1; i > 0; i--) {
    const l = lines[i]!;
    if (skip(l)) continue;
    const cur = indentOf(l);
    const levels = new Map<number, number>();
    for (let j = 0; j < i; j++) {
      const prev = lines[j]!;
      if (skip(prev)) continue;
      levels.set(indentOf(prev), j + 1);
      // Keys of a list item line up with the text after "- ".
      const item = /^\s*-\s+/.exec(prev);
      if (item) levels.set(item[0].length, j + 1);
    }
    if (levels.has(cur)) continue;
    let above = i;
    while (above > 0 && skip(lines[above - 1]!)) above--;
    const key = lines[above - 1]!;
    const want = /^\s*-\s+/.exec(key)?.[0].length ?? indentOf(key);
    return {
      hint: `line ${i + 1} is indented by ${cur} spaces, which lines up with nothing above it; the key before it (line ${above}) is at ${want}`,
      line: i + 1,
      column: cur + 1,
    };
  }
  return undefined;
}

function findText(lines: readonly string[], needle: string): { line: number; column: number } | undefined {
  for (const [i, l] of lines.entries()) {
    const c = l.indexOf(needle);
    if (c >= 0) return { line: i + 1, column: c + 1 };
  }
  return undefined;
}

/** A hint for a yaml.v3 error message on `text`; `line` is where the parser stopped (1-based), if known. */
export function yamlHint(message: string, text: string, line?: number): YamlHint | undefined {
  const lines = text.split('\n');
  if (/found character that cannot start any token|found a tab character/.test(message))
    return findTab(lines);
  if (/found unexpected end of stream/.test(message)) return findUnclosedQuote(lines);
  if (/did not find expected ',' or ']'/.test(message)) return findUnclosedFlow(lines, '[');
  if (/did not find expected ',' or '}'/.test(message)) return findUnclosedFlow(lines, '{');
  if (/did not find expected key|did not find expected '-' indicator/.test(message))
    return findBadIndent(lines, line ?? lines.length);
  if (/mapping values are not allowed in this context/.test(message))
    return { hint: 'a plain value cannot contain ": " — put the whole value in quotes' };
  let m = /line (\d+): mapping key "([^"]+)" already defined at line (\d+)/.exec(message);
  if (m) {
    const l = Number(m[1]);
    const col = lines[l - 1]?.indexOf(`${m[2]}:`) ?? -1;
    return {
      hint: `"${m[2]}" appears twice in the same map (lines ${m[3]} and ${l}): keep one`,
      line: l,
      ...(col >= 0 ? { column: col + 1 } : {}),
    };
  }
  m = /unknown anchor '([^']+)' referenced/.exec(message);
  if (m) {
    const at = findText(lines, `*${m[1]}`);
    return {
      hint: `define the anchor with &${m[1]} before this alias, in the same "---" part`,
      ...(at ?? {}),
    };
  }
  return undefined;
}
