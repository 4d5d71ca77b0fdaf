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
      withArg('--state-values-set', arg, () =>
        setAtPath(out, parseKey(op.slice(0, eq)), typedSetValue(op.slice(eq + 1), false)),
      );
    }
  }
  return out;
}

const SET_STRING = /(?:,|^)([^\s=]+)=(['"][^'"]*['"]|[^,]+)/g;

export function parseStateValuesSetString(args: readonly string[]): ValueMap {
  const out: ValueMap = new Map();
  for (const arg of args) {
    for (const m of arg.matchAll(SET_STRING))
      withArg('--state-values-set-string', arg, () => setAtPath(out, parseKey(m[1]!), m[2]!));
  }
  return out;
}

/** Runs `f`, naming the flag and its argument in a key error (`empty key`, `negative index`). */
function withArg(flag: string, arg: string, f: () => void): void {
  try {
    f();
  } catch (err) {
    if (!(err instanceof InvalidStateError)) throw err;
    const fix = err.message.startsWith('empty key')
      ? 'write it as key=value, for example replicas=3'
      : err.message.startsWith('negative index')
        ? 'list indexes start at 0, as in ports[0]=80'
        : 'keys are dot-separated names with optional [index], as in a.b[0]=x';
    throw new InvalidStateError(`${flag} ${JSON.stringify(arg)}: ${err.message} (${fix})`);
  }
}
