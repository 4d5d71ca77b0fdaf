/**
 * Decodes a case's data YAML into helmfire's Go value model, as yaml.v3 does
 * into interface{} (the first document; none → nil). Uses helmfire's own YAML
 * decoder (`src/yaml/`) when it is present, otherwise a close stand-in built
 * on the `yaml` package (ints as Go int, floats as float64, string-keyed maps
 * as map[string]interface {}).
 */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { GoNumber, type GoValue, withGoType } from '../../src/template/value.js';

type DecodeYaml = (text: string, opts: { filename: string }) => GoValue[];

let helmfireDecode: DecodeYaml | null | undefined;

/** Load helmfire's decoder once; null when it does not exist yet. */
export async function loadYamlDecoder(): Promise<void> {
  if (helmfireDecode !== undefined) return;
  const spec = '../../src/yaml/index.js';
  try {
    const mod = (await import(spec)) as { decodeYaml?: DecodeYaml };
    helmfireDecode = typeof mod.decodeYaml === 'function' ? mod.decodeYaml : null;
  } catch {
    helmfireDecode = null;
  }
}

export function usingHelmfireYaml(): boolean {
  return helmfireDecode != null;
}

const INT64_MAX = (1n << 63n) - 1n;

function convert(node: unknown): GoValue {
  if (node == null) return null;
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'bigint') return v > INT64_MAX ? new GoNumber('uint64', v) : v;
    if (typeof v === 'number') return v;
    if (typeof v === 'string' || typeof v === 'boolean') return v;
    return null;
  }
  if (isSeq(node)) return node.items.map(convert);
  if (isMap(node)) {
    const m = new Map<GoValue, GoValue>();
    let allStrings = true;
    for (const pair of node.items) {
      const k = convert(pair.key);
      if (typeof k !== 'string') allStrings = false;
      m.set(k, convert(pair.value));
    }
    return allStrings ? m : withGoType(m, 'map[interface {}]interface {}');
  }
  return null;
}

function standIn(text: string): GoValue {
  const doc = parseDocument(text, { intAsBigInt: true, schema: 'core', merge: true });
  if (doc.errors.length > 0) throw new Error(doc.errors[0]!.message);
  return convert(doc.contents);
}

/** Decode case data: undefined/empty text → nil. */
export function decodeCaseData(text: string | undefined): GoValue {
  if (text === undefined || text.trim() === '') return null;
  if (helmfireDecode) return helmfireDecode(text, { filename: 'data.yaml' })[0] ?? null;
  return standIn(text);
}
