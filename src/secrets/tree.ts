/**
 * The in-memory shape of a sops document: ordered mappings whose items are
 * either key/value pairs or comments, lists that may hold comments, and typed
 * scalars. Integers and floats are kept apart because sops hashes and prints
 * them differently (`1` vs `1.0` vs `1e+06`).
 */

export class Comment {
  constructor(
    readonly value: string,
    readonly inline = false,
  ) {}
}

export class GoInt {
  constructor(readonly value: bigint) {}
}

export class GoFloat {
  constructor(readonly value: number) {}
}

/** A timestamp, held as Go prints it (RFC 3339 with trimmed nanoseconds). */
export class GoTime {
  constructor(readonly text: string) {}
}

export type Scalar = string | boolean | null | GoInt | GoFloat | GoTime;
export type Value = Scalar | Branch | Value[] | Comment;

export interface Item {
  key: string | Comment;
  value: Value;
}

export class Branch {
  constructor(readonly items: Item[] = []) {}
}

export function isCollection(v: Value): v is Branch | Value[] {
  return v instanceof Branch || Array.isArray(v);
}

/** The plain-data view of a tree (comments dropped), for callers that merge values. */
export type PlainValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | PlainValue[]
  | { [k: string]: PlainValue };

export function toPlain(v: Value): PlainValue {
  if (v instanceof Branch) {
    const out: { [k: string]: PlainValue } = {};
    for (const item of v.items) {
      if (typeof item.key === 'string') out[item.key] = toPlain(item.value);
    }
    return out;
  }
  if (Array.isArray(v)) return v.filter((x) => !(x instanceof Comment)).map(toPlain);
  if (v instanceof GoInt) {
    const n = Number(v.value);
    return Number.isSafeInteger(n) ? n : v.value;
  }
  if (v instanceof GoFloat) return v.value;
  if (v instanceof GoTime) return v.text;
  if (v instanceof Comment) return v.value;
  return v;
}
