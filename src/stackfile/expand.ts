import type { GoValue } from '../template/value.js';
import { unmarshalYaml } from '../yaml/index.js';
import { isPlainScalarText } from './plain.js';

/**
 * `${name}` references in stackfiles: the syntax, and where a name's value
 * comes from.
 *
 * Syntax (a subset of the POSIX shell's, as docker compose has it):
 * `${name}`, `${name:-default}` (default when unset or empty),
 * `${name-default}` (when unset), `${name:?message}` / `${name?message}`
 * (an error with that message), `$${` for a literal `${`. A `$` not followed
 * by `{` is kept as is. Defaults may contain references themselves.
 */

/** A reference that cannot be expanded; the caller adds where it is. */
export class VariableError extends Error {
  override readonly name = 'VariableError';
}

export type Lookup = (name: string) => string | undefined;

const NAME = /^[A-Za-z_][A-Za-z0-9_.]*/;

/** Index of the `}` that closes the `${` starting at `open`, or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text.startsWith('${', i)) {
      depth++;
      i++;
    } else if (text[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Replaces every reference of `text`; throws VariableError. */
export function expandVariables(text: string, lookup: Lookup): string {
  if (!text.includes('$')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    if (text.startsWith('$${', i)) {
      out += '${';
      i += 3;
      continue;
    }
    if (!text.startsWith('${', i)) {
      out += c;
      i++;
      continue;
    }
    const end = closing(text, i);
    if (end < 0) throw new VariableError(`unterminated "\${" in ${JSON.stringify(text)}`);
    out += expandOne(text.slice(i + 2, end), lookup);
    i = end + 1;
  }
  return out;
}

function expandOne(inner: string, lookup: Lookup): string {
  const m = NAME.exec(inner);
  if (!m) throw new VariableError(`bad substitution "\${${inner}}": expected a variable name`);
  const name = m[0];
  const rest = inner.slice(name.length);
  const value = lookup(name);
  const op = /^(:-|-|:\?|\?)?/.exec(rest)![0];
  const arg = rest.slice(op.length);
  if (op === '' && rest !== '') {
    throw new VariableError(
      `bad substitution "\${${inner}}": after the name, expected "}", ":-", "-", ":?" or "?"`,
    );
  }
  const missing = op.startsWith(':') ? value === undefined || value === '' : value === undefined;
  switch (op) {
    case '':
      if (value === undefined) throw new VariableError(`variable "${name}" is not set`);
      return value;
    case ':-':
    case '-':
      return missing ? expandVariables(arg, lookup) : (value as string);
    default:
      if (missing) {
        const msg = expandVariables(arg, lookup);
        throw new VariableError(
          `variable "${name}" is ${value === undefined ? 'not set' : 'empty'}${msg ? `: ${msg}` : ''}`,
        );
      }
      return value as string;
  }
}

/** A name declared under `variables:` of a stackfile or an overlay. */
export interface DeclaredVariable {
  /** The value as written (plain scalars: their text, `1.10` stays `1.10`). */
  readonly text: string;
  /** Written as a plain (unquoted) YAML scalar: typed like one in `.Values`. */
  readonly plain: boolean;
  /** Where it was declared, for messages. */
  readonly file: string;
}

/**
 * The names `${…}` sees, strongest first: the process environment, the
 * `.env` files, the `variables:` of the environment's overlays, the
 * `variables:` of the stackfiles. Declared values are expanded (lazily, so
 * an overlay's value for a name is what every reference to it sees).
 */
export class VariableScope {
  private readonly resolved = new Map<string, string>();
  private readonly resolving: string[] = [];

  constructor(
    private readonly env: Lookup,
    private readonly dotenv: ReadonlyMap<string, string>,
    private readonly declared: ReadonlyMap<string, DeclaredVariable>,
  ) {}

  readonly lookup: Lookup = (name) => {
    const fromEnv = this.env(name);
    if (fromEnv !== undefined) return fromEnv;
    const fromDotenv = this.dotenv.get(name);
    if (fromDotenv !== undefined) return fromDotenv;
    const decl = this.declared.get(name);
    if (!decl) return undefined;
    const done = this.resolved.get(name);
    if (done !== undefined) return done;
    if (this.resolving.includes(name)) {
      throw new VariableError(
        `variable "${name}" refers to itself (${[...this.resolving.slice(this.resolving.indexOf(name)), name].join(' -> ')})`,
      );
    }
    this.resolving.push(name);
    try {
      const value = expandVariables(decl.text, this.lookup);
      this.resolved.set(name, value);
      return value;
    } catch (err) {
      if (
        err instanceof VariableError &&
        !err.message.startsWith('in variable') &&
        !err.message.includes('refers to itself')
      ) {
        throw new VariableError(`in variable "${name}" (${decl.file}): ${err.message}`);
      }
      throw err;
    } finally {
      this.resolving.pop();
    }
  };

  /** The names declared in `variables:` and `.env` files (for "did you mean"). */
  names(): string[] {
    return [...new Set([...this.declared.keys(), ...this.dotenv.keys()])];
  }

  /**
   * The declared variables as state values (`.Values` of `.gotmpl` values
   * files): each resolved; a value written as a plain scalar (or coming from
   * the environment or `.env`) is typed as YAML types it (`3` is a number,
   * `true` a boolean), a quoted one stays a string.
   */
  values(): Map<GoValue, GoValue> {
    const out = new Map<GoValue, GoValue>();
    for (const [name, decl] of this.declared) {
      const text = this.lookup(name) as string;
      const overridden = this.env(name) !== undefined || this.dotenv.has(name);
      out.set(name, (overridden || decl.plain) && isPlainScalarText(text) ? typedScalar(text) : text);
    }
    return out;
  }
}

/** A plain scalar's value as YAML (yaml.v3) types it; collections never (isPlainScalarText excludes them). */
function typedScalar(text: string): GoValue {
  const v = unmarshalYaml(text);
  return v instanceof Map || Array.isArray(v) ? text : v;
}
