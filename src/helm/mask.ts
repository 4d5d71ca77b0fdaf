/**
 * Command lines helmfire prints or puts in errors never show values: the
 * value half of `--set k=v`, `--set-string`, `--set-file`, `--set-json`,
 * `--set-literal` and the password of `--password` / `--username` pairs are
 * replaced, the keys kept so the user can still tell which setting it was.
 */
const VALUE_FLAGS = new Set(['--set', '--set-string', '--set-json', '--set-literal', '--set-file']);
const SECRET_FLAGS = new Set(['--password', '--pass', '--token']);
export const MASK = '***';

export function maskArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const eq = a.indexOf('=');
    const flag = eq > 0 && a.startsWith('--') ? a.slice(0, eq) : a;
    if (VALUE_FLAGS.has(flag)) {
      if (flag === a) {
        out.push(a);
        if (i + 1 < args.length) out.push(maskAssignments(args[++i] as string));
      } else out.push(`${flag}=${maskAssignments(a.slice(eq + 1))}`);
    } else if (SECRET_FLAGS.has(flag)) {
      if (flag === a) {
        out.push(a);
        if (i + 1 < args.length) {
          i++;
          out.push(MASK);
        }
      } else out.push(`${flag}=${MASK}`);
    } else out.push(a);
  }
  return out;
}

/** `a=1,b.c=x` → `a=***,b.c=***` (helm's comma-separated list of assignments; `\,` escapes a comma). */
function maskAssignments(s: string): string {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[++i];
    } else if (c === ',') {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? p : `${p.slice(0, eq)}=${MASK}`;
    })
    .join(',');
}
