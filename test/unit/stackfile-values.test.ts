// biome-ignore-all lint/suspicious/noTemplateCurlyInString: stackfile ${name} references are the subject here
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadState } from '../../src/api/state.js';
import { materializeValues } from '../../src/plan/index.js';
import { nodeHost } from '../../src/state/node-host.js';
import { defaultRenderer } from '../../src/state/render.js';

/** What helm is given for a stackfile release: its values files, `.gotmpl` ones rendered, then `set:`. */

const dir = mkdtempSync(join(tmpdir(), 'helmfire-stackfile-values-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
}

describe('stackfile values as helm receives them', () => {
  it('renders .gotmpl values with the variables as .Values and the environment, and gives set: last', async () => {
    write({
      'stackfile.yaml': [
        'variables:',
        '  domain: example.test',
        '  replicas: 2',
        'environments:',
        '  prod: {overlay: [env/prod.yaml]}',
        'releases:',
        '- name: web',
        '  namespace: shop',
        '  chart: r/webapp',
        '  values: [values/web.yaml, values/web.yaml.gotmpl]',
        '  set:',
        '    replicaCount: ${replicas}',
        '    config: {GREETING: "${GREETING:-hi}"}',
      ].join('\n'),
      'env/prod.yaml':
        'variables: {domain: example.com}\nreleases:\n  web:\n    set: {config: {LOG_LEVEL: warn}}\n',
      'values/web.yaml': 'component: web\n',
      'values/web.yaml.gotmpl': [
        'host: web.{{ .Values.domain }}',
        'replicasPlusOne: {{ add1 .Values.replicas }}',
        'env: {{ .Environment.Name }}',
        'release: {{ .Release.Namespace }}/{{ .Release.Name }}',
      ].join('\n'),
      '.env': 'GREETING="hello from .env"\n',
    });
    const env = { PATH: process.env.PATH ?? '' };
    const state = await loadState({ cwd: dir, env, environment: 'prod' });
    const s = state.states[0]!;
    const web = s.releases[0]!;
    const host = nodeHost({ cwd: dir, env });
    const workDir = join(dir, 'work');
    mkdirSync(workDir, { recursive: true });
    const cleanup: (() => void)[] = [];
    const files = await materializeValues(s, web, { renderer: defaultRenderer(host), workDir, cleanup, env });
    const texts = files.map((f) => readFileSync(f.path, 'utf8'));
    expect(texts).toEqual([
      'component: web\n',
      'host: web.example.com\nreplicasPlusOne: 3\nenv: prod\nrelease: shop/web',
      'config:\n  GREETING: hello from .env\n  LOG_LEVEL: warn\nreplicaCount: 2\n',
    ]);
    for (const c of cleanup) c();
  });
});
