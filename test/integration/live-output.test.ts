import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHelm } from '../../src/helm/index.js';
import { helmfire } from '../harness/cli.js';
import { type TestEnv, testEnv, useNamespace } from '../harness/context.js';

const WEBAPP = resolve(import.meta.dirname, '../charts/webapp-1.0.0');

/** `--enable-live-output`: helm's output reaches the user while helm runs, on the real helm. */
describe('live helm output', () => {
  let t: TestEnv;
  let dir: string;

  beforeAll(() => {
    t = testEnv();
    dir = mkdtempSync(join(tmpdir(), 'helmfire-live-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hands helm output to the sink while helm is still running', async () => {
    // A helm plugin that prints a line, then waits until the file named on its command line exists.
    const plugin = join(dir, 'plugins', 'liveprobe');
    mkdirSync(plugin, { recursive: true });
    writeFileSync(
      join(plugin, 'plugin.yaml'),
      'name: liveprobe\nversion: 0.1.0\nusage: waits for a file\ncommand: "$HELM_PLUGIN_DIR/probe.sh"\n',
    );
    writeFileSync(
      join(plugin, 'probe.sh'),
      [
        '#!/bin/sh',
        'echo "waiting for the gate"',
        'echo "a message" >&2',
        'i=0',
        // A safety limit only, so that a broken stream ends the test instead of hanging it.
        'while [ ! -e "$1" ]; do i=$((i+1)); [ $i -gt 1200 ] && { echo "gave up"; exit 3; }; sleep 0.05; done',
        'echo "gate opened"',
        '',
      ].join('\n'),
    );
    chmodSync(join(plugin, 'probe.sh'), 0o755);
    const gate = join(dir, 'gate');
    const seen: { text: string; stream: string; gateOpen: boolean }[] = [];
    const result = await runHelm(t.helm, ['liveprobe', gate], {
      env: { ...t.env, HELM_PLUGINS: join(dir, 'plugins') },
      live: (text, stream) => {
        seen.push({ text, stream, gateOpen: existsSync(gate) });
        // helm waits for this: it can only finish if its first line reached us while it ran.
        if (text.includes('waiting for the gate')) writeFileSync(gate, '');
      },
    });
    expect(result.stdout).toBe('waiting for the gate\ngate opened\n');
    expect(result.stderr).toBe('a message\n');
    expect(seen[0]).toMatchObject({ stream: 'stdout', gateOpen: false });
    const joined = (stream: string) =>
      seen
        .filter((s) => s.stream === stream)
        .map((s) => s.text)
        .join('');
    expect(joined('stdout')).toBe(result.stdout);
    expect(joined('stderr')).toBe(result.stderr);
  });

  describe('from the command line', () => {
    let ns: string;
    beforeAll(async () => {
      ns = await useNamespace(t, 'live');
      writeFileSync(
        join(dir, 'helmfile.yaml'),
        `releases:\n- name: web\n  namespace: ${ns}\n  chart: ${WEBAPP}\n`,
      );
    });
    const cli = (...args: string[]) =>
      helmfire([
        '-f',
        join(dir, 'helmfile.yaml'),
        '--helm-binary',
        t.helm,
        '--kubeconfig',
        t.kubeconfig,
        ...args,
      ]);

    it("sync --enable-live-output prints helm's own upgrade report on stdout", async () => {
      const quiet = await cli('sync');
      expect(quiet.code).toBe(0);
      expect(quiet.stdout).not.toContain('STATUS: deployed');
      const live = await cli('--enable-live-output', 'sync');
      expect(live.code).toBe(0);
      expect(live.stdout).toContain('Release "web" has been upgraded');
      expect(live.stdout).toContain('STATUS: deployed');
    });

    it("lint --enable-live-output shows helm lint's report once, as it runs", async () => {
      const live = await cli('--enable-live-output', 'lint');
      expect(live.code).toBe(0);
      expect(live.stdout.split('1 chart(s) linted, 0 chart(s) failed').length).toBe(2);
    });

    it('template prints the same manifests on stdout with and without the flag', async () => {
      const plain = await cli('template', '--no-render-cache');
      const live = await cli('--enable-live-output', 'template', '--no-render-cache');
      expect(plain.code).toBe(0);
      expect(live.code).toBe(0);
      expect(plain.stdout).toContain('kind: Deployment');
      expect(live.stdout).toBe(plain.stdout);
    });
  });
});
