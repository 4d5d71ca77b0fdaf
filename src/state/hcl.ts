import type { GoValue } from '../template/value.js';
import { FUNCTIONS, type HclValue, mergeValues, operate, toGo, toStr } from './hcl-values.js';

/**
 * `.hcl` environment values files, read as helmfile reads them: every HCL
 * file of an environment's `values:` list together; each file holds
 * `values { name = expr }` blocks (any number) and at most one `locals { }`
 * block. `hv.NAME` refers to a value of any of the files, `local.NAME` to a
 * local of the file the expression is in. A name defined more than once is
 * the merge of its definitions in order (objects merged deeply, anything
 * else replaced). Results reach templates as JSON would carry them (numbers
 * as float64). Expressions: literals, strings with `${…}` and
 * `%{if}`/`%{for}`, heredocs, tuples, objects, traversals, arithmetic,
 * comparison and logic operators, `c ? a : b`, `[for …]`/`{for …}`, and the
 * common functions of helmfile's HCL library; anything else is an error
 * naming it.
 */

export class HclError extends Error {
  override readonly name = 'HclError';
}

type V = HclValue;
type Scope = (name: string) => V;
type Expr = (scope: Scope) => V;

const NOT_SUPPORTED = (what: string) => `${what} is not supported by helmfire's HCL reader`;

class Parser {
  private i = 0;
  /** Newlines are insignificant inside parentheses and brackets. */
  private depth = 0;

  constructor(
    private readonly src: string,
    private readonly file: string,
  ) {}

  fail(msg: string, at = this.i): never {
    const before = this.src.slice(0, at);
    const line = before.split('\n').length;
    const col = at - before.lastIndexOf('\n');
    throw new HclError(`${this.file}:${line},${col}: ${msg}`);
  }

  private skip(newlines: boolean): void {
    const s = this.src;
    while (this.i < s.length) {
      const c = s[this.i] as string;
      if (c === ' ' || c === '\t' || c === '\r' || (c === '\n' && newlines)) this.i++;
      else if (c === '#' || (c === '/' && s[this.i + 1] === '/')) {
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
      } else if (c === '/' && s[this.i + 1] === '*') {
        const end = s.indexOf('*/', this.i + 2);
        if (end < 0) this.fail('unterminated comment');
        this.i = end + 2;
      } else break;
    }
  }

  private ws(): void {
    this.skip(this.depth > 0);
  }

  private peek(tok: string): boolean {
    return this.src.startsWith(tok, this.i);
  }

  private eat(tok: string): boolean {
    this.ws();
    if (!this.peek(tok)) return false;
    this.i += tok.length;
    return true;
  }

  private expect(tok: string): void {
    if (!this.eat(tok)) this.fail(`expected "${tok}"`);
  }

