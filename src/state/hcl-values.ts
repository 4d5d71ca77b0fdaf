import type { GoValue } from '../template/value.js';

/** HCL values (cty's, as helmfile's reader uses them), their operators and the function library. */

export type HclValue = string | number | boolean | null | HclValue[] | Map<string, HclValue>;
type V = HclValue;
export type Fail = (m: string) => never;

export function toStr(v: V, fail: (m: string) => never): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numText(v);
  if (typeof v === 'boolean') return String(v);
  return fail(
    v === null
      ? 'Invalid template interpolation value; the value is null'
      : 'Invalid template interpolation value; a string is required',
  );
}

export function numText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
}

export function equal(a: V, b: V): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => equal(x, b[i] as V));
  if (a instanceof Map && b instanceof Map)
    return a.size === b.size && [...a].every(([k, x]) => b.has(k) && equal(x, b.get(k) as V));
  return a === b;
}

export function operate(op: string, a: V, b: V, fail: (m: string) => never): V {
  if (op === '==') return equal(a, b);
  if (op === '!=') return !equal(a, b);
  if (op === '&&' || op === '||') {
    if (typeof a !== 'boolean' || typeof b !== 'boolean') fail(`"${op}" needs bools`);
    return op === '&&' ? a && b : a || b;
  }
  const num = (v: V): number => {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    return fail(`"${op}" needs numbers`);
  };
  const x = num(a);
  const y = num(b);
  switch (op) {
    case '+':
    case '-':
    case '*':
      return decimalArith(op, x, y);
    case '/':
      if (y === 0) fail('Division by zero');
      return decimalDivide(x, y);
    case '%':
      if (y === 0) fail('Division by zero');
      return x % y;
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    default:
      return x >= y;
  }
}

/**
 * cty computes with high-precision decimals (0.1 + 0.2 is 0.3) and helmfile
 * hands the result on as a float64. Numbers here are float64s; an operation
 * is done exactly on their shortest decimal forms and rounded once.
 */
function decimal(n: number): { int: bigint; scale: number } | undefined {
  if (!Number.isFinite(n)) return undefined;
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(n));
  if (!m) return undefined;
  const frac = m[3] ?? '';
  let int = BigInt(`${m[1]}${m[2]}${frac}`);
  let scale = frac.length - Number(m[4] ?? 0);
  if (scale < 0) {
    int *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { int, scale };
}

const fromDecimal = (int: bigint, scale: number): number => Number(`${int}e${-scale}`);

function decimalArith(op: '+' | '-' | '*', x: number, y: number): number {
  const a = decimal(x);
  const b = decimal(y);
  if (!a || !b) return op === '+' ? x + y : op === '-' ? x - y : x * y;
  if (op === '*') return fromDecimal(a.int * b.int, a.scale + b.scale);
  const scale = Math.max(a.scale, b.scale);
  const ai = a.int * 10n ** BigInt(scale - a.scale);
  const bi = b.int * 10n ** BigInt(scale - b.scale);
  return fromDecimal(op === '+' ? ai + bi : ai - bi, scale);
}

function decimalDivide(x: number, y: number): number {
  const a = decimal(x);
  const b = decimal(y);
  if (!a || !b) return x / y;
  // a/b = (a.int·10^b.scale) / (b.int·10^a.scale): a quotient of two integers, rounded once when both are exact doubles.
  const n = a.int * 10n ** BigInt(b.scale);
  const d = b.int * 10n ** BigInt(a.scale);
  const limit = 2n ** 53n;
  const abs = (v: bigint) => (v < 0n ? -v : v);
  if (abs(n) <= limit && abs(d) <= limit) return Number(n) / Number(d);
  return x / y;
}

/** cty's merge of two definitions of one value: objects merged deeply, anything else replaced. */
export function mergeValues(a: V, b: V): V {
  if (b === null) return a;
  if (a instanceof Map && b instanceof Map) {
    const out = new Map(a);
    for (const [k, v] of b) out.set(k, out.has(k) ? mergeValues(out.get(k) as V, v) : v);
    return out;
  }
  return b;
}

type Fn = (args: V[], fail: (m: string) => never) => V;
const str = (v: V, fail: (m: string) => never): string => toStr(v, fail);
const list = (v: V, fail: (m: string) => never): V[] => (Array.isArray(v) ? v : fail('a list is required'));
const obj = (v: V, fail: (m: string) => never): Map<string, V> =>
  v instanceof Map ? v : fail('an object is required');
