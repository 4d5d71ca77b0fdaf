/** Sprig's uuidv4: a random (version 4, RFC 4122 variant) UUID in lower-case canonical form. */
import { randomUUID } from 'node:crypto';
import { type GoFunc, goFunc } from '../value.js';

export const funcs: GoFunc[] = [
  goFunc('uuidv4', { params: [], result: 'string', returnsError: false }, () => randomUUID()),
];
