import { buildAndList, type GeneratedCase, NAMES, parts, pickChart } from '../model.js';
import type { Rng } from '../rng.js';

/**
 * `.hcl` environment values: one to three HCL files (and now and then a YAML
 * file between them) with `values` blocks and a `locals` block, values
 * referring to each other across files (`hv.NAME`, only to earlier names so
 * that there is no cycle) and to the file's locals (`local.NAME`), names
 * defined in several files (objects merge, the rest is replaced), string
 * templates with `${}`, `%{if}` and `%{for}`, arithmetic on integers and
 * halves, conditionals and common functions. `build` shows the result in
 * `renderedvalues`.
 */

type T = 'str' | 'num' | 'bool' | 'list' | 'obj';
const TYPES: readonly T[] = ['str', 'num', 'bool', 'list', 'obj'];
const WORDS = ['alpha', 'beta', 'Gamma', 'delta', 'x', 'y-z', 'eu_1'] as const;

interface Ctx {
  readonly rng: Rng;
  /** Earlier values this expression may use, with their types. */
  readonly hv: readonly (readonly [string, T])[];
  /** The file's locals (all strings). */
  readonly locals: readonly string[];
}

function ref(c: Ctx, t: T): string | undefined {
  const options = c.hv.filter(([, ty]) => ty === t).map(([n]) => `hv.${n}`);
  if (t === 'str') options.push(...c.locals.map((l) => `local.${l}`));
  return options.length > 0 && c.rng.chance(0.5) ? c.rng.pick(options) : undefined;
}

/**
 * A number: integers, halves and tenths, `+ - * /`. `forText` (a number
 * written into a string) keeps to integers and halves without division and
 * hv references: cty writes a result that is not exact in binary with all
 * the digits of its 512-bit float (see known-differences.md).
 */
function num(c: Ctx, depth: number, forText = false): string {
  const r = forText ? undefined : ref(c, 'num');
  if (r) return r;
  const sub = () => num(c, depth - 1, forText);
  if (depth <= 0 || c.rng.chance(0.4)) {
    const k = c.rng.int(10);
    if (k < 6) return String(c.rng.range(0, 20));
    // Tenths are not exact in binary: their sums and products read differently in a string.
    return k < 8 || forText ? `${c.rng.range(0, 9)}.5` : `${c.rng.range(0, 3)}.${c.rng.range(1, 9)}`;
  }
  switch (c.rng.int(6)) {
    case 0:
      return `${sub()} ${c.rng.pick(['+', '-'])} ${sub()}`;
    case 1:
      return `${sub()} * ${sub()}`;
    case 2:
      return `max(${sub()}, ${sub()})`;
    case 3:
      return `length(${list(c, depth - 1)})`;
    case 4:
      return forText ? sub() : `(${sub()}) / ${c.rng.range(1, 9)}`;
    default:
      return `(${bool(c, depth - 1)} ? ${sub()} : ${sub()})`;
  }
}

function str(c: Ctx, depth: number): string {
  const r = ref(c, 'str');
  if (r) return r;
  if (depth <= 0 || c.rng.chance(0.3)) return `"${c.rng.pick(WORDS)}"`;
  switch (c.rng.int(6)) {
    case 0:
      return `"${c.rng.pick(WORDS)}-\${${str(c, depth - 1)}}"`;
    case 1:
      return `"n\${${num(c, depth - 1, true)}}"`;
    case 2:
      return `${c.rng.pick(['upper', 'lower'])}(${str(c, depth - 1)})`;
    case 3:
      return `join("${c.rng.pick(['-', ',', ''])}", ${list(c, depth - 1)})`;
    case 4:
      return `"%{if ${bool(c, depth - 1)}}yes%{else}no%{endif}"`;
    default:
      return `"%{for v in ${list(c, depth - 1)}}[\${v}]%{endfor}"`;
  }
}

function bool(c: Ctx, depth: number): string {
  const r = ref(c, 'bool');
  if (r) return r;
  if (depth <= 0 || c.rng.chance(0.4)) return String(c.rng.chance(0.5));
  switch (c.rng.int(3)) {
    case 0:
      return `${num(c, depth - 1)} ${c.rng.pick(['>', '<', '>=', '==', '!='])} ${num(c, depth - 1)}`;
    case 1:
      return `${str(c, depth - 1)} == ${str(c, depth - 1)}`;
    default:
      return `!(${bool(c, depth - 1)})`;
  }
}

