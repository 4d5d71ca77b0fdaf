import { ReleaseError } from './errors.js';
import { isStringMap, type ValueMap } from './maputil.js';
import { closest } from './suggest.js';

/**
 * A release's `condition:`: empty → enabled; `true`/`false` (any case); or a
 * path ending in `.enabled` looked up in the state values (`db.enabled` is
 * `.Values.db.enabled`). A missing `enabled` key or a non-bool value means
 * disabled; a missing or non-map parent is an error.
 */
export function conditionEnabled(
  release: { name?: string; condition?: string },
  values: ValueMap,
  file?: string,
): boolean {
  const cond = release.condition ?? '';
  if (cond === '') return true;
  const lower = cond.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  const keys = cond.split('.');
  const fail = (msg: string) =>
    new ReleaseError(
      release.name ?? '',
      `${file ? `${file}: ` : ''}failed to parse condition in release ${release.name ?? ''}: ${msg}`,
    );
  if (keys[keys.length - 1] !== 'enabled') {
    throw fail(
      `Condition value must be in the form 'foo.enabled' where 'foo' can be modified as necessary (got "${cond}"; did you mean "${cond}.enabled"?)`,
    );
  }
  let cur: ValueMap = values;
  let path = '';
  for (const key of keys.slice(0, -1)) {
    path += `.${key}`;
    if (!cur.has(key)) {
      const near = closest(key, [...cur.keys()].map(String));
      throw fail(
        `environment values field '${path}' not found${near ? ` (did you mean "${[...keys.slice(0, keys.indexOf(key)), near, 'enabled'].join('.')}"?)` : ''}`,
      );
    }
    const next = cur.get(key);
    if (!isStringMap(next)) throw fail(`environment values field '${path}' is not a map`);
    cur = next;
  }
  const enabled = cur.get('enabled');
  return typeof enabled === 'boolean' ? enabled : false;
}
