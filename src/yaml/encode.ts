/**
 * Encode a Go value as yaml.v3's Encoder does with SetIndent(2) (helmfile's
 * toYaml): map keys sorted with yaml.v3's natural order, strings quoted only
 * when they would read back as something else, multi-line strings as `|`
 * literals, floats as strconv 'g', times as RFC 3339.
 */
import { GoDuration, GoNamedInt, GoTime, RFC3339_NANO } from '../template/sprig/gotime.js';
import { GoComplex, GoError, type GoFunc, GoNumber, GoStruct, type GoValue } from '../template/value.js';
import { formatFloatG } from './gostr.js';
import { compareKeys } from './key-order.js';
import { implicitTag, STR_TAG } from './resolve.js';
import {
  analyzeScalar,
  dqEscape,
  isBreak,
  isPrintable,
  type ScalarStyle,
  selectStyle,
} from './scalar-style.js';

type Ev =
  | { kind: 'scalar'; value: string; style: ScalarStyle; tag?: string }
  | { kind: 'seq'; items: Ev[] }
  | { kind: 'map'; pairs: [Ev, Ev][] };

const BEST_INDENT = 2;

function funcType(f: GoFunc): string {
  const params = [...f.sig.params];
  if (f.sig.variadic !== undefined) params.push(`...${f.sig.variadic}`);
  const result = f.sig.returnsError ? `(${f.sig.result}, error)` : f.sig.result;
  return `func(${params.join(', ')}) ${result}`;
}

function isOldBool(s: string): boolean {
  return [
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
  ].includes(s);
}

const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function stringEvent(s: string): Ev {
  const canUsePlain = implicitTag(s) === STR_TAG && !(BASE60.test(s) && /^[-+0-9]/.test(s)) && !isOldBool(s);
  const style: ScalarStyle = s.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double';
  return { kind: 'scalar', value: s, style };
}

function plain(value: string): Ev {
  return { kind: 'scalar', value, style: 'plain' };
}

function floatText(x: number, bits: 32 | 64): string {
  const s = formatFloatG(x, bits);
  if (s === '+Inf') return '.inf';
  if (s === '-Inf') return '-.inf';
  if (s === 'NaN') return '.nan';
  return s;
}

/** yaml.v3's marshal: Go value → event tree. */
function toEvents(v: GoValue): Ev {
  if (v === undefined || v === null) return plain('null');
  if (typeof v === 'string') return stringEvent(v);
  if (typeof v === 'boolean') return plain(v ? 'true' : 'false');
  if (typeof v === 'bigint') return plain(v.toString());
  if (typeof v === 'number') return plain(floatText(v, 64));
  if (v instanceof GoNumber) {
    return plain(typeof v.value === 'bigint' ? v.value.toString() : floatText(v.value, 32));
  }
  if (v instanceof GoComplex) throw new GoError('cannot marshal type: complex128');
  if (v instanceof Uint8Array) return { kind: 'seq', items: [...v].map((b) => plain(String(b))) };
  if (Array.isArray(v)) return { kind: 'seq', items: v.map(toEvents) };
  if (v instanceof Map) {
    const keys = [...v.keys()].sort(compareKeys);
    return { kind: 'map', pairs: keys.map((k) => [toEvents(k), toEvents(v.get(k))]) };
  }
  if (v instanceof GoTime) return plain(v.format(RFC3339_NANO));
  if (v instanceof GoDuration) return stringEvent(v.stringer());
  if (v instanceof GoNamedInt) return plain(v.value.toString());
  if (v instanceof GoStruct) return structEvents(v);
  if (v.kind === 'func') throw new GoError(`cannot marshal type: ${funcType(v)}`);
  throw new GoError('cannot marshal type');
}

/** One field of a struct as its yaml tag describes it (`yaml:"key,omitempty"`). */
export interface YamlField {
  readonly key: string;
  readonly value: GoValue;
  readonly omitEmpty?: boolean;
}

/** A GoStruct that knows its yaml tags; without this, fields encode under their lower-cased names, as yaml.v3 does for untagged fields. */
export interface YamlTaggedStruct {
  yamlFields(): readonly YamlField[];
}

function hasYamlFields(v: GoStruct): v is GoStruct & YamlTaggedStruct {
  return typeof (v as Partial<YamlTaggedStruct>).yamlFields === 'function';
}

