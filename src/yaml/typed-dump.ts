/**
 * A typed, JSON-serialisable picture of a decoded Go value (Go type + value),
 * used to compare helmfire's YAML decoding with yaml.v3's field by field.
 */
import { GoTime, local, parseTime, RFC3339_NANO, UTC } from '../template/sprig/gotime.js';
import { GoNumber, type GoNumberType, type GoValue, taggedGoType, withGoType } from '../template/value.js';
import { formatFloatG } from './gostr.js';

export interface TypedDump {
  t: string;
  v?: unknown;
}

/** Byte-wise (UTF-8) string order, as Go's sort.Strings. */
export function compareUtf8(a: string, b: string): number {
  const ba = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  return Buffer.compare(ba, bb);
}

function keyText(d: TypedDump): string {
  return `${d.t}\u0000${JSON.stringify(d.v ?? null)}`;
}

/** Put the pairs of every map of a dump in one canonical order (so dumps from both sides compare equal). */
export function normalizeDump(d: TypedDump): TypedDump {
  if (d.t.startsWith('map[')) {
    const pairs = (d.v as [TypedDump, TypedDump][]).map(([k, e]) => [normalizeDump(k), normalizeDump(e)]);
    pairs.sort((a, b) => compareUtf8(keyText(a[0]!), keyText(b[0]!)));
    return { t: d.t, v: pairs };
  }
  if (d.t === '[]interface {}') return { t: d.t, v: (d.v as TypedDump[]).map(normalizeDump) };
  return d;
}

export function typedDump(v: GoValue): TypedDump {
  if (v === null || v === undefined) return { t: 'nil' };
  if (typeof v === 'string') return { t: 'string', v };
  if (typeof v === 'boolean') return { t: 'bool', v };
  if (typeof v === 'bigint') return { t: 'int', v: v.toString() };
  if (typeof v === 'number') return { t: 'float64', v: formatFloatG(v) };
  if (v instanceof GoNumber) {
    return { t: v.type, v: typeof v.value === 'bigint' ? v.value.toString() : formatFloatG(v.value, 32) };
  }
  if (v instanceof GoTime) {
    const z = v.loc.lookup(v.sec);
    return {
      t: 'time.Time',
      v: [v.format('2006-01-02T15:04:05.999999999Z07:00'), v.loc.name, z.offset, v.toString()],
    };
  }
  if (Array.isArray(v)) return { t: '[]interface {}', v: v.map(typedDump) };
  if (v instanceof Map) {
    const t = taggedGoType(v) ?? 'map[string]interface {}';
    const pairs = [...v].map(([k, e]) => [typedDump(k), typedDump(e)] as [TypedDump, TypedDump]);
    return normalizeDump({ t, v: pairs });
  }
  return { t: 'unknown', v: String(v) };
}

/** Rebuild a Go value from its typed dump (the inverse of typedDump, plus `[]byte` and sized numbers). */
export function fromTypedDump(d: TypedDump): GoValue {
  const v = d.v;
  switch (d.t) {
    case 'nil':
      return null;
    case 'string':
    case 'bool':
      return v as string | boolean;
    case 'int':
      return BigInt(v as string);
    case 'float64':
      return parseGoFloat(v as string);
    case 'float32':
      return new GoNumber('float32', Math.fround(parseGoFloat(v as string)));
    case '[]byte':
      return new Uint8Array(Buffer.from(v as string, 'utf8'));
    case 'time.Time':
      return parseTime(RFC3339_NANO, (v as string[])[0]!, UTC, local());
    case '[]interface {}':
      return (v as TypedDump[]).map(fromTypedDump);
    case 'map[string]interface {}':
    case 'map[interface {}]interface {}': {
      const m = new Map<GoValue, GoValue>(
        (v as [TypedDump, TypedDump][]).map(([k, e]) => [fromTypedDump(k), fromTypedDump(e)]),
      );
      return d.t === 'map[string]interface {}' ? m : withGoType(m, d.t);
    }
    default:
      return new GoNumber(d.t as GoNumberType, BigInt(v as string));
  }
}

function parseGoFloat(s: string): number {
  if (s === '+Inf') return Number.POSITIVE_INFINITY;
  if (s === '-Inf') return Number.NEGATIVE_INFINITY;
  if (s === 'NaN') return Number.NaN;
  return Number(s);
}
