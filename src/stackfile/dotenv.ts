import { StackfileError } from './errors.js';

/**
 * `.env` files as the usual dotenv tools read them: `KEY=VALUE` lines,
 * optionally prefixed with `export `; `#` starts a comment line (and, after a
 * space, a trailing comment of an unquoted value); unquoted values are
 * trimmed; `'single'` quotes keep their text as is; `"double"` quotes
 * understand `\n`, `\r`, `\t`, `\"`, `\\` and `\$`. Quoted values may span
 * lines. Values are not expanded: `${…}` in a `.env` value stays as written.
 */
export function parseDotenv(text: string, file: string): Map<string, string> {
  const out = new Map<string, string>();
  const src = text.replaceAll('\r\n', '\n');
  let i = 0;
  let line = 1;
  const fail = (message: string, at = line): never => {
    throw new StackfileError('STACKFILE_DOTENV', message, { file, line: at });
  };
  while (i < src.length) {
    const end = src.indexOf('\n', i);
    const rawLine = src.slice(i, end < 0 ? src.length : end);
    const trimmed = rawLine.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      i = end < 0 ? src.length : end + 1;
      line++;
      continue;
    }
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=[ \t]*/.exec(rawLine);
    if (!m) fail(`expected KEY=VALUE, got ${JSON.stringify(trimmed)}`);
    const key = m![1]!;
    const startLine = line;
    let j = i + m![0].length;
    let value: string;
    const q = src[j];
    if (q === '"' || q === "'") {
      j++;
      let v = '';
      for (;;) {
        if (j >= src.length)
          fail(`unterminated ${q === '"' ? 'double' : 'single'}-quoted value of ${key}`, startLine);
        const c = src[j]!;
        if (c === q) break;
        if (c === '\n') line++;
        if (c === '\\' && q === '"' && j + 1 < src.length) {
          const n = src[j + 1]!;
          const esc: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };
          if (esc[n] !== undefined) {
            v += esc[n];
            j += 2;
            continue;
          }
        }
        v += c;
        j++;
      }
      j++;
      const restEnd = src.indexOf('\n', j);
      const rest = src.slice(j, restEnd < 0 ? src.length : restEnd).trim();
      if (rest !== '' && !rest.startsWith('#'))
        fail(`unexpected text after the quoted value of ${key}: ${JSON.stringify(rest)}`);
      value = v;
      i = restEnd < 0 ? src.length : restEnd + 1;
    } else {
      const restEnd = src.indexOf('\n', j);
      let v = src.slice(j, restEnd < 0 ? src.length : restEnd);
      const comment = v.search(/\s#/);
      if (comment >= 0) v = v.slice(0, comment);
      value = v.trim();
      i = restEnd < 0 ? src.length : restEnd + 1;
    }
    out.set(key, value);
    line++;
  }
  return out;
}