  private ident(): string | undefined {
    this.ws();
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.src.slice(this.i, this.i + 256));
    if (!m) return undefined;
    this.i += m[0].length;
    return m[0];
  }

  /** The file: blocks with attributes. */
  body(): { type: string; attrs: { name: string; expr: Expr }[] }[] {
    const blocks: { type: string; attrs: { name: string; expr: Expr }[] }[] = [];
    for (;;) {
      this.skip(true);
      if (this.i >= this.src.length) return blocks;
      const at = this.i;
      const type = this.ident();
      if (!type) this.fail('expected a block');
      this.skip(false);
      if (this.peek('='))
        this.fail(`Unsupported argument; an argument named "${type}" is not expected here`, at);
      if (type !== 'values' && type !== 'locals')
        this.fail(`Unsupported block type; blocks of type "${type}" are not expected here`, at);
      this.expect('{');
      const attrs: { name: string; expr: Expr }[] = [];
      for (;;) {
        this.skip(true);
        if (this.eat('}')) break;
        const name = this.ident();
        if (!name) this.fail('expected an attribute name');
        this.expect('=');
        attrs.push({ name, expr: this.expr() });
        this.skip(false);
        if (!this.peek('\n') && !this.peek('}')) this.fail('expected a newline after the attribute');
      }
      blocks.push({ type, attrs });
    }
  }

  expr(): Expr {
    const cond = this.binary(0);
    if (!this.eat('?')) return cond;
    const a = this.expr();
    this.expect(':');
    const b = this.expr();
    return (s) => {
      const c = cond(s);
      if (typeof c !== 'boolean') this.fail('the condition of a conditional must be a bool');
      return c ? a(s) : b(s);
    };
  }

  private static readonly LEVELS: string[][] = [
    ['||'],
    ['&&'],
    ['==', '!='],
    ['<=', '>=', '<', '>'],
    ['+', '-'],
    ['*', '/', '%'],
  ];

  private binary(level: number): Expr {
    if (level >= Parser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      this.ws();
      const op = (Parser.LEVELS[level] as string[]).find(
        (o) => this.peek(o) && !(o === '<' && this.peek('<<')),
      );
      if (!op) return left;
      this.i += op.length;
      const l = left;
      const r = this.binary(level + 1);
      left = (s) => operate(op, l(s), r(s), (m) => this.fail(m));
    }
  }

  private unary(): Expr {
    if (this.eat('!')) {
      const e = this.unary();
      return (s) => {
        const v = e(s);
        if (typeof v !== 'boolean') this.fail('"!" needs a bool');
        return !v;
      };
    }
    if (this.eat('-')) {
      const e = this.unary();
      return (s) => {
        const v = e(s);
        if (typeof v !== 'number') this.fail('"-" needs a number');
        return -v;
      };
    }
    return this.postfix(this.primary());
  }

  private postfix(base: Expr): Expr {
    let e = base;
    for (;;) {
      this.ws();
      if (this.peek('.') && !this.peek('..')) {
        this.i++;
        if (this.peek('*')) this.fail(NOT_SUPPORTED('a splat expression'));
        const name = this.ident() ?? /^\d+/.exec(this.src.slice(this.i))?.[0];
        if (name === undefined) this.fail('expected an attribute name after "."');
        if (/^\d+$/.test(name)) this.i += name.length;
        const prev = e;
        e = (s) => index(prev(s), /^\d+$/.test(name) ? Number(name) : name, (m) => this.fail(m));
      } else if (this.peek('[')) {
        this.i++;
        this.depth++;
        if (this.eat('*')) this.fail(NOT_SUPPORTED('a splat expression'));
        const k = this.expr();
        this.expect(']');
        this.depth--;
        const prev = e;
        e = (s) => index(prev(s), k(s), (m) => this.fail(m));
      } else return e;
    }
  }

  private primary(): Expr {
    this.ws();
    const at = this.i;
    const num = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.src.slice(this.i, this.i + 64));
    if (num) {
      this.i += num[0].length;
      const n = Number(num[0]);
      return () => n;
    }
    if (this.peek('"')) {
      this.i++;
      return this.template('"');
    }
    if (this.peek('<<')) return this.heredoc();
    if (this.eat('(')) {
      this.depth++;
      const e = this.expr();
      this.expect(')');
      this.depth--;
      return e;
    }
    if (this.eat('[')) return this.tuple();
    if (this.eat('{')) return this.object();
    const name = this.ident();
    if (!name) this.fail('expected an expression', at);
    if (name === 'true') return () => true;
    if (name === 'false') return () => false;
    if (name === 'null') return () => null;
    this.skip(false);
    if (this.peek('(')) return this.call(name, at);
    return (s) => s(name);
  }

  private call(name: string, at: number): Expr {
    this.i++;
    this.depth++;
    const args: Expr[] = [];
    while (!this.eat(')')) {
      args.push(this.expr());
      if (this.eat('...')) this.fail(NOT_SUPPORTED('expanding arguments with "..."'));
      if (!this.eat(',')) {
        this.expect(')');
        break;
      }
    }
    this.depth--;
    const fn = FUNCTIONS[name];
    if (!fn) this.fail(`Call to unknown function; ${NOT_SUPPORTED(`the function "${name}"`)}`, at);
    return (s) =>
      fn(
        args.map((a) => a(s)),
        (m) => this.fail(`${name}: ${m}`, at),
      );
  }

  private forHead(): { k?: string; v: string; coll: Expr } {
    const a = this.ident();
    if (!a) this.fail('expected a variable after "for"');
    const b = this.eat(',') ? this.ident() : undefined;
    if (this.ident() !== 'in') this.fail('expected "in"');
    const coll = this.expr();
    return b ? { k: a, v: b, coll } : { v: a, coll };
  }

  private tuple(): Expr {
    this.depth++;
    const save = this.i;
    if (this.ident() === 'for') {
      const head = this.forHead();
      this.expect(':');
      const body = this.expr();
      const cond = this.ident() === 'if' ? this.expr() : undefined;
      this.expect(']');
      this.depth--;
      return (s) =>
        forEach(head, s, (m) => this.fail(m)).flatMap((inner) =>
          cond && !truthy(cond(inner), (m) => this.fail(m)) ? [] : [body(inner)],
        );
    }
    this.i = save;
    const items: Expr[] = [];
    while (!this.eat(']')) {
      items.push(this.expr());
      if (!this.eat(',')) {
        this.expect(']');
        break;
      }
    }
    this.depth--;
    return (s) => items.map((e) => e(s));
  }

  private object(): Expr {
    const outer = this.depth;
    this.depth = 0;
    const save = this.i;
    this.skip(true);
    if (this.ident() === 'for') {
      this.depth = 1;
      const head = this.forHead();
      this.expect(':');
      const key = this.expr();
      this.expect('=>');
      const val = this.expr();
      if (this.eat('...')) this.fail(NOT_SUPPORTED('grouping with "..."'));
      const cond = this.ident() === 'if' ? this.expr() : undefined;
      this.expect('}');
      this.depth = outer;
      return (s) => {
        const out = new Map<string, V>();
        for (const inner of forEach(head, s, (m) => this.fail(m))) {
          if (cond && !truthy(cond(inner), (m) => this.fail(m))) continue;
          out.set(
            toStr(key(inner), (m) => this.fail(m)),
            val(inner),
          );
        }
        return out;
      };
    }
    this.i = save;
    const items: [Expr, Expr][] = [];
    for (;;) {
      this.skip(true);
      if (this.eat('}')) break;
      let key: Expr;
      const id = this.ident();
      if (id !== undefined) key = () => id;
      else key = this.primary();
      this.ws();
      if (!this.eat('=') && !this.eat(':')) this.fail('expected "=" or ":" after an object key');
      items.push([key, this.expr()]);
      this.skip(false);
      this.eat(',');
    }
    this.depth = outer;
    return (s) => new Map(items.map(([k, v]) => [toStr(k(s), (m) => this.fail(m)), v(s)]));
  }

  private heredoc(): Expr {
    const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(this.src.slice(this.i));
    if (!m) this.fail('expected a heredoc marker');
    this.i += m[0].length;
    const lines: string[] = [];
    for (;;) {
      if (this.i >= this.src.length) this.fail(`unterminated heredoc ${m[2]}`);
      const end = this.src.indexOf('\n', this.i);
      const line = this.src.slice(this.i, end < 0 ? undefined : end);
      this.i = end < 0 ? this.src.length : end + 1;
      if (line.trim() === m[2]) {
        if (end >= 0) this.i--;
        break;
      }
      lines.push(line);
    }
    let text = lines.map((l) => `${l}\n`).join('');
    if (m[1] === '-') {
      const indent = Math.min(
        ...lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0),
      );
      text = lines.map((l) => `${l.slice(Number.isFinite(indent) ? indent : 0)}\n`).join('');
    }
    return new Parser(`${text}\u0000`, this.file).template('\u0000');
  }

  /** A template up to `close` (a quote, or the end of a heredoc). */
  template(close: string): Expr {
    type Part =
      | { k: 'text'; t: string }
      | { k: 'expr'; e: Expr }
      | { k: 'if'; c: Expr }
      | { k: 'else' }
      | { k: 'endif' }
      | { k: 'for'; h: ReturnType<Parser['forHead']> }
      | { k: 'endfor' };
    const parts: Part[] = [];
    let text = '';
    const flush = () => {
      if (text !== '') parts.push({ k: 'text', t: text });
      text = '';
    };
    const s = this.src;
    for (;;) {
      if (this.i >= s.length) this.fail('unterminated string');
      const c = s[this.i] as string;
      if (c === close) {
        this.i++;
        break;
      }
      if (close === '"' && c === '\n') this.fail('unterminated string');
      if (c === '\\' && close === '"') {
        const n = s[this.i + 1];
        const esc: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        if (n !== undefined && esc[n] !== undefined) {
          text += esc[n];
          this.i += 2;
        } else if (n === 'u' || n === 'U') {
          const len = n === 'u' ? 4 : 8;
          text += String.fromCodePoint(Number.parseInt(s.slice(this.i + 2, this.i + 2 + len), 16));
          this.i += 2 + len;
        } else this.fail('invalid escape sequence');
        continue;
      }
      if ((c === '$' || c === '%') && s[this.i + 1] === c && s[this.i + 2] === '{') {
        text += `${c}{`;
        this.i += 3;
        continue;
      }
      if ((c === '$' || c === '%') && s[this.i + 1] === '{') {
        this.i += 2;
        if (s[this.i] === '~') this.fail(NOT_SUPPORTED('the "~" strip marker'));
        flush();
        const saved = this.depth;
        this.depth = 1;
        if (c === '$') parts.push({ k: 'expr', e: this.expr() });
        else {
          const word = this.ident();
          if (word === 'if') parts.push({ k: 'if', c: this.expr() });
          else if (word === 'else') parts.push({ k: 'else' });
          else if (word === 'endif') parts.push({ k: 'endif' });
          else if (word === 'for') parts.push({ k: 'for', h: this.forHead() });
          else if (word === 'endfor') parts.push({ k: 'endfor' });
          else this.fail('expected if, else, endif, for or endfor');
        }
        this.ws();
        if (this.peek('~')) this.fail(NOT_SUPPORTED('the "~" strip marker'));
        this.expect('}');
        this.depth = saved;
        continue;
      }
      text += c;
      this.i++;
    }
    flush();
    const fail = (m: string): never => this.fail(m);
    // Nest the directives: a list of nodes rendered in order.
    type Node =
      | { k: 'text'; t: string }
      | { k: 'expr'; e: Expr }
      | { k: 'if'; c: Expr; then: Node[]; else: Node[] }
      | { k: 'for'; h: ReturnType<Parser['forHead']>; body: Node[] };
    let pos = 0;
    const seq = (stop: string[]): Node[] => {
      const out: Node[] = [];
      while (pos < parts.length) {
        const p = parts[pos] as Part;
        if (stop.includes(p.k)) return out;
        pos++;
        if (p.k === 'text' || p.k === 'expr') out.push(p);
        else if (p.k === 'if') {
          const then = seq(['else', 'endif']);
          let other: Node[] = [];
          if (parts[pos]?.k === 'else') {
            pos++;
            other = seq(['endif']);
          }
          if (parts[pos]?.k !== 'endif') fail('%{if} without %{endif}');
          pos++;
          out.push({ k: 'if', c: p.c, then, else: other });
        } else if (p.k === 'for') {
          const body = seq(['endfor']);
          if (parts[pos]?.k !== 'endfor') fail('%{for} without %{endfor}');
          pos++;
          out.push({ k: 'for', h: p.h, body });
        } else fail(`unexpected %{${p.k}}`);
      }
      return out;
    };
    const nodes = seq([]);
    // A template that is exactly one interpolation keeps the value's type.
    const only = nodes.length === 1 && nodes[0]?.k === 'expr' ? nodes[0].e : undefined;
    if (only) return only;
    const render = (ns: Node[], sc: Scope): string =>
      ns
        .map((n) => {
          if (n.k === 'text') return n.t;
          if (n.k === 'expr') return toStr(n.e(sc), fail);
          if (n.k === 'if') return render(truthy(n.c(sc), fail) ? n.then : n.else, sc);
          return forEach(n.h, sc, fail)
            .map((inner) => render(n.body, inner))
            .join('');
        })
        .join('');
    return (sc) => render(nodes, sc);
  }
}

