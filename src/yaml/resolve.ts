/**
 * Scalar resolution as yaml.v3 does it (resolve.go semantics): which plain
 * scalars are null, bool, int, uint64, float64 or time.Time, and how explicit
 * tags (`!!int`, `!!float`, `!!timestamp`, …) are checked.
 */
import { local, parseTime, UTC } from '../template/sprig/gotime.js';
import { GoNumber, type GoValue } from '../template/value.js';

export const NULL_TAG = '!!null';
export const BOOL_TAG = '!!bool';
export const STR_TAG = '!!str';
export const INT_TAG = '!!int';
export const FLOAT_TAG = '!!float';
export const TIMESTAMP_TAG = '!!timestamp';
export const SEQ_TAG = '!!seq';
export const MAP_TAG = '!!map';
export const BINARY_TAG = '!!binary';
export const MERGE_TAG = '!!merge';

const LONG_PREFIX = 'tag:yaml.org,2002:';

/** `tag:yaml.org,2002:int` → `!!int`; other tags unchanged. */
export function shortTag(tag: string): string {
  return tag.startsWith(LONG_PREFIX) ? '!!' + tag.slice(LONG_PREFIX.length) : tag;
}

/** A failure yaml.v3 reports with `failf` (no line number): `yaml: <message>`. */
export class ResolveError extends Error {}

const RESOLVE_MAP = new Map<string, readonly [string, GoValue]>();
for (const s of ['true', 'True', 'TRUE']) RESOLVE_MAP.set(s, [BOOL_TAG, true]);
for (const s of ['false', 'False', 'FALSE']) RESOLVE_MAP.set(s, [BOOL_TAG, false]);
for (const s of ['', '~', 'null', 'Null', 'NULL']) RESOLVE_MAP.set(s, [NULL_TAG, null]);
for (const s of ['.nan', '.NaN', '.NAN']) RESOLVE_MAP.set(s, [FLOAT_TAG, Number.NaN]);
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) {
  RESOLVE_MAP.set(s, [FLOAT_TAG, Number.POSITIVE_INFINITY]);
}
for (const s of ['-.inf', '-.Inf', '-.INF']) RESOLVE_MAP.set(s, [FLOAT_TAG, Number.NEGATIVE_INFINITY]);
RESOLVE_MAP.set('<<', [MERGE_TAG, '<<']);

/** The first-character hint table: S(ign), D(igit), M(ap lookup), '.', or none. */
function hintOf(s: string): string {
  if (s === '') return 'N';
  const c = s[0]!;
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return '';
}

function resolvable(tag: string): boolean {
  return (
    tag === '' ||
    tag === STR_TAG ||
    tag === BOOL_TAG ||
    tag === INT_TAG ||
    tag === FLOAT_TAG ||
    tag === NULL_TAG ||
    tag === TIMESTAMP_TAG
  );
}

const MIN_INT64 = -(1n << 63n);
const MAX_INT64 = (1n << 63n) - 1n;
const MAX_UINT64 = (1n << 64n) - 1n;

