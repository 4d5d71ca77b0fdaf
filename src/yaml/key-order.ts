/** yaml.v3's map key order (its keyList.Less): numbers and bools by value, strings in natural order. */
import { GoComplex, GoNumber, type GoValue } from '../template/value.js';

const KIND: Record<string, number> = {
  bool: 1,
  int: 2,
  int8: 3,
  int16: 4,
  int32: 5,
  int64: 6,
  uint: 7,
  uint8: 8,
  uint16: 9,
  uint32: 10,
  uint64: 11,
  uintptr: 12,
  float32: 13,
  float64: 14,
  complex128: 16,
  func: 19,
  interface: 20,
  map: 21,
  slice: 23,
  string: 24,
  struct: 25,
};

function kindOf(v: GoValue): number {
  if (v === null || v === undefined) return KIND.interface!;
  if (typeof v === 'boolean') return KIND.bool!;
  if (typeof v === 'bigint') return KIND.int!;
  if (typeof v === 'number') return KIND.float64!;
  if (typeof v === 'string') return KIND.string!;
  if (v instanceof GoNumber) return KIND[v.type]!;
  if (v instanceof GoComplex) return KIND.complex128!;
  if (Array.isArray(v) || v instanceof Uint8Array) return KIND.slice!;
  if (v instanceof Map) return KIND.map!;
  if ('kind' in v && v.kind === 'func') return KIND.func!;
  return KIND.struct!;
}

function keyFloat(v: GoValue): number | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  if (v instanceof GoNumber) return Number(v.value);
  return undefined;
}

function numLess(a: GoValue, b: GoValue): boolean {
  const x = a instanceof GoNumber ? a.value : a;
  const y = b instanceof GoNumber ? b.value : b;
  if (typeof x === 'boolean') return !x && y === true;
  return (x as bigint | number) < (y as bigint | number);
}

const DIGIT = /^\p{Nd}$/u;
const LETTER = /^\p{L}$/u;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && DIGIT.test(c);
}

function stringLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ca = ar[i]!;
    const cb = br[i]!;
    if (ca === cb) {
      digits = isDigit(ca);
      continue;
    }
    const al = LETTER.test(ca);
    const bl = LETTER.test(cb);
    if (al && bl) return ca.codePointAt(0)! < cb.codePointAt(0)!;
    if (al || bl) return digits ? al : bl;
    let an = 0n;
    let bn = 0n;
    if (ca === '0' || cb === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++)
      an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai]!.codePointAt(0)! - 48));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++)
      bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi]!.codePointAt(0)! - 48));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ca.codePointAt(0)! < cb.codePointAt(0)!;
  }
  return ar.length < br.length;
}

export function keyLess(a: GoValue, b: GoValue): boolean {
  const ak = kindOf(a);
  const bk = kindOf(b);
  const af = keyFloat(a);
  const bf = keyFloat(b);
  if (af !== undefined && bf !== undefined) {
    if (af !== bf) return af < bf;
    if (ak !== bk) return ak < bk;
    return numLess(a, b);
  }
  if (typeof a !== 'string' || typeof b !== 'string') return ak < bk;
  return stringLess(a, b);
}

/** Comparator form of keyLess. */
export function compareKeys(a: GoValue, b: GoValue): number {
  if (keyLess(a, b)) return -1;
  if (keyLess(b, a)) return 1;
  return 0;
}
