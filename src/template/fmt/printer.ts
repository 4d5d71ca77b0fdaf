/**
 * Go's fmt printer (fmt/print.go) over helmfire's Go value model: operands by
 * type and verb, Go's bad-verb forms, maps in fmtsort order, Stringer/Error.
 */

import { goTypeOf } from '../reflect.js';
import { GoComplex, GoNumber, GoStruct, type GoValue, taggedGoType } from '../value.js';
import { sortedMapEntries } from './fmtsort.js';
import { Formatter, LDIGITS, UDIGITS } from './format.js';
import { utf8Decode, utf8Encode } from './utf8.js';

/** A made-up address: Go prints real pointers, which no test can depend on. */
const FAKE_POINTER = 0xc000010000n;

/** Element type of a slice/array type string (`[]T`, `[N]T`), or `interface {}`. */
export function sliceElemType(t: string): string {
  if (t.startsWith('[]')) return t.slice(2);
  if (t.startsWith('[')) return t.slice(t.indexOf(']') + 1);
  return 'interface {}';
}

/** Key and value types of `map[K]V`. */
export function mapTypeParts(t: string): [string, string] {
  if (!t.startsWith('map[')) return ['interface {}', 'interface {}'];
  let depth = 1;
  let i = 4;
  for (; i < t.length && depth > 0; i++) {
    const c = t[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
  }
  return [t.slice(4, i - 1), t.slice(i)];
}

function isUnsignedType(t: string): boolean {
  return t.charCodeAt(0) === 117; // 'u'
}

export class Printer extends Formatter {
  // ---- typed printing (fmt/print.go) ----

  private badVerb(verb: string, v: GoValue): void {
    this.erroring = true;
    this.buf += '%!' + verb + '(';
    if (v === undefined || v === null) this.buf += '<nil>';
    else {
      this.buf += goTypeOf(v) + '=';
      this.printValue(v, 'v', 0, 'interface {}');
    }
    this.buf += ')';
    this.erroring = false;
  }

  private fmtBool(v: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.fmtBoolean(v);
    else this.badVerb(verb, v);
  }

  private fmt0x64(v: bigint, leading0x: boolean): void {
    const sharp = this.sharp;
    this.sharp = leading0x;
    this.fmtIntegerBase(v, 16, 'v', LDIGITS);
    this.sharp = sharp;
  }

  /** pp.fmtInteger; `v` is the mathematical value, `orig` the Go value for error forms. */
  private fmtInteger(v: bigint, isSigned: boolean, verb: string, orig: GoValue): void {
    switch (verb) {
      case 'v':
        if (this.sharpV && !isSigned) this.fmt0x64(v, true);
        else this.fmtIntegerBase(v, 10, verb, LDIGITS);
        return;
      case 'd':
        this.fmtIntegerBase(v, 10, verb, LDIGITS);
        return;
      case 'b':
        this.fmtIntegerBase(v, 2, verb, LDIGITS);
        return;
      case 'o':
      case 'O':
        this.fmtIntegerBase(v, 8, verb, LDIGITS);
        return;
      case 'x':
        this.fmtIntegerBase(v, 16, verb, LDIGITS);
        return;
      case 'X':
        this.fmtIntegerBase(v, 16, verb, UDIGITS);
        return;
      case 'c':
        this.fmtC(BigInt.asUintN(64, v));
        return;
      case 'q':
        this.fmtQc(BigInt.asUintN(64, v));
        return;
      case 'U':
        this.fmtUnicode(BigInt.asUintN(64, v));
        return;
      default:
        this.badVerb(verb, orig);
    }
  }

  private fmtFloat(v: number, size: 32 | 64, verb: string, orig: GoValue): void {
    switch (verb) {
      case 'v':
        this.fmtFloatRaw(v, size, 'g', -1);
        return;
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        this.fmtFloatRaw(v, size, verb, -1);
        return;
      case 'f':
      case 'e':
      case 'E':
        this.fmtFloatRaw(v, size, verb, 6);
        return;
      case 'F':
        this.fmtFloatRaw(v, size, 'f', 6);
        return;
      default:
        this.badVerb(verb, orig);
    }
  }

  private fmtComplex(v: GoComplex, verb: string): void {
    switch (verb) {
      case 'v':
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
      case 'f':
      case 'F':
      case 'e':
      case 'E': {
        const oldPlus = this.plus;
        this.buf += '(';
        this.fmtFloat(v.re, 64, verb, v);
        this.plus = true;
        this.fmtFloat(v.im, 64, verb, v);
        this.buf += 'i)';
        this.plus = oldPlus;
        return;
      }
      default:
        this.badVerb(verb, v);
    }
  }

  private fmtString(v: string, verb: string, orig: GoValue): void {
    switch (verb) {
      case 'v':
        if (this.sharpV) this.fmtQ(v);
        else this.fmtS(v);
        return;
      case 's':
        this.fmtS(v);
        return;
      case 'x':
        this.fmtSbx(utf8Encode(v), LDIGITS);
        return;
      case 'X':
        this.fmtSbx(utf8Encode(v), UDIGITS);
        return;
      case 'q':
        this.fmtQ(v);
        return;
      default:
        this.badVerb(verb, orig);
    }
  }

  private fmtBytes(v: Uint8Array, verb: string, typeString: string): void {
    switch (verb) {
      case 'v':
      case 'd':
        if (this.sharpV) {
          this.buf += typeString + '{';
          for (let i = 0; i < v.length; i++) {
            if (i > 0) this.buf += ', ';
            this.fmt0x64(BigInt(v[i]!), true);
          }
          this.buf += '}';
        } else {
          this.buf += '[';
          for (let i = 0; i < v.length; i++) {
            if (i > 0) this.buf += ' ';
            this.fmtIntegerBase(BigInt(v[i]!), 10, verb, LDIGITS);
          }
          this.buf += ']';
        }
        return;
      case 's':
        this.fmtS(utf8Decode(v));
        return;
      case 'x':
        this.fmtSbx(v, LDIGITS);
        return;
      case 'X':
        this.fmtSbx(v, UDIGITS);
        return;
      case 'q':
        this.fmtQ(utf8Decode(v));
        return;
      default:
        this.printList(
          Array.from(v, (b) => new GoNumber('uint8', BigInt(b))),
          '[]uint8',
          verb,
          0,
        );
    }
  }

  private fmtPointer(v: GoValue, verb: string): void {
    const isNil = v === null || v === undefined;
    const pointerKind =
      Array.isArray(v) ||
      v instanceof Map ||
      v instanceof Uint8Array ||
      (v instanceof GoStruct && v.goType.startsWith('*')) ||
      (typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'func');
    if (!isNil && !pointerKind) {
      this.badVerb(verb, v);
      return;
    }
    const u = isNil ? 0n : FAKE_POINTER;
    switch (verb) {
      case 'v':
        if (this.sharpV) {
          this.buf += '(' + goTypeOf(v) + ')(';
          if (u === 0n) this.buf += 'nil';
          else this.fmt0x64(u, true);
          this.buf += ')';
        } else if (u === 0n) this.pad('<nil>');
        else this.fmt0x64(u, !this.sharp);
        return;
      case 'p':
        this.fmt0x64(u, !this.sharp);
        return;
      case 'b':
      case 'o':
      case 'd':
      case 'x':
      case 'X':
        this.fmtInteger(u, false, verb, v);
        return;
      default:
        this.badVerb(verb, v);
    }
  }

  /** Error() / String() methods for the verbs that accept a string. */
  private handleMethods(v: GoStruct, verb: string): boolean {
    if (this.erroring) return false;
    if (this.sharpV) {
      // A GoString() method (fmt.GoStringer) prints %#v, e.g. time.Date(…).
      const gs = (v as GoStruct & { goString?: () => string }).goString;
      if (typeof gs !== 'function') return false;
      this.fmtS(gs.call(v));
      return true;
    }
    if (verb !== 'v' && verb !== 's' && verb !== 'x' && verb !== 'X' && verb !== 'q') return false;
    let method: 'Error' | 'String';
    let text: string;
    try {
      if (typeof v.errorString === 'function') {
        method = 'Error';
        text = v.errorString();
      } else if (typeof v.stringer === 'function') {
        method = 'String';
        text = v.stringer();
      } else return false;
    } catch (e) {
      const name = typeof v.errorString === 'function' ? 'Error' : 'String';
      const oldFlags = this.saveFlags();
      this.clearFlags();
      this.buf +=
        '%!' + verb + '(PANIC=' + name + ' method: ' + (e instanceof Error ? e.message : String(e)) + ')';
      this.restoreFlags(oldFlags);
      return true;
    }
    void method;
    this.fmtString(text, verb, text);
    return true;
  }

  private saveFlags(): unknown[] {
    return [
      this.widPresent,
      this.precPresent,
      this.minus,
      this.plus,
      this.sharp,
      this.space,
      this.zero,
      this.plusV,
      this.sharpV,
      this.wid,
      this.prec,
    ];
  }

  private restoreFlags(f: unknown[]): void {
    [
      this.widPresent,
      this.precPresent,
      this.minus,
      this.plus,
      this.sharp,
      this.space,
      this.zero,
      this.plusV,
      this.sharpV,
      this.wid,
      this.prec,
    ] = f as [
      boolean,
      boolean,
      boolean,
      boolean,
      boolean,
      boolean,
      boolean,
      boolean,
      boolean,
      number,
      number,
    ];
  }

  /** pp.printArg: print one operand. */
  printArg(arg: GoValue, verb: string): void {
    if (arg === undefined || arg === null) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb, arg);
      return;
    }
    if (verb === 'T') {
      this.fmtS(goTypeOf(arg));
      return;
    }
    if (verb === 'p') {
      this.fmtPointer(arg, 'p');
      return;
    }
    switch (typeof arg) {
      case 'string':
        this.fmtString(arg, verb, arg);
        return;
      case 'bigint':
        this.fmtInteger(arg, true, verb, arg);
        return;
      case 'number':
        this.fmtFloat(arg, 64, verb, arg);
        return;
      case 'boolean':
        this.fmtBool(arg, verb);
        return;
    }
    if (arg instanceof Uint8Array) {
      this.fmtBytes(arg, verb, '[]byte');
      return;
    }
    if (arg instanceof GoStruct && this.handleMethods(arg, verb)) return;
    this.printValue(arg, verb, 0, 'interface {}');
  }

  /**
   * pp.printValue. `staticType` is the static type of the slot holding the
   * value (the container's element type), used to print nils as Go does.
   */
  printValue(v: GoValue, verb: string, depth: number, staticType: string): void {
    if (v === undefined || v === null) {
      if (depth === 0) {
        this.buf += '<invalid reflect.Value>';
        return;
      }
      this.printNil(verb, staticType);
      return;
    }
    switch (typeof v) {
      case 'string':
        this.fmtString(v, verb, v);
        return;
      case 'bigint':
        this.fmtInteger(v, true, verb, v);
        return;
      case 'number':
        this.fmtFloat(v, 64, verb, v);
        return;
      case 'boolean':
        this.fmtBool(v, verb);
        return;
    }
    if (v instanceof GoNumber) {
      if (v.type === 'float32') {
        this.fmtFloat(v.value as number, 32, verb, v);
        return;
      }
      this.fmtInteger(v.value as bigint, !isUnsignedType(v.type), verb, v);
      return;
    }
    if (v instanceof GoComplex) {
      this.fmtComplex(v, verb);
      return;
    }
    if (Array.isArray(v)) {
      this.printList(v, goTypeOf(v), verb, depth);
      return;
    }
    if (v instanceof Map) {
      this.printMap(v, verb, depth);
      return;
    }
    if (v instanceof Uint8Array) {
      if (depth === 0 || verb === 's' || verb === 'q' || verb === 'x' || verb === 'X') {
        this.fmtBytes(v, verb, depth === 0 ? '[]byte' : '[]uint8');
        return;
      }
      this.printList(
        Array.from(v, (b) => new GoNumber('uint8', BigInt(b))),
        '[]uint8',
        verb,
        depth,
      );
      return;
    }
    if (v instanceof GoStruct) {
      if (depth > 0 && this.handleMethods(v, verb)) return;
      this.printStruct(v, verb, depth);
      return;
    }
    // A function value.
    this.fmtPointer(v, verb);
  }

  private printNil(verb: string, staticType: string): void {
    const t = staticType;
    if (t === 'interface {}' || t === 'any' || t === 'error') {
      this.buf += this.sharpV ? t + '(nil)' : '<nil>';
      return;
    }
    if (t.startsWith('map[')) {
      this.buf += this.sharpV ? t + '(nil)' : 'map[]';
      return;
    }
    if (t.startsWith('[]')) {
      this.buf += this.sharpV ? t + '(nil)' : '[]';
      return;
    }
    if (this.sharpV) this.buf += '(' + t + ')(nil)';
    else if (verb === 'v') this.pad('<nil>');
    else this.badVerb(verb, null);
  }

  private printList(v: GoValue[], type: string, verb: string, depth: number): void {
    const elem = sliceElemType(type);
    if (
      (verb === 's' || verb === 'q' || verb === 'x' || verb === 'X') &&
      (elem === 'uint8' || elem === 'byte')
    ) {
      const bytes = Uint8Array.from(v, (b) => Number(b instanceof GoNumber ? b.value : 0));
      this.fmtBytes(bytes, verb, type);
      return;
    }
    if (this.sharpV) {
      this.buf += type + '{';
      for (let i = 0; i < v.length; i++) {
        if (i > 0) this.buf += ', ';
        this.printValue(v[i], verb, depth + 1, elem);
      }
      this.buf += '}';
    } else {
      this.buf += '[';
      for (let i = 0; i < v.length; i++) {
        if (i > 0) this.buf += ' ';
        this.printValue(v[i], verb, depth + 1, elem);
      }
      this.buf += ']';
    }
  }

  private printMap(v: Map<GoValue, GoValue>, verb: string, depth: number): void {
    const type = taggedGoType(v) ?? 'map[string]interface {}';
    const [kt, vt] = mapTypeParts(type);
    this.buf += this.sharpV ? type + '{' : 'map[';
    let first = true;
    for (const [k, val] of sortedMapEntries(v)) {
      if (!first) this.buf += this.sharpV ? ', ' : ' ';
      first = false;
      this.printValue(k, verb, depth + 1, kt);
      this.buf += ':';
      this.printValue(val, verb, depth + 1, vt);
    }
    this.buf += this.sharpV ? '}' : ']';
  }

  private printStruct(v: GoStruct, verb: string, depth: number): void {
    let type = v.goType;
    if (type.startsWith('*')) {
      if (depth > 0) {
        this.fmtPointer(v, verb);
        return;
      }
      this.buf += '&';
      type = type.slice(1);
    }
    if (this.sharpV) this.buf += type;
    this.buf += '{';
    let i = 0;
    for (const [name, value] of v.fields()) {
      if (i++ > 0) this.buf += this.sharpV ? ', ' : ' ';
      if (this.plusV || this.sharpV) this.buf += name + ':';
      this.printValue(value, verb, depth + 1, 'interface {}');
    }
    this.buf += '}';
  }

  // ---- Print / Println / Printf ----

  doPrint(args: readonly GoValue[]): void {
    let prevString = false;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      const isString = typeof arg === 'string';
      if (i > 0 && !isString && !prevString) this.buf += ' ';
      this.printArg(arg, 'v');
      prevString = isString;
    }
  }

  doPrintln(args: readonly GoValue[]): void {
    for (let i = 0; i < args.length; i++) {
      if (i > 0) this.buf += ' ';
      this.printArg(args[i], 'v');
    }
    this.buf += '\n';
  }
}
