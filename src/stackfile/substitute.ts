import { isCollection, LineCounter, parseAllDocuments, visit } from 'yaml';
import { closest } from '../state/suggest.js';
import { StackfileError } from './errors.js';
import { expandVariables, type Lookup, VariableError } from './expand.js';
import { isPlainScalarText } from './plain.js';

/**
 * `${name}` substitution in a stackfile's (or overlay's) YAML text, before it
 * is decoded: every scalar VALUE (never a key, never a comment) that holds a
 * reference is replaced in the text as if its expansion had been written
 * there. An unquoted scalar stays unquoted when its expansion reads back as
 * one plain scalar, so `replicas: ${n}` with n=3 is the number 3 and
 * `version: ${v}` with v=1.10 is the text "1.10" for a string field; a quoted
 * or block scalar, or an expansion YAML would read differently, is written
 * double-quoted and is a string. Line numbers are kept (a multi-line scalar
 * is followed by blank lines), so later errors point at the file as written.
 *
 * Text that is not valid YAML is returned unchanged (decoding reports it).
 */
export function substituteVariables(
  text: string,
  file: string,
  lookup: Lookup,
  known: readonly string[] = [],
): string {
  if (!text.includes('${')) return text;
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter: lines,
    merge: false,
    uniqueKeys: false,
    strict: false,
  });
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return text;
  const edits: { start: number; end: number; text: string }[] = [];
  for (const doc of docs) {
    visit(doc, {
      Scalar(key, node, path) {
        if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('${') || !node.range)
          return;
        const [start, end] = node.range;
        let expanded: string;
        try {
          expanded = expandVariables(node.value, lookup);
        } catch (err) {
          if (!(err instanceof VariableError)) throw err;
          const p = lines.linePos(start);
          throw new StackfileError('STACKFILE_VARIABLE', hintFor(err.message, known), {
            file,
            line: p.line,
            column: p.col,
          });
        }
        const flow = path.some((a) => isCollection(a) && a.flow === true);
        const keepPlain = node.type === 'PLAIN' && isPlainScalarText(expanded, flow);
        const original = text.slice(start, end);
        const newlines = original.split('\n').length - 1;
        edits.push({
          start,
          end,
          text: (keepPlain ? expanded : JSON.stringify(expanded)) + '\n'.repeat(newlines),
        });
      },
    });
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function hintFor(message: string, known: readonly string[]): string {
  if (message.endsWith('is not set')) {
    const name = /variable "([^"]+)"/.exec(message)?.[1];
    const near = name === undefined ? undefined : closest(name, known);
    if (near) return `${message}: did you mean "\${${near}}"?`;
    return `${message}: declare it under variables:, in a .env file beside the stackfile or in the environment, or give a default with \${name:-default}`;
  }
  return message;
}
