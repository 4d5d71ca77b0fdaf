import { describe, expect, it } from 'vitest';
import { displayWidth, formatListJson, formatListTable, type ListRow } from './list-output.js';

const rows: ListRow[] = [
  {
    name: 'test',
    namespace: 'test',
    enabled: true,
    installed: true,
    labels: 'test',
    chart: 'test',
    version: 'test',
  },
  {
    name: 'test1',
    namespace: 'test2',
    enabled: false,
    installed: false,
    labels: 'test1',
    chart: 'test1',
    version: 'test1',
  },
];

describe('list output', () => {
  it('pads every column to its widest cell, separated by tabs, like helmfile (uitable)', () => {
    expect(formatListTable(rows)).toBe(
      'NAME \tNAMESPACE\tENABLED\tINSTALLED\tLABELS\tCHART\tVERSION\n' +
        'test \ttest     \ttrue   \ttrue     \ttest  \ttest \ttest\n' +
        'test1\ttest2    \tfalse  \tfalse    \ttest1 \ttest1\ttest1\n',
    );
  });
  it('trims the trailing padding of rows without a version', () => {
    const out = formatListTable([{ ...rows[0]!, version: '' }]);
    expect(out.split('\n')[1]).toBe('test\ttest     \ttrue   \ttrue     \ttest  \ttest');
  });
  it('prints JSON as Go json.Marshal does, escaping <, > and &', () => {
    expect(formatListJson(rows)).toBe(
      '[{"name":"test","namespace":"test","enabled":true,"installed":true,"labels":"test","chart":"test","version":"test"},' +
        '{"name":"test1","namespace":"test2","enabled":false,"installed":false,"labels":"test1","chart":"test1","version":"test1"}]\n',
    );
    expect(formatListJson([{ ...rows[0]!, chart: 'a&b<c>' }])).toContain(
      '"chart":"a\\u0026b\\u003cc\\u003e"',
    );
    expect(formatListJson([])).toBe('null\n');
  });
  it('counts East Asian wide characters as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本')).toBe(4);
  });
});