/** yaml.v3's isZero, which `omitempty` consults. */
export function isZeroValue(v: GoValue): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v.length === 0;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'bigint') return v === 0n;
  if (typeof v === 'number') return v === 0;
  if (v instanceof GoNumber) return Number(v.value) === 0;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  if (v instanceof Map) return v.size === 0;
  if (v instanceof GoTime) return v.isZero();
  if (v instanceof GoStruct) {
    const fields = hasYamlFields(v) ? v.yamlFields().map((f) => f.value) : v.fields().map(([, x]) => x);
    return fields.every(isZeroValue);
  }
  return false;
}

function structEvents(v: GoStruct): Ev {
  const text = v.member('MarshalText');
  if (text?.kind === 'method' && text.fn.sig.params.length === 0) {
    const out = text.fn.call([], {
      executeTemplate: () => '',
      renderString: () => '',
      templateName: '',
    });
    const s = out instanceof Uint8Array ? new TextDecoder().decode(out) : String(out);
    return stringEvent(s);
  }
  if (hasYamlFields(v)) {
    return {
      kind: 'map',
      pairs: v
        .yamlFields()
        .filter((f) => !(f.omitEmpty && isZeroValue(f.value)))
        .map((f) => [stringEvent(f.key), toEvents(f.value)]),
    };
  }
  return {
    kind: 'map',
    pairs: v.fields().map(([name, value]) => [stringEvent(name.toLowerCase()), toEvents(value)]),
  };
}

/** The emitter: libyaml's output state (column, indentation, whitespace) and its writing rules. */
class Emitter {
  out = '';
  column = 0;
  indention = true;
  whitespace = true;
  indent = -1;
  private readonly indents: number[] = [];
  flowLevel = 0;

  private put(s: string): void {
    this.out += s;
    this.column += [...s].length;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
    this.indention = true;
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
  }

