import { InvalidStateError } from './errors.js';
import { parseKey, setAtPath, typedSetValue, type ValueMap } from './maputil.js';

/**
 * `--state-values-set a.b=1,c[0]=x` and `--state-values-set-string a=1`: a
 * map built as helmfile builds it. `set` splits on `,` then on the first `=`
 * and types values (true/false/null, integers); `set-string` keeps strings
 * and allows quoted values containing commas (`a='x,y'`, quotes kept).
 */
export function parseStateValuesSet(args: readonly string[]): ValueMap {
  const out: ValueMap = new Map();
  for (const arg of args) {
    for (const op of arg.split(',')) {
      const eq = op.indexOf('=');
      if (eq < 0) {
        throw new InvalidStateError(
          `--state-values-set ${JSON.stringify(arg)}: "${op}" is not in the form key=value`,
        );
      }
      setAtPath(out, parseKey(op.slice(0, eq)), typedSetValue(op.slice(eq + 1), false));
    }
  }
  return out;
}

const SET_STRING = /(?:,|^)([^\s=]+)=(['"][^'"]*['"]|[^,]+)/g;

export function parseStateValuesSetString(args: readonly string[]): ValueMap {
  const out: ValueMap = new Map();
  for (const arg of args) {
    for (const m of arg.matchAll(SET_STRING)) setAtPath(out, parseKey(m[1]!), m[2]!);
  }
  return out;
}
