import { isScalar, parseDocument } from 'yaml';

/**
 * Whether `text`, written unquoted as a YAML value, is read back as one plain
 * scalar with exactly that text (so `3`, `true`, `1.10`, `nginx:1.27` are;
 * `a: b`, `- x`, `x # y`, `'q'`, multi-line text and the empty string are
 * not). In a flow collection (`[…]`, `{…}`) `,[]{}` end a plain scalar.
 */
export function isPlainScalarText(text: string, flow = false): boolean {
  if (text === '' || text.includes('\n') || text !== text.trim()) return false;
  if (flow && /[,[\]{}]/.test(text)) return false;
  const doc = parseDocument(text, { strict: false, uniqueKeys: false });
  if (doc.errors.length > 0) return false;
  const node = doc.contents;
  return isScalar(node) && node.type === 'PLAIN' && node.source === text && !node.tag && !node.anchor;
}