/** strconv.ParseInt(s, 0, 64) / ParseUint(s, 0, 64) for underscore-free input; undefined on error. */
export function parseGoInt(s: string, unsigned: boolean): bigint | undefined {
  let neg = false;
  let body = s;
  if (!unsigned && (body[0] === '+' || body[0] === '-')) {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  let digits: string;
  let base: number;
  const p = body.slice(0, 2).toLowerCase();
  if (p === '0x') [base, digits] = [16, body.slice(2)];
  else if (p === '0o') [base, digits] = [8, body.slice(2)];
  else if (p === '0b') [base, digits] = [2, body.slice(2)];
  else if (body.length > 1 && body[0] === '0') [base, digits] = [8, body.slice(1)];
  else [base, digits] = [10, body];
  if (digits === '') return undefined;
  const valid = { 16: /^[0-9a-fA-F]+$/, 8: /^[0-7]+$/, 2: /^[01]+$/, 10: /^[0-9]+$/ }[base]!;
  if (!valid.test(digits)) return undefined;
  const prefix = { 16: '0x', 8: '0o', 2: '0b', 10: '' }[base]!;
  const v = BigInt(prefix + digits);
  if (unsigned) return v <= MAX_UINT64 ? v : undefined;
  const signed = neg ? -v : v;
  return signed >= MIN_INT64 && signed <= MAX_INT64 ? signed : undefined;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** strconv.ParseFloat(s, 64) for decimal input (no hex, inf or nan forms needed here); undefined on error or overflow. */
export function parseGoDecimalFloat(s: string): number | undefined {
  if (!/^[+-]?([0-9_]*\.?[0-9_]*)([eE][+-]?[0-9_]+)?$/.test(s)) return undefined;
  if (!/[0-9]/.test(s.replace(/[eE].*$/, ''))) return undefined;
  if (s.includes('_') && !underscoresOk(s)) return undefined;
  const v = Number(s.replace(/_/g, ''));
  if (!Number.isFinite(v)) return undefined;
  return v;
}

/** Go's underscoreOK for base-10 literals: each `_` sits between digits. */
function underscoresOk(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s[0] === '+' || s[0] === '-') i = 1;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c >= '0' && c <= '9') {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

const TIMESTAMP_LAYOUTS = [
  '2006-1-2T15:4:5.999999999Z07:00',
  '2006-1-2t15:4:5.999999999Z07:00',
  '2006-1-2 15:4:5.999999999',
  '2006-1-2',
];

/** yaml.v3 parseTimestamp: only values starting with `YYYY-`. */
export function parseTimestamp(s: string): GoValue | undefined {
  if (!/^[0-9]{4}-/.test(s)) return undefined;
  for (const layout of TIMESTAMP_LAYOUTS) {
    try {
      return parseTime(layout, s, UTC, local());
    } catch {
      // try the next layout
    }
  }
  return undefined;
}

/**
 * resolve(tag, in): the resolved short tag and value. `tag` is the node's short
 * tag ('' when implicit). Throws ResolveError like yaml.v3's
 * "cannot decode !!str `x` as a !!int".
 */
export function resolveScalar(tag: string, input: string): [string, GoValue] {
  if (!resolvable(tag)) return [tag, input];
  const [rtag, out] = resolveInner(tag, input);
  if (tag === '' || tag === rtag || tag === STR_TAG || tag === BINARY_TAG) return [rtag, out];
  if (tag === FLOAT_TAG && rtag === INT_TAG && typeof out === 'bigint') return [FLOAT_TAG, Number(out)];
  throw new ResolveError(`cannot decode ${rtag} \`${input}\` as a ${tag}`);
}

function resolveInner(tag: string, input: string): [string, GoValue] {
  const hint = hintOf(input);
  if (hint === '' || tag === STR_TAG || tag === BINARY_TAG) return [STR_TAG, input];
  const hit = RESOLVE_MAP.get(input);
  if (hit) return [hit[0], hit[1]];
  if (hint === '.') {
    const f = parseGoDecimalFloat(input);
    if (f !== undefined) return [FLOAT_TAG, f];
  } else if (hint === 'D' || hint === 'S') {
    if (tag === '' || tag === TIMESTAMP_TAG) {
      const t = parseTimestamp(input);
      if (t !== undefined) return [TIMESTAMP_TAG, t];
    }
    const plain = input.replace(/_/g, '');
    const i = parseGoInt(plain, false);
    if (i !== undefined) return [INT_TAG, i];
    const u = parseGoInt(plain, true);
    if (u !== undefined) return [INT_TAG, new GoNumber('uint64', u)];
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = Number(plain);
      if (Number.isFinite(f)) return [FLOAT_TAG, f];
    }
  }
  return [STR_TAG, input];
}

/** The tag yaml.v3 infers for a plain scalar with no explicit tag. */
export function implicitTag(value: string): string {
  try {
    return resolveScalar('', value)[0];
  } catch {
    return STR_TAG;
  }
}

/** Go's base64.StdEncoding.DecodeString (newlines ignored, padding required). */
export function decodeBase64Std(s: string): Uint8Array | undefined {
  const clean = s.replace(/[\r\n]/g, '');
  if (clean.length % 4 !== 0) return undefined;
  if (!/^[A-Za-z0-9+/]*(={0,2})$/.test(clean)) return undefined;
  return new Uint8Array(Buffer.from(clean, 'base64'));
}
