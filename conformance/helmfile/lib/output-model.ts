import { parse as parseYaml } from 'yaml';

/**
 * Turns a command's combined output into the data it carries, so two
 * implementations are compared on meaning, not on wording: log lines are set
 * aside, YAML documents (helm manifests, `build` states) are parsed, `list`
 * tables and JSON become records.
 */

export interface YamlDoc {
  /** From the document's `# Source: …` comment (helm) or `#  Source: …` (helmfile build), if any. */
  readonly source: string | null;
  readonly body: unknown;
}

export interface SplitOutput {
  readonly logs: string[];
  readonly docs: YamlDoc[];
  /** Documents that did not parse as YAML (text and reason). */
  readonly unparsable: string[];
}

const knownLogLine =
  /^(Templating |Building dependency |Adding repo |Pulling |Pulled: |Digest: |Saving \d|Downloading |Deleting outdated|Hang tight|\.\.\.[A-Z]|Update Complete|Live output|"[^"]*" has been added|Fetching |Skipping |WARNING|Error:|err:|in \.\/)/;
const yamlKeyLine = /^[A-Za-z0-9_./-]+:(\s|$)/;
const sourceComment = /^#\s+Source:\s*(.*?)\s*$/;
const separator = /^---\s*$/;

/**
 * A line helmfile or helm logs between documents. Manifest and state
 * documents only ever start lines at column 0 with lower-case keys, `-`,
 * `#` or space, so a column-0 line that is a known log line, or starts with a
 * capital letter and is not a `Key:` line, is a log line.
 */
export function isLogLine(line: string): boolean {
  if (line.trim() === '') return false;
  if (knownLogLine.test(line)) return true;
  return /^[A-Z"]/.test(line) && !yamlKeyLine.test(line);
}

export function splitDocuments(text: string): SplitOutput {
  const logs: string[] = [];
  const docs: YamlDoc[] = [];
  const unparsable: string[] = [];
  const segments: string[][] = [[]];
  for (const line of text.replaceAll('\r\n', '\n').split('\n')) {
    if (separator.test(line)) segments.push([]);
    else segments[segments.length - 1]!.push(line);
  }
  const [preamble = [], ...rest] = segments;
  logs.push(...preamble.filter((l) => l.trim() !== ''));
  for (const seg of rest) {
    const body: string[] = [];
    let source: string | null = null;
    for (const line of seg) {
      if (isLogLine(line)) {
        logs.push(line);
        continue;
      }
      const m = sourceComment.exec(line);
      if (m && source === null) source = m[1] ?? '';
      body.push(line);
    }
    const yamlText = body.join('\n');
    let value: unknown;
    try {
      value = parseYaml(yamlText);
    } catch (err) {
      unparsable.push(`${(err as Error).message.split('\n')[0]}: ${yamlText.slice(0, 200)}`);
      continue;
    }
    if (value === null || value === undefined) continue;
    docs.push({ source, body: value });
  }
  return { logs, docs, unparsable };
}

/** `helmfile list` table: tab-separated columns under a `NAME …` header. */
export function parseListTable(text: string): Record<string, string>[] {
  const rows = text.split('\n').filter((l) => l.includes('\t'));
  const headerAt = rows.findIndex((l) => l.split('\t')[0]?.trim() === 'NAME');
  if (headerAt < 0) return [];
  const header = rows[headerAt]!.split('\t').map((c) => c.trim());
  return rows.slice(headerAt + 1).map((row) => {
    const cells = row.split('\t').map((c) => c.trim());
    const rec: Record<string, string> = {};
    header.forEach((h, i) => {
      rec[h] = cells[i] ?? '';
    });
    return rec;
  });
}

/** `list --output json`: the JSON array in the output (log lines before it are ignored). */
export function parseListJson(text: string): unknown[] | null {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.trimStart().startsWith('[')) continue;
    for (let j = lines.length; j > i; j--) {
      try {
        const v: unknown = JSON.parse(lines.slice(i, j).join('\n'));
        if (Array.isArray(v)) return v;
      } catch {
        // not this span; try a shorter one
      }
    }
  }
  return null;
}