const sortedKeys = (m: Map<string, V>) => [...m.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export const FUNCTIONS: Record<string, Fn> = {
  upper: ([s], f) => str(s ?? null, f).toUpperCase(),
  lower: ([s], f) => str(s ?? null, f).toLowerCase(),
  title: ([s], f) =>
    str(s ?? null, f).replace(/(^|\s)(\S)/g, (_, a: string, b: string) => a + b.toUpperCase()),
  trimspace: ([s], f) => str(s ?? null, f).trim(),
  chomp: ([s], f) => str(s ?? null, f).replace(/(\r\n|\n|\r)+$/, ''),
  strrev: ([s], f) => [...str(s ?? null, f)].reverse().join(''),
  strlen: ([s], f) => [...str(s ?? null, f)].length,
  trimprefix: ([s, p], f) => {
    const t = str(s ?? null, f);
    const x = str(p ?? null, f);
    return t.startsWith(x) ? t.slice(x.length) : t;
  },
  trimsuffix: ([s, p], f) => {
    const t = str(s ?? null, f);
    const x = str(p ?? null, f);
    return x !== '' && t.endsWith(x) ? t.slice(0, -x.length) : t;
  },
  join: ([sep, ...ls], f) =>
    ls
      .flatMap((l) => list(l, f))
      .map((x) => str(x, f))
      .join(str(sep ?? null, f)),
  split: ([sep, s], f) => str(s ?? null, f).split(str(sep ?? null, f)),
  concat: (ls, f) => ls.flatMap((l) => list(l, f)),
  length: ([v], f) =>
    typeof v === 'string' ? [...v].length : v instanceof Map ? v.size : list(v ?? null, f).length,
  keys: ([m], f) => sortedKeys(obj(m ?? null, f)),
  values: ([m], f) => {
    const o = obj(m ?? null, f);
    return sortedKeys(o).map((k) => o.get(k) as V);
  },
  merge: (ms, f) => {
    const out = new Map<string, V>();
    for (const m of ms) if (m !== null) for (const [k, v] of obj(m, f)) out.set(k, v);
    return out;
  },
  lookup: ([m, k, d], f) => {
    const o = obj(m ?? null, f);
    const key = str(k ?? null, f);
    if (o.has(key)) return o.get(key) as V;
    return d === undefined ? f(`the given key ${JSON.stringify(key)} does not exist`) : d;
  },
  contains: ([l, v], f) => list(l ?? null, f).some((x) => equal(x, v ?? null)),
  element: ([l, i], f) => {
    const xs = list(l ?? null, f);
    if (xs.length === 0) f('cannot use element function with an empty list');
    const n = Math.floor(Number(i));
    return xs[((n % xs.length) + xs.length) % xs.length] as V;
  },
  flatten: ([l], f) => {
    const out: V[] = [];
    const walk = (xs: V[]) => {
      for (const x of xs) Array.isArray(x) ? walk(x) : out.push(x);
    };
    walk(list(l ?? null, f));
    return out;
  },
  distinct: ([l], f) => list(l ?? null, f).filter((x, i, xs) => xs.findIndex((y) => equal(x, y)) === i),
  reverselist: ([l], f) => [...list(l ?? null, f)].reverse(),
  compact: ([l], f) => list(l ?? null, f).filter((x) => x !== null && x !== ''),
  coalesce: (vs, f) => vs.find((v) => v !== null && v !== '') ?? f('no non-null, non-empty-string arguments'),
  abs: ([n]) => Math.abs(Number(n)),
  ceil: ([n]) => Math.ceil(Number(n)),
  floor: ([n]) => Math.floor(Number(n)),
  max: (ns) => Math.max(...ns.map(Number)),
  min: (ns) => Math.min(...ns.map(Number)),
  signum: ([n]) => Math.sign(Number(n)),
  pow: ([a, b]) => Number(a) ** Number(b),
  int: ([n]) => Math.trunc(Number(n)),
  jsonencode: ([v]) => JSON.stringify(toJson(v ?? null)),
  jsondecode: ([s], f) => fromJson(JSON.parse(str(s ?? null, f))),
  zipmap: ([k, v], f) => {
    const ks = list(k ?? null, f);
    const vs = list(v ?? null, f);
    return new Map(ks.map((x, i) => [str(x, f), vs[i] ?? null]));
  },
};

function toJson(v: V): unknown {
  if (v instanceof Map) return Object.fromEntries(sortedKeysOf(v).map((k) => [k, toJson(v.get(k) as V)]));
  if (Array.isArray(v)) return v.map(toJson);
  return v;
}
const sortedKeysOf = (m: Map<string, V>) => [...m.keys()].sort();

function fromJson(x: unknown): V {
  if (Array.isArray(x)) return x.map(fromJson);
  if (x !== null && typeof x === 'object')
    return new Map(Object.entries(x).map(([k, v]) => [k, fromJson(v)]));
  return x as V;
}

/** A value as Go holds it after helmfile's JSON round trip (objects as maps with sorted keys, numbers float64). */
export function toGo(v: V): GoValue {
  if (v instanceof Map) return new Map(sortedKeysOf(v).map((k) => [k, toGo(v.get(k) as V)]));
  if (Array.isArray(v)) return v.map(toGo);
  return v;
}
