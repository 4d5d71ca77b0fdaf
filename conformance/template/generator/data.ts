/**
 * Random YAML data for generated cases: a document with a fixed set of keys
 * (so that templates can refer to them) whose values vary in type and form.
 */
import fc from 'fast-check';

const KEYS = ['a', 'b', 'f', 'flag', 's', 'list', 'm', 'nested', 'nil', 'empty', 'big', 'neg'] as const;

const scalarYaml = fc.oneof(
  fc.integer({ min: -1000, max: 100000 }).map(String),
  fc.constantFrom('0', '1', '-1', '9223372036854775807', '1000000', '0x1F', '017'),
  fc.double({ min: -1e7, max: 1e7, noNaN: true, noDefaultInfinity: true }).map((x) => {
    const s = String(x);
    return /[.eE]/.test(s) ? s : `${s}.0`;
  }),
  fc.constantFrom('0.5', '1.0', '1e6', '2.5e-3', '-0.0', '3.14159'),
  fc.constantFrom('true', 'false', 'null', '~'),
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
  fc.constantFrom(
    '"hello"',
    '"Hello World"',
    '"a,b,c"',
    '"  pad  "',
    '"héllo"',
    '"yes"',
    '"<&>"',
    '"1"',
    "''",
  ),
);

function indentYaml(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

const listYaml = fc
  .array(scalarYaml, { maxLength: 5 })
  .map((xs) => (xs.length ? xs.map((x) => `- ${x}`).join('\n') : '[]'));

const mapYaml = fc
  .tuple(
    scalarYaml,
    scalarYaml,
    fc.uniqueArray(fc.tuple(fc.constantFrom('k3', 'Z', 'a b', 'x', 'é'), scalarYaml), {
      maxLength: 3,
      selector: (t) => t[0],
    }),
  )
  .map(([k1, k2, more]) =>
    [`k1: ${k1}`, `k2: ${k2}`, ...more.map(([k, v]) => `${JSON.stringify(k)}: ${v}`)].join('\n'),
  );

/** Usually no key is left out; now and then one is (missing keys are errors in helmfile). */
const dropped = fc.oneof(
  { weight: 9, arbitrary: fc.constant<string[]>([]) },
  { weight: 1, arbitrary: fc.constantFrom(...KEYS).map((k) => [k]) },
);

/** A data document with a fixed set of keys (some may be left out). */
export const dataYaml: fc.Arbitrary<string> = fc
  .record({
    a: fc.integer({ min: -50, max: 50 }).map(String),
    b: scalarYaml,
    f: fc.constantFrom('1.5', '0.1', '2.0', '1e21', '-3.25', '100.0'),
    flag: fc.constantFrom('true', 'false'),
    s: fc.constantFrom('"hello"', '"Hello, World"', '"a-b_c d"', '""', '"ünï"', '"x y z"'),
    list: listYaml,
    m: mapYaml,
    nested: mapYaml,
    big: fc.constantFrom('9223372036854775807', '18446744073709551615', '12345678901234567890'),
    neg: fc.integer({ min: -100, max: -1 }).map(String),
    drop: dropped,
  })
  .map((r) => {
    const lines: string[] = [];
    for (const k of KEYS) {
      if (r.drop.includes(k)) continue;
      if (k === 'nil') lines.push('nil: null');
      else if (k === 'empty') lines.push('empty: ""');
      else if (k === 'list' || k === 'm' || k === 'nested') {
        const body = k === 'nested' ? `inner:\n${indentYaml(r.nested, 2)}` : r[k];
        if (body === '[]') lines.push(`${k}: ${body}`);
        else lines.push(`${k}:\n${indentYaml(body, 2)}`);
      } else lines.push(`${k}: ${r[k as 'a']}`);
    }
    return `${lines.join('\n')}\n`;
  });
