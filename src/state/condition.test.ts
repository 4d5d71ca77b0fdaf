import { describe, expect, it } from 'vitest';
import type { GoValue } from '../template/value.js';
import { conditionEnabled } from './condition.js';

const values = new Map<GoValue, GoValue>([
  ['db', new Map<GoValue, GoValue>([['enabled', true]])],
  ['cache', new Map<GoValue, GoValue>([['enabled', 'yes']])],
  ['flat', 'x'],
]);

describe('release condition', () => {
  it('is enabled without a condition and follows literal true/false', () => {
    expect(conditionEnabled({ name: 'r' }, values)).toBe(true);
    expect(conditionEnabled({ name: 'r', condition: 'FALSE' }, values)).toBe(false);
  });
  it('looks up PATH.enabled in the state values; non-bool or missing means disabled', () => {
    expect(conditionEnabled({ name: 'r', condition: 'db.enabled' }, values)).toBe(true);
    expect(conditionEnabled({ name: 'r', condition: 'cache.enabled' }, values)).toBe(false);
  });
  it('fails on a missing or non-map parent and on a path not ending in .enabled', () => {
    expect(() => conditionEnabled({ name: 'r', condition: 'nope.enabled' }, values)).toThrow(
      "failed to parse condition in release r: environment values field '.nope' not found",
    );
    expect(() => conditionEnabled({ name: 'r', condition: 'flat.enabled' }, values)).toThrow(
      "environment values field '.flat' is not a map",
    );
    expect(() => conditionEnabled({ name: 'r', condition: 'db' }, values)).toThrow(
      `Condition value must be in the form 'foo.enabled' where 'foo' can be modified as necessary (got "db"; did you mean "db.enabled"?)`,
    );
  });
});