  private indicator(
    text: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(text);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private increaseIndent(flow: boolean, inSeqItem: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (inSeqItem) this.indent += 2;
    else this.indent = BEST_INDENT * Math.floor((this.indent + BEST_INDENT) / BEST_INDENT);
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  /** Emit a node. `inSeqItem`: the node is a block sequence item (libyaml's state stack top). */
  node(ev: Ev, inSeqItem: boolean, simpleKey: boolean): void {
    if (ev.kind === 'scalar') {
      this.scalar(ev, inSeqItem, simpleKey);
    } else if (ev.kind === 'seq') {
      if (this.flowLevel > 0 || ev.items.length === 0) this.flowSeq(ev.items, inSeqItem);
      else this.blockSeq(ev.items, inSeqItem);
    } else if (this.flowLevel > 0 || ev.pairs.length === 0) {
      this.flowMap(ev.pairs, inSeqItem);
    } else {
      this.blockMap(ev.pairs, inSeqItem);
    }
  }

  private blockSeq(items: Ev[], inSeqItem: boolean): void {
    this.increaseIndent(false, inSeqItem);
    for (const item of items) {
      this.writeIndent();
      this.indicator('-', true, false, true);
      this.node(item, true, false);
    }
    this.popIndent();
  }

  private blockMap(pairs: [Ev, Ev][], inSeqItem: boolean): void {
    this.increaseIndent(false, inSeqItem);
    for (const [k, v] of pairs) {
      this.writeIndent();
      if (isSimpleKey(k)) {
        this.node(k, false, true);
        this.indicator(':', false, false, false);
      } else {
        this.indicator('?', true, false, true);
        this.node(k, false, false);
        this.writeIndent();
        this.indicator(':', true, false, true);
      }
      this.node(v, false, false);
    }
    this.popIndent();
  }

  private flowSeq(items: Ev[], inSeqItem: boolean): void {
    this.indicator('[', true, true, false);
    this.increaseIndent(true, inSeqItem);
    this.flowLevel++;
    items.forEach((item, i) => {
      if (i > 0) this.indicator(',', false, false, false);
      if (this.column === 0) this.writeIndent();
      this.node(item, false, false);
    });
    this.flowLevel--;
    this.popIndent();
    if (this.column === 0) this.writeIndent();
    this.indicator(']', false, false, false);
  }

  private flowMap(pairs: [Ev, Ev][], inSeqItem: boolean): void {
    this.indicator('{', true, true, false);
    this.increaseIndent(true, inSeqItem);
    this.flowLevel++;
    pairs.forEach(([k, v], i) => {
      if (i > 0) this.indicator(',', false, false, false);
      if (this.column === 0) this.writeIndent();
      if (isSimpleKey(k)) {
        this.node(k, false, true);
        this.indicator(':', false, false, false);
      } else {
        this.indicator('?', true, false, false);
        this.node(k, false, false);
        this.indicator(':', true, false, false);
      }
      this.node(v, false, false);
    });
    this.flowLevel--;
    this.popIndent();
    this.indicator('}', false, false, false);
  }

  private scalar(ev: Extract<Ev, { kind: 'scalar' }>, inSeqItem: boolean, simpleKey: boolean): void {
    const cps = [...ev.value].map((c) => c.codePointAt(0)!);
    const style = selectStyle(ev.style, analyzeScalar(cps), cps.length === 0, this.flowLevel, simpleKey);
    this.increaseIndent(true, inSeqItem);
    switch (style) {
      case 'plain':
        this.writePlain(cps);
        break;
      case 'single':
        this.writeSingle(cps);
        break;
      case 'double':
        this.writeDouble(cps);
        break;
      case 'literal':
        this.writeLiteral(cps);
        break;
    }
    this.popIndent();
  }

  /** A line break character copied from the value. */
  private writeBreakChar(cp: number): void {
    if (cp === 0x0a) {
      this.putBreak();
      return;
    }
    this.out += String.fromCodePoint(cp);
    this.column = 0;
    this.indention = true;
  }

  private writePlain(cps: number[]): void {
    if (cps.length > 0 && !this.whitespace) this.put(' ');
    let breaks = false;
    for (const c of cps) {
      if (c === 0x20) {
        this.put(' ');
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreakChar(c);
        breaks = true;
        continue;
      } else {
        if (breaks) this.writeIndent();
        this.put(String.fromCodePoint(c));
        this.indention = false;
      }
      breaks = false;
    }
    if (cps.length > 0) this.whitespace = false;
    this.indention = false;
  }

  private writeSingle(cps: number[]): void {
    this.indicator("'", true, false, false);
    let breaks = false;
    for (const c of cps) {
      if (c === 0x20) {
        this.put(' ');
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreakChar(c);
        breaks = true;
        continue;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.put(String.fromCodePoint(c));
        this.indention = false;
      }
      breaks = false;
    }
    this.indicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDouble(cps: number[]): void {
    this.indicator('"', true, false, false);
    const bomStart = cps[0] === 0xfeff;
    let text = '';
    for (const c of cps) {
      if (!isPrintable(c) || bomStart || isBreak(c) || c === 0x22 || c === 0x5c) text += dqEscape(c);
      else text += String.fromCodePoint(c);
    }
    this.put(text);
    this.indicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(cps: number[]): void {
    this.indicator('|', true, false, false);
    // block scalar hints
    const first = cps[0];
    if (first !== undefined && (first === 0x20 || isBreak(first)))
      this.indicator(String(BEST_INDENT), false, false, false);
    let chomp = '';
    if (cps.length === 0) chomp = '-';
    else {
      const last = cps[cps.length - 1]!;
      if (!isBreak(last)) chomp = '-';
      else if (cps.length === 1) chomp = '+';
      else if (isBreak(cps[cps.length - 2]!)) chomp = '+';
    }
    if (chomp !== '') this.indicator(chomp, false, false, false);
    this.putBreak();
    this.whitespace = true;
    let breaks = true;
    for (const c of cps) {
      if (isBreak(c)) {
        this.writeBreakChar(c);
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(String.fromCodePoint(c));
        this.indention = false;
        breaks = false;
      }
    }
  }

  /** Document end: a final line break unless the output already ends a line. */
  finish(): void {
    this.indent = -1;
    this.writeIndent();
  }
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** yaml_emitter_check_simple_key. */
function isSimpleKey(ev: Ev): boolean {
  if (ev.kind === 'scalar') {
    if ([...ev.value].some((c) => isBreak(c.codePointAt(0)!))) return false;
    return utf8Length(ev.value) <= 128;
  }
  if (ev.kind === 'seq') return ev.items.length === 0;
  return ev.pairs.length === 0;
}

/** yaml.v3 `Encoder` with `SetIndent(2)`: one document, ending with a newline. Throws GoError for unencodable values. */
export function encodeYaml(value: GoValue): string {
  const em = new Emitter();
  em.node(toEvents(value), false, false);
  em.finish();
  return em.out;
}
