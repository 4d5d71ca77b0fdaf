/**
 * Number formatting exactly as Go's strconv prints float64 values with the
 * shortest precision, which is what sops and its encoders produce.
 */

interface Digits {
  neg: boolean;
  digits: string; // shortest significant digits, no leading/trailing zeros
  exp: number; // decimal point position: value = 0.digits × 10^exp
}

function shortest(v: number): Digits {
  const neg = v < 0 || Object.is(v, -0);
  if (v === 0) return { neg, digits: '0', exp: 1 };
  const [mant, e] = Math.abs(v).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '').replace(/0+$/, '') || '0';
  return { neg, digits, exp: Number(e) + 1 };
}

/** strconv.FormatFloat(v, 'f', -1, 64) */
export function formatFloatF(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const d = shortest(v);
  let s: string;
  if (d.exp <= 0) s = '0.' + '0'.repeat(-d.exp) + d.digits;
  else if (d.exp >= d.digits.length) s = d.digits + '0'.repeat(d.exp - d.digits.length);
  else s = d.digits.slice(0, d.exp) + '.' + d.digits.slice(d.exp);
  return (d.neg ? '-' : '') + s;
}

function expSuffix(e: number, upper: boolean): string {
  const sign = e < 0 ? '-' : '+';
  const abs = Math.abs(e);
  return (upper ? 'E' : 'e') + sign + (abs < 10 ? '0' + abs : String(abs));
}

/** strconv.FormatFloat(v, 'g' or 'G', -1, 64) */
export function formatFloatG(v: number, upper = false): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  const d = shortest(v);
  const x = d.exp - 1;
  // with the shortest precision Go switches to exponent form outside 1e-4 ≤ |v| < 1e6
  if (x < -4 || x >= 6) {
    const mant = d.digits.length > 1 ? d.digits[0] + '.' + d.digits.slice(1) : d.digits;
    return (d.neg ? '-' : '') + mant + expSuffix(x, upper);
  }
  return formatFloatF(v);
}

/** How encoding/json prints a float64. */
export function formatFloatJSON(v: number): string {
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    const d = shortest(v);
    const x = d.exp - 1;
    const mant = d.digits.length > 1 ? d.digits[0] + '.' + d.digits.slice(1) : d.digits;
    const e =
      x < 0 ? '-' + (Math.abs(x) < 10 ? '0' + Math.abs(x) : Math.abs(x)) : '+' + (x < 10 ? '0' + x : x);
    // json trims "e-07" to "e-7"
    return ((d.neg ? '-' : '') + mant + 'e' + e).replace(/e([+-])0(\d)$/, 'e$1$2');
  }
  return formatFloatF(v);
}
