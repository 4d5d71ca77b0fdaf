/**
 * Splits a free-text argument string (`--args`, `--sync-args`,
 * `--template-args`, `helmDefaults.args` joined with spaces) into helm
 * arguments the way helmfile does:
 *
 * - words are separated by single spaces (no quoting);
 * - a word starting with `-` is a flag; `--flag=value` keeps its value, a
 *   bare `--flag` takes the next word as its value unless that word is a flag
 *   too;
 * - words that are neither a flag nor a flag's value are dropped;
 * - all occurrences of one flag are grouped at the position of its first
 *   occurrence, in their original order.
 *
 * `--set a=1 --wait --set b=2` therefore becomes `--set a=1 --set b=2 --wait`.
 */
export function collectArgs(text: string): string[] {
  const words = text.split(' ').filter((w) => w.length > 0);
  const order: string[] = [];
  const byFlag = new Map<string, string[][]>();
  const add = (flag: string, rendered: string[]) => {
    let list = byFlag.get(flag);
    if (!list) {
      list = [];
      byFlag.set(flag, list);
      order.push(flag);
    }
    list.push(rendered);
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (!w.startsWith('-')) continue;
    const eq = w.indexOf('=');
    if (eq >= 0) {
      const flag = w.slice(0, eq);
      const value = w.slice(eq + 1);
      add(flag, value === '' ? [flag] : [w]);
      continue;
    }
    const next = words[i + 1];
    if (next !== undefined && !next.startsWith('-')) add(w, [w, next]);
    else add(w, [w]);
  }
  return order.flatMap((f) => (byFlag.get(f) ?? []).flat());
}
