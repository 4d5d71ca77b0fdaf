import type { GoValue } from '../template/value.js';
import { decodeYaml, encodeYaml, unmarshalYaml } from '../yaml/index.js';
import { resolveScalar } from '../yaml/resolve.js';

/**
 * The state engine's only door to YAML text: decoding as yaml.v3 decodes into
 * `interface{}` and encoding as yaml.v3's Encoder (indent 2) prints.
 */

/** Every document of `text`; throws YamlError on a syntax error (message names a line). */
export function decodeYamlDocuments(text: string, filename: string): GoValue[] {
  return decodeYaml(text, { filename });
}

/** The first document of `text` (yaml.Unmarshal), or null when there is none. */
export function decodeYamlDocument(text: string, filename: string): GoValue {
  return decodeFlatMapping(text) ?? unmarshalYaml(text, { filename });
}

/**
 * `key: value` lines with plain words or simple quoted strings only (what a rendered `valuesTemplate`
 * entry or a `*Template` field usually is), decoded without the full parser:
 * each scalar resolved as the decoder resolves a plain scalar. Anything else
 * (escapes, flow or nested collections, comments, a repeated key, a
 * scalar that does not resolve) is left to the parser.
 */
const FLAT_MAPPING =
  /^(?:[A-Za-z_][A-Za-z0-9_-]*: (?:[A-Za-z0-9_][A-Za-z0-9_./-]*|'(?:[\x20-\x26\x28-\x7e]|'')*'|"[\x20\x21\x23-\x5b\x5d-\x7e]*")\n)+$/;

function decodeFlatMapping(text: string): Map<GoValue, GoValue> | undefined {
  if (text.length > 4096 || !FLAT_MAPPING.test(text)) return undefined;
  const out = new Map<GoValue, GoValue>();
  const seen = new Set<string>();
  for (const line of text.slice(0, -1).split('\n')) {
    const at = line.indexOf(': ');
    const key = line.slice(0, at);
    if (seen.has(key)) return undefined;
    seen.add(key);
    const raw = line.slice(at + 2);
    try {
      // Quoted scalars are strings as written ('' is a quote inside single quotes).
      const value = raw.startsWith("'")
        ? raw.slice(1, -1).replaceAll("''", "'")
        : raw.startsWith('"')
          ? raw.slice(1, -1)
          : resolveScalar('', raw)[1];
      out.set(resolveScalar('', key)[1], value);
    } catch {
      return undefined;
    }
  }
  return out;
}

/** One YAML document, as helmfile's `toYaml`/`build` print it. */
export function encodeYamlDocument(value: GoValue): string {
  return encodeYaml(value);
}