function truthy(v: V, fail: (m: string) => never): boolean {
  if (typeof v !== 'boolean') fail('a condition must be a bool');
  return v;
}

function forEach(h: { k?: string; v: string; coll: Expr }, s: Scope, fail: (m: string) => never): Scope[] {
  const coll = h.coll(s);
  const pairs: [V, V][] = Array.isArray(coll)
    ? coll.map((v, i) => [i, v])
    : coll instanceof Map
      ? [...coll].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      : fail('a for expression needs a list or an object');
  return pairs.map(
    ([k, v]) =>
      (name: string) =>
        name === h.v ? v : h.k !== undefined && name === h.k ? k : s(name),
  );
}

function index(v: V, k: V, fail: (m: string) => never): V {
  if (v instanceof Map) {
    if (typeof k !== 'string' || !v.has(k))
      return fail(`Unsupported attribute; this object does not have an attribute named ${JSON.stringify(k)}`);
    return v.get(k) as V;
  }
  if (Array.isArray(v)) {
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k >= v.length) return fail('Invalid index');
    return v[k] as V;
  }
  return fail('this value does not have any attributes or indices');
}

/** Evaluates the `values` of `files` (path and text, in the order listed) into one map. */
export function evaluateHclValues(files: readonly { path: string; text: string }[]): Map<GoValue, GoValue> {
  const defs = new Map<string, { expr: Expr; file: string }[]>();
  const locals = new Map<string, Map<string, Expr>>();
  for (const { path, text } of files) {
    const p = new Parser(text, path);
    const blocks = p.body();
    if (blocks.filter((b) => b.type === 'locals').length > 1)
      throw new HclError(`${path}: A file can only support exactly 1 \`locals\` block`);
    const own = new Map<string, Expr>();
    for (const b of blocks) {
      for (const a of b.attrs) {
        if (b.type === 'locals') own.set(a.name, a.expr);
        else defs.set(a.name, [...(defs.get(a.name) ?? []), { expr: a.expr, file: path }]);
      }
    }
    locals.set(path, own);
  }
  const localValues = new Map<string, Map<string, V | 'pending'>>();
  const localOf = (file: string, name: string): V => {
    let done = localValues.get(file);
    if (!done) {
      done = new Map();
      localValues.set(file, done);
    }
    const hit = done.get(name);
    if (hit === 'pending')
      throw new HclError(`${file}: locals refer to each other in a cycle through "${name}"`);
    if (hit !== undefined) return hit;
    const expr = locals.get(file)?.get(name);
    if (!expr) throw new HclError(`${file}: local "${name}" is not defined`);
    done.set(name, 'pending');
    const v = expr(localScope(file));
    done.set(name, v);
    return v;
  };
  /** `local` of a file: all its locals, as an object. */
  const allLocals = (file: string): Map<string, V> => {
    const own = locals.get(file);
    if (!own || own.size === 0)
      throw new HclError(`${file}: "local" is used but the file has no locals block`);
    return new Map([...own.keys()].map((k) => [k, localOf(file, k)]));
  };
  const localScope =
    (file: string): Scope =>
    (name) => {
      if (name === 'local') return allLocals(file);
      throw new HclError(`${file}: unknown variable "${name}" in a local (locals can use local.NAME)`);
    };
  /** `hv`: an object whose attributes are evaluated when used. */
  const lazyValues = (self: string): Map<string, V> =>
    new Proxy(new Map<string, V>(), {
      get(_target, prop) {
        if (prop === 'get') return (k: string) => evalValue(k, self);
        if (prop === 'has') return () => true;
        throw new HclError(NOT_SUPPORTED('using "hv" other than as hv.NAME'));
      },
    });
  const values = new Map<string, V | 'pending'>();
  const evalValue = (name: string, from: string): V => {
    const hit = values.get(name);
    if (hit === 'pending') throw new HclError(`values refer to each other in a cycle through "${name}"`);
    if (hit !== undefined) return hit;
    const ds = defs.get(name);
    if (!ds) throw new HclError(`variables "${from}" depend(s) on undefined vars "${name}"`);
    values.set(name, 'pending');
    let v: V = null;
    ds.forEach((d, i) => {
      const x = d.expr(valueScope(d.file, name));
      v = i === 0 ? x : mergeValues(v, x);
    });
    values.set(name, v);
    return v;
  };
  const valueScope =
    (file: string, self: string): Scope =>
    (name) => {
      if (name === 'hv') return lazyValues(self);
      if (name === 'local') return allLocals(file);
      throw new HclError(`${file}: unknown variable "${name}" (values can use hv.NAME and local.NAME)`);
    };
  const out = new Map<GoValue, GoValue>();
  for (const name of [...defs.keys()].sort()) out.set(name, toGo(evalValue(name, name)));
  return out;
}
