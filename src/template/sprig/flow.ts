/** Sprig's fail: always an error carrying the message. */

import { GoError, type GoFunc, goFunc } from '../value.js';

export const funcs: GoFunc[] = [
  goFunc('fail', { params: ['string'], result: 'string', returnsError: true }, ([msg]) => {
    throw new GoError(msg as string);
  }),
];
