/**
 * helmfire's YAML codec, compatible with yaml.v3 (what helmfile uses): decoding
 * into Go values with yaml.v3's typing and errors, and encoding as its Encoder
 * with an indent of 2.
 */
export {
  type DecodeOptions,
  decodeYaml,
  decodeYamlDocuments,
  unmarshalYaml,
  unmarshalYamlMap,
  type YamlDocument,
} from './decode.js';
export { encodeYaml, isZeroValue, type YamlField, type YamlTaggedStruct } from './encode.js';
export { YamlError, type YamlPosition } from './errors.js';
export { keyLess } from './key-order.js';
