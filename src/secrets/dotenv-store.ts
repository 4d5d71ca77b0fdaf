/**
 * dotenv as sops reads and prints it: one KEY=VALUE per line, '#' lines are
 * comments, blank lines dropped, newlines inside values written as `\n`.
 */
import { formatFloatG } from './gonum.js';
import { Branch, Comment, GoFloat, GoInt, GoTime, type Item, isCollection, type Value } from './tree.js';

export class DotenvLoadError extends Error {
  override readonly name = 'DotenvLoadError';
}

export function loadDotenv(text: string): Branch {
  const items: Item[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.length === 0) return;
    if (line.startsWith('#')) {
      items.push({ key: new Comment(line.slice(1)), value: null });
      return;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new DotenvLoadError(`line ${i + 1} is not KEY=VALUE`);
    items.push({ key: line.slice(0, eq), value: line.slice(eq + 1).replaceAll('\\n', '\n') });
  });
  return new Branch(items);
}

/** sops's text form of a non-string value in a dotenv file. */
function valueText(v: Value): string {
  if (typeof v === 'string') return v.replaceAll('\n', '\\n');
  if (v === null) return '<nil>';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof GoInt) return v.value.toString();
  if (v instanceof GoTime) return v.text.replace(/\.\d+/, '');
  if (v instanceof GoFloat) {
    let s = formatFloatG(v.value, true);
    if (!s.includes('.') && !s.includes('E')) s = Number.isFinite(v.value) ? `${s}.0` : s;
    return s;
  }
  if (v instanceof Comment) return v.value;
  return '';
}

export function emitDotenv(branch: Branch): string {
  let out = '';
  for (const item of branch.items) {
    if (isCollection(item.value)) {
      throw new DotenvLoadError(`cannot use a nested value in a dotenv file (key ${String(item.key)})`);
    }
    if (item.key instanceof Comment) out += `#${item.key.value}\n`;
    else out += `${item.key}=${valueText(item.value)}\n`;
  }
  return out;
}
