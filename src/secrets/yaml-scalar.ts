/**
 * Scalar rules of the YAML library sops is built with: how a plain scalar
 * resolves to a type, which presentation style a string gets, and whether a
 * style is allowed for a given text. Kept apart from the emitter so both the
 * loader and the emitter agree on them.
 */

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

export type Resolved =
  | { tag: 'null' }
  | { tag: 'bool'; value: boolean }
  | { tag: 'int'; value: bigint }
  | { tag: 'uint' }
  | { tag: 'float'; value: number }
  | { tag: 'timestamp'; text: string }
  | { tag: 'str' };

const RESOLVE_MAP: Record<string, Resolved> = {};
for (const s of ['true', 'True', 'TRUE']) RESOLVE_MAP[s] = { tag: 'bool', value: true };
for (const s of ['false', 'False', 'FALSE']) RESOLVE_MAP[s] = { tag: 'bool', value: false };
for (const s of ['', '~', 'null', 'Null', 'NULL']) RESOLVE_MAP[s] = { tag: 'null' };
for (const s of ['.nan', '.NaN', '.NAN']) RESOLVE_MAP[s] = { tag: 'float', value: Number.NaN };
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'])
  RESOLVE_MAP[s] = { tag: 'float', value: Number.POSITIVE_INFINITY };
for (const s of ['-.inf', '-.Inf', '-.INF'])
  RESOLVE_MAP[s] = { tag: 'float', value: Number.NEGATIVE_INFINITY };

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const UINT64_MAX = (1n << 64n) - 1n;

/** strconv.ParseInt/ParseUint with base 0 (prefixes 0x 0o 0b and a bare leading 0 for octal). */
function parseGoInteger(s: string): bigint | undefined {
  let body = s;
  let neg = false;
  if (body.startsWith('+') || body.startsWith('-')) {
    neg = body.startsWith('-');
    body = body.slice(1);
  }
  let digits: string;
  let radix: number;
  if (/^0[xX]/.test(body)) {
    radix = 16;
    digits = body.slice(2);
  } else if (/^0[oO]/.test(body)) {
    radix = 8;
    digits = body.slice(2);
  } else if (/^0[bB]/.test(body)) {
    radix = 2;
    digits = body.slice(2);
  } else if (body.length > 1 && body.startsWith('0')) {
    radix = 8;
    digits = body.slice(1);
  } else {
    radix = 10;
    digits = body;
  }
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^\d+$/, 16: /^[0-9a-fA-F]+$/ }[radix as 2 | 8 | 10 | 16];
  if (!valid.test(digits)) return undefined;
  const prefix = { 2: '0b', 8: '0o', 10: '', 16: '0x' }[radix as 2 | 8 | 10 | 16];
  const v = BigInt(prefix + digits);
  return neg ? -v : v;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

function parseFloatStrict(s: string): number | undefined {
  // strconv.ParseFloat on the decimal forms the resolver feeds it; out-of-range is an error there
  if (!/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

const DATE_ONLY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DATE_T =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;
const DATE_SPACE = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d+))?$/;

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/**
 * The timestamp forms the resolver accepts, normalised the way Go prints a
 * time.Time (RFC 3339 with nanoseconds, trailing zeros trimmed, 'Z' for UTC).
 * Returns undefined when `s` is not such a timestamp.
 */
export function parseGoTimestamp(s: string): string | undefined {
  const m = DATE_ONLY.exec(s) ?? DATE_T.exec(s) ?? DATE_SPACE.exec(s);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, min, sec] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || min > 59 || sec > 59) return undefined;
  const daysIn = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysIn) return undefined;
  const frac = (m[7] ?? '').slice(0, 9).replace(/0+$/, '');
  let zone = m[8] ?? 'Z';
  if (zone === '+00:00' || zone === '-00:00') zone = 'Z';
  const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  return `${date}T${pad(hour, 2)}:${pad(min, 2)}:${pad(sec, 2)}${frac ? '.' + frac : ''}${zone}`;
}

