/** Sprig's reflect.go: typeOf, typeIs, typeIsLike, kindOf, kindIs, and deepEqual (reflect.DeepEqual). */

import { goDeepEqual, goTypeOf, kindOf } from '../reflect.js';
import { type GoFunc, goFunc } from '../value.js';

const I = 'interface {}';

export const funcs: GoFunc[] = [
  goFunc('typeOf', { params: [I], result: 'string', returnsError: false }, ([v]) => goTypeOf(v)),
  goFunc(
    'typeIs',
    { params: ['string', I], result: 'bool', returnsError: false },
    ([t, v]) => t === goTypeOf(v),
  ),
  goFunc('typeIsLike', { params: ['string', I], result: 'bool', returnsError: false }, ([t, v]) => {
    const actual = goTypeOf(v);
    return t === actual || `*${t as string}` === actual;
  }),
  goFunc('kindOf', { params: [I], result: 'string', returnsError: false }, ([v]) => kindOf(v)),
  goFunc(
    'kindIs',
    { params: ['string', I], result: 'bool', returnsError: false },
    ([k, v]) => k === kindOf(v),
  ),
  goFunc('deepEqual', { params: [I, I], result: 'bool', returnsError: false }, ([a, b]) => goDeepEqual(a, b)),
];