/** A list of strings (what `join`, `%{for}` and `length` take). */
function list(c: Ctx, depth: number): string {
  const r = ref(c, 'list');
  if (r) return r;
  const items = () => `[${Array.from({ length: c.rng.range(0, 3) }, () => str(c, depth - 1)).join(', ')}]`;
  if (depth <= 0 || c.rng.chance(0.6)) return items();
  return `concat(${items()}, ${list(c, depth - 1)})`;
}

function obj(c: Ctx, depth: number): string {
  const r = ref(c, 'obj');
  if (r) return r;
  const keys = c.rng.sample(['a', 'b', 'c', 'd'], c.rng.range(1, 3));
  const body = keys
    .map((k) => {
      const t = depth > 0 && c.rng.chance(0.3) ? 'obj' : c.rng.pick(['str', 'num', 'bool'] as const);
      return `${k} = ${expr(c, t, depth - 1)}`;
    })
    .join(', ');
  if (depth > 0 && c.rng.chance(0.3)) return `merge({ ${body} }, ${obj(c, depth - 1)})`;
  return `{ ${body} }`;
}

function expr(c: Ctx, t: T, depth: number): string {
  switch (t) {
    case 'str':
      return str(c, depth);
    case 'num':
      return num(c, depth);
    case 'bool':
      return bool(c, depth);
    case 'list':
      return list(c, depth);
    default:
      return obj(c, depth);
  }
}

export function hclCase(rng: Rng, id: string): GeneratedCase {
  const fileCount = rng.range(1, 3);
  const names = Array.from({ length: rng.range(3, 7) }, (_, i) => `v${i}`);
  const types = names.map(() => rng.pick(TYPES));
  const locals = Array.from({ length: fileCount }, (_, f) =>
    rng.chance(0.6) ? rng.sample(['region', 'team', 'suffix'], rng.range(1, 2)).map((l) => `${l}${f}`) : [],
  );
  // Each name is defined in one file, now and then in two.
  const defsByFile: string[][] = Array.from({ length: fileCount }, () => []);
  names.forEach((name, i) => {
    const files = rng.sample(
      Array.from({ length: fileCount }, (_, f) => f),
      fileCount > 1 && rng.chance(0.25) ? 2 : 1,
    );
    for (const f of files) {
      const c: Ctx = {
        rng,
        hv: names.slice(0, i).map((n, j) => [n, types[j] as T] as const),
        locals: locals[f] as string[],
      };
      defsByFile[f]?.push(`  ${name} = ${expr(c, types[i] as T, 2)}`);
    }
  });
  const files: Record<string, string> = {};
  const listed: string[] = [];
  for (let f = 0; f < fileCount; f++) {
    const own = locals[f] as string[];
    const blocks: string[] = [];
    if (own.length > 0)
      blocks.push(`locals {\n${own.map((l) => `  ${l} = "${rng.pick(WORDS)}"`).join('\n')}\n}\n`);
    const defs = defsByFile[f] as string[];
    // Sometimes split into two values blocks.
    const cut = defs.length > 1 && rng.chance(0.3) ? rng.range(1, defs.length - 1) : defs.length;
    blocks.push(`values {\n${defs.slice(0, cut).join('\n')}\n}\n`);
    if (cut < defs.length) blocks.push(`values {\n${defs.slice(cut).join('\n')}\n}\n`);
    const name = `values${f}.hcl`;
    files[name] = blocks.join('\n');
    listed.push(name);
    if (rng.chance(0.2)) {
      files[`plain${f}.yaml`] = `${rng.pick(names)}: from-yaml\nyamlOnly: ${rng.range(1, 9)}\n`;
      listed.push(`plain${f}.yaml`);
    }
  }
  const { chart, version } = pickChart(rng);
  const release = [
    `- name: ${rng.pick(NAMES)}`,
    `  chart: ${chart}`,
    ...(version ? [`  version: ${version}`] : []),
  ];
  const main = 'helmfile.yaml.gotmpl';
  const head = `environments:\n  default:\n    values:\n${listed.map((l) => `    - ${l}`).join('\n')}\n`;
  return {
    id,
    area: 'hcl',
    main,
    files: { ...files, [main]: parts(head, `releases:\n${release.join('\n')}\n`) },
    runs: buildAndList(),
  };
}
