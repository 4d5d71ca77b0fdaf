import { SelectorError } from './errors.js';

/**
 * Release selectors (`-l tier=web,env!=prod`): the terms inside one selector
 * must all match (AND); a release is selected when any selector matches (OR
 * across repeated `-l`). A negative term also matches a release that lacks the
 * label. Every release carries the implicit labels `name`, `namespace` and
 * `chart` (the chart's last path segment).
 */
export interface Selector {
  readonly text: string;
  readonly positive: ReadonlyArray<readonly [string, string]>;
  readonly negative: ReadonlyArray<readonly [string, string]>;
}

const TERM_NEG = /^[a-zA-Z0-9_./+-]+!=[a-zA-Z0-9_./+-]+$/;
const TERM_POS = /^[a-zA-Z0-9_./+-]+=[a-zA-Z0-9_./+-]+$/;

/** Parses one `-l` value; throws SelectorError naming the malformed term. */
export function parseSelector(text: string): Selector {
  const positive: Array<[string, string]> = [];
  const negative: Array<[string, string]> = [];
  for (const term of text.split(',')) {
    if (TERM_NEG.test(term)) {
      const [k, v] = term.split('!=') as [string, string];
      negative.push([k, v]);
    } else if (TERM_POS.test(term)) {
      const [k, v] = term.split('=') as [string, string];
      positive.push([k, v]);
    } else {
      throw new SelectorError(
        `malformed label: ${term}. Expected label in form k=v or k!=v` +
          ` (${text.includes(',') ? `in selector "${text}": ` : ''}${termHint(term)})`,
      );
    }
  }
  return { text, positive, negative };
}

/** The likely fix for a malformed selector term. */
function termHint(term: string): string {
  if (term.includes('==')) return `write "${term.replace('==', '=')}"`;
  if (term.includes(':')) return `write "${term.replace(':', '=')}"`;
  if (term === '') return 'an empty term: remove the extra ","';
  if (term.startsWith('=') || term.startsWith('!=')) return 'the label name is missing before "="';
  if (!term.includes('='))
    return `a label needs a value: "${term}=<value>"; "name", "namespace" and "chart" are set on every release`;
  return 'label names and values may contain letters, digits and "_./+-"';
}

export function selectorMatches(sel: Selector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of sel.positive) if (!Object.hasOwn(labels, k) || labels[k] !== v) return false;
  for (const [k, v] of sel.negative) if (Object.hasOwn(labels, k) && labels[k] === v) return false;
  return true;
}

/** True when no selectors are given or any of them matches. */
export function anySelectorMatches(
  selectors: readonly Selector[],
  labels: Readonly<Record<string, string>>,
): boolean {
  return selectors.length === 0 || selectors.some((s) => selectorMatches(s, labels));
}

/**
 * Whether two selector lists could both match one release (only positive terms
 * are compared: same key, different value conflicts). Used to skip a
 * sub-helmfile whose own selectors exclude everything the CLI asks for.
 * Unparseable input counts as compatible.
 */
export function selectorsCompatible(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  let pa: Selector[];
  let pb: Selector[];
  try {
    pa = a.map(parseSelector);
    pb = b.map(parseSelector);
  } catch {
    return true;
  }
  return pa.some((x) =>
    pb.some((y) => !x.positive.some(([k, v]) => y.positive.some(([k2, v2]) => k === k2 && v !== v2))),
  );
}

/** A release's labels plus the implicit `name`, `namespace` and `chart` (last segment of the chart). */
export function withImplicitLabels(
  labels: Readonly<Record<string, string>>,
  commonLabels: Readonly<Record<string, string>>,
  release: { name: string; namespace: string; chart: string },
): Record<string, string> {
  const chartParts = release.chart.split('/');
  return {
    ...commonLabels,
    ...labels,
    name: release.name,
    namespace: release.namespace,
    chart: chartParts[chartParts.length - 1]!,
  };
}
