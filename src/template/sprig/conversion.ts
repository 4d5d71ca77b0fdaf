/**
 * Sprig's numeric conversions: atoi (strconv.Atoi, errors ignored), int, int64
 * and float64 (spf13/cast), and toDecimal (the octal reading of fmt.Sprint(v)).
 */

import { sprint } from '../fmt/index.js';
import { type GoFunc, GoNumber, goFunc } from '../value.js';
import { toFloat64, toInt, toInt64 } from './cast.js';
import { atoi, parseGoInt } from './strconv.js';

const I = 'interface {}';

export const funcs: GoFunc[] = [
  goFunc('atoi', { params: ['string'], result: 'int', returnsError: false }, ([s]) => {
    const r = atoi(s as string);
    return r.err === 'syntax' ? 0n : r.value;
  }),
  goFunc('int', { params: [I], result: 'int', returnsError: false }, ([v]) => toInt(v)),
  goFunc(
    'int64',
    { params: [I], result: 'int64', returnsError: false },
    ([v]) => new GoNumber('int64', toInt64(v)),
  ),
  goFunc('float64', { params: [I], result: 'float64', returnsError: false }, ([v]) => toFloat64(v)),
  goFunc('toDecimal', { params: [I], result: 'int64', returnsError: false }, ([v]) => {
    const r = parseGoInt(sprint(v === undefined ? null : v), 8, 64);
    return new GoNumber('int64', r.err === null ? r.value : 0n);
  }),
];
