/**
 * Decodes a case's data YAML into helmfire's Go value model exactly as
 * helmfile's yaml.Unmarshal into interface{} does (first document; an empty
 * stream is nil), with helmfire's own yaml.v3-compatible decoder.
 */
import type { GoValue } from '../../src/template/value.js';
import { unmarshalYaml } from '../../src/yaml/index.js';

/** Decode case data: absent or empty text → nil. */
export function decodeCaseData(text: string | undefined): GoValue {
  if (text === undefined || text === '') return null;
  return unmarshalYaml(text, { filename: 'data.yaml' });
}
