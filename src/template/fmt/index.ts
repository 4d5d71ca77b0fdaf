/**
 * Go's fmt over helmfire's Go value model: Sprint, Sprintln, Sprintf, plus the
 * strconv pieces other modules need (FormatFloat, Quote, …).
 */

import type { GoValue } from '../value.js';
import { Printer } from './printer.js';
import { PrintfPrinter } from './printf.js';

export { compareKeys, sortedMapEntries, sortedMapKeys } from './fmtsort.js';
export { formatFloat } from './ftoa.js';
export { canBackquote, isPrint, quote, quoteRune, quoteRuneToASCII, quoteToASCII } from './quote.js';
export {
  compareStrings,
  hasInvalidUtf8,
  runeCount,
  toValidUtf8,
  utf8Decode,
  utf8Encode,
  utf8Length,
} from './utf8.js';

/** fmt.Sprint: operands in their default format, a space between operands when neither is a string. */
export function sprint(...args: GoValue[]): string {
  return sprintArgs(args);
}

/** fmt.Sprint over an argument array. */
export function sprintArgs(args: readonly GoValue[]): string {
  if (args.length === 1) {
    const a = args[0];
    if (typeof a === 'string') return a;
    if (typeof a === 'bigint') return a.toString();
  }
  const p = new Printer();
  p.doPrint(args);
  return p.buf;
}

/** fmt.Sprintln: operands separated by spaces, then a newline. */
export function sprintln(...args: GoValue[]): string {
  const p = new Printer();
  p.doPrintln(args);
  return p.buf;
}

/** fmt.Sprintf(format, args...) — the arguments are passed as an array. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  const p = new PrintfPrinter();
  p.doPrintf(format, args);
  return p.buf;
}
