/** Go string helpers yaml.v3 messages rely on: strconv.Quote and strconv.FormatFloat(f, 'g', -1, bits). */

const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;

/** unicode.IsPrint for a code point (ASCII space counts, other spaces do not). */
export function isGoPrint(cp: number): boolean {
  if (cp === 0x20) return true;
  return PRINTABLE.test(String.fromCodePoint(cp));
}

const ESCAPES: Record<number, string> = {
  7: '\\a',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  11: '\\v',
  92: '\\\\',
  34: '\\"',
};

/** strconv.Quote (also what `%#v` / `%q` print for a string). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const esc = ESCAPES[cp];
    if (esc !== undefined) out += esc;
    else if (isGoPrint(cp)) out += ch;
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/** Shortest decimal digits and decimal-point position of |x| (x finite, non-zero) for float64 or float32. */
function shortestDigits(x: number, bits: 32 | 64): { digits: string; dp: number } {
  let exp: string;
  if (bits === 64) exp = Math.abs(x).toExponential();
  else {
    const a = Math.abs(x);
    exp = a.toExponential(8);
    for (let p = 1; p <= 9; p++) {
      const s = a.toExponential(p - 1);
      if (Math.fround(Number(s)) === a) {
        exp = s;
        break;
      }
    }
  }
  const [mant, e] = exp.split('e') as [string, string];
  return { digits: mant.replace('.', ''), dp: Number(e) + 1 };
}

/** strconv.FormatFloat(x, 'g', -1, bits). */
export function formatFloatG(x: number, bits: 32 | 64 = 64): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return '+Inf';
  if (x === Number.NEGATIVE_INFINITY) return '-Inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return sign + '0';
  const { digits, dp } = shortestDigits(x, bits);
  const exp = dp - 1;
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ae = Math.abs(exp);
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
  }
  if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${digits}`;
  if (dp >= digits.length) return sign + digits + '0'.repeat(dp - digits.length);
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}
