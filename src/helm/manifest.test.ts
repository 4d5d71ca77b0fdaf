import { describe, expect, it } from 'vitest';
import { isHook, parseManifest } from './manifest.js';

describe('parseManifest', () => {
  it('reads every object of a multi-document render, lists flattened, empty documents skipped', () => {
    const text = `---\n# Source: a.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: b\n`;
    expect(parseManifest(text, 'r').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/a',
      'Secret/b',
    ]);
  });

  it('accepts a key given twice in a map, as helm and the API server do: the last wins', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  K: "1"\n  K: "2"\n';
    expect(parseManifest(text, 'r')[0]?.data).toEqual({ K: '2' });
  });

  it('names the release when a document is not an object', () => {
    expect(() => parseManifest('apiVersion: v1\nkind: ConfigMap\n', 'release "web"')).toThrow(
      /release "web": .*metadata.name/,
    );
  });

  it('tells hooks apart', () => {
    const [hook] = parseManifest(
      'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install\n',
      'r',
    );
    expect(hook && isHook(hook)).toBe(true);
  });
});