/** What a plain (unquoted, untagged) scalar means to the YAML library sops uses. */
export function resolvePlain(s: string): Resolved {
  const hit = RESOLVE_MAP[s];
  if (hit) return hit;
  const c = s[0]!;
  if (c === '.') {
    const f = parseFloatStrict(s);
    return f === undefined ? { tag: 'str' } : { tag: 'float', value: f };
  }
  if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    const ts = /^\d{4}-/.test(s) ? parseGoTimestamp(s) : undefined;
    if (ts !== undefined) return { tag: 'timestamp', text: ts };
    const plain = s.replace(/_/g, '');
    const i = parseGoInteger(plain);
    if (i !== undefined) {
      if (i >= INT64_MIN && i <= INT64_MAX) return { tag: 'int', value: i };
      if (i >= 0n && i <= UINT64_MAX) return { tag: 'uint' };
    }
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = parseFloatStrict(plain);
      if (f !== undefined) return { tag: 'float', value: f };
    }
  }
  return { tag: 'str' };
}

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const OLD_BOOLS = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'on',
  'On',
  'ON',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'off',
  'Off',
  'OFF',
]);

/** The style the encoder asks for when it marshals a Go string. */
export function requestedStringStyle(s: string): ScalarStyle {
  if (s.includes('\n')) return 'literal';
  const plainOk =
    resolvePlain(s).tag === 'str' && !(BASE60_FLOAT.test(s) && /^[-+]?[0-9]/.test(s)) && !OLD_BOOLS.has(s);
  return plainOk ? 'plain' : 'double';
}

// --- character classes, by code point -------------------------------------------------

export function isBreak(cp: number): boolean {
  return cp === 0x0d || cp === 0x0a || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
}

export function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

function isBlank(cp: number | undefined): boolean {
  return cp === 0x20 || cp === 0x09;
}

function isBlankZ(cp: number | undefined): boolean {
  return cp === undefined || cp === 0 || isBlank(cp) || isBreak(cp);
}

export interface ScalarAnalysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** Which presentation styles can carry `value` unchanged. */
export function analyzeScalar(value: string): ScalarAnalysis {
  if (value.length === 0) {
    return {
      multiline: false,
      flowPlainAllowed: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: false,
    };
  }
  const cps = Array.from(value, (ch) => ch.codePointAt(0)!);
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let tabCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i]!;
    const ch = String.fromCodePoint(cp);
    const followedByWhitespace = i + 1 >= cps.length || isBlank(cps[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === '-' && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else if (',?[]{}'.includes(ch)) {
      flowIndicators = true;
    } else if (ch === ':') {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (ch === '#' && precededByWhitespace) {
      flowIndicators = true;
      blockIndicators = true;
    }
    if (cp === 0x09) tabCharacters = true;
    else if (!isPrintable(cp)) specialCharacters = true;
    if (cp === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(cp)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankZ(cp);
  }
  const a: ScalarAnalysis = {
    multiline: lineBreaks,
    flowPlainAllowed: true,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: true,
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || tabCharacters || specialCharacters) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) a.blockAllowed = false;
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

/** The style actually written, given the requested one and where the scalar sits. */
export function selectStyle(
  requested: ScalarStyle,
  a: ScalarAnalysis,
  value: string,
  ctx: { simpleKey: boolean; flow: boolean },
): ScalarStyle {
  let style = requested;
  if (ctx.simpleKey && a.multiline) style = 'double';
  if (style === 'plain') {
    if ((ctx.flow && !a.flowPlainAllowed) || (!ctx.flow && !a.blockPlainAllowed)) style = 'single';
    if (value.length === 0 && (ctx.flow || ctx.simpleKey)) style = 'single';
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || ctx.flow || ctx.simpleKey)) style = 'double';
  return style;
}
