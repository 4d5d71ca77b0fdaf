/**
 * A tiny YAML writer for generated state files: block style, two-space
 * indent, and `Raw` text written verbatim (template actions such as
 * `{{ .Values.x }}` that must not be quoted).
 */
export class Raw {
  constructor(readonly text: string) {}
}

export const raw = (text: string): Raw => new Raw(text);

export type Y =
  | string
  | number
  | boolean
  | null
  | Raw
  | readonly Y[]
  | { readonly [key: string]: Y | undefined };

const plain = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const reserved = /^(true|false|yes|no|on|off|null|y|n|~)$/i;

export function scalar(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v !== 'string') return String(v);
  return plain.test(v) && !reserved.test(v) ? v : JSON.stringify(v);
}

const isMap = (v: Y): v is { readonly [key: string]: Y | undefined } =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Raw);

const inline = (v: Y): string | null => {
  if (v instanceof Raw) return v.text;
  if (Array.isArray(v)) return v.length === 0 ? '[]' : null;
  if (isMap(v)) return Object.values(v).some((x) => x !== undefined) ? null : '{}';
  return scalar(v as string | number | boolean | null);
};

function lines(v: Y, pad: string): string[] {
  const out: string[] = [];
  if (Array.isArray(v)) {
    for (const item of v as Y[]) {
      const one = inline(item);
      if (one !== null) out.push(`${pad}- ${one}`);
      else {
        const inner = lines(item, `${pad}  `);
        out.push(`${pad}- ${(inner[0] ?? '').trimStart()}`, ...inner.slice(1));
      }
    }
    return out;
  }
  if (isMap(v)) {
    for (const [k, item] of Object.entries(v)) {
      if (item === undefined) continue;
      const key = scalar(k);
      const one = inline(item);
      if (one !== null) out.push(`${pad}${key}: ${one}`);
      else out.push(`${pad}${key}:`, ...lines(item, Array.isArray(item) ? pad : `${pad}  `));
    }
    return out;
  }
  return [`${pad}${inline(v)}`];
}

/** The document text for `v` (a map or list), ending in a newline. */
export function emit(v: Y): string {
  return `${lines(v, '').join('\n')}\n`;
}
