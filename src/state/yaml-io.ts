import type { GoValue } from '../template/value.js';
import { decodeYaml, encodeYaml, unmarshalYaml } from '../yaml/index.js';

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
  return unmarshalYaml(text, { filename });
}

/** One YAML document, as helmfile's `toYaml`/`build` print it. */
export function encodeYamlDocument(value: GoValue): string {
  return encodeYaml(value);
}
