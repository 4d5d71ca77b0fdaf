import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildProgram, runCli } from '../../src/cli/cli.js';
import { globalHelmOverrides, subcommandFirst } from '../../src/cli/global-options.js';
import { VERSION } from '../../src/version.js';

function capture() {
  const text = { out: '', err: '' };
  const io = {
    out: (s: string) => {
      text.out += s;
    },
    err: (s: string) => {
      text.err += s;
    },
    color: false,
  };
  return { io, text };
}

describe('helmfire CLI', () => {
  const savedCache = process.env.HELMFIRE_CACHE;
  beforeEach(() => {
    process.env.HELMFIRE_CACHE = mkdtempSync(join(tmpdir(), 'helmfire-cli-'));
  });
  afterEach(() => {
    rmSync(process.env.HELMFIRE_CACHE ?? '', { recursive: true, force: true });
    if (savedCache === undefined) delete process.env.HELMFIRE_CACHE;
    else process.env.HELMFIRE_CACHE = savedCache;
  });

  it('prints its version with --version and as JSON with `version -o json`', async () => {
    const a = capture();
    expect(await runCli(['--version'], a.io)).toBe(0);
    expect(a.text.out.trim()).toBe(VERSION);
    const b = capture();
    expect(await runCli(['version', '-o', 'json'], b.io)).toBe(0);
    expect(JSON.parse(b.text.out)).toEqual({ version: VERSION });
  });

  it('lists the commands and helmfile global flags in --help, exit 0', async () => {
    const c = capture();
    expect(await runCli(['--help'], c.io)).toBe(0);
    for (const flag of [
      '--file',
      '--environment',
      '--selector',
      '--kube-context',
      '--state-values-set',
      '--oci-plain-http',
    ]) {
      expect(c.text.out).toContain(flag);
    }
    expect(c.text.out).toContain('cluster');
  });

  it('rejects an unknown command with exit 1 and says what it got', async () => {
    const c = capture();
    expect(await runCli(['bogus'], c.io)).toBe(1);
    expect(c.text.err).toContain("unknown command 'bogus'");
  });

  it('accepts global flags after the subcommand, as helmfile does', async () => {
    const c = capture();
    expect(await runCli(['version', '-e', 'staging', '--kube-context', 'x'], c.io)).toBe(0);
    const d = capture();
    expect(await runCli(['--oci-plain-http', 'version'], d.io)).toBe(0);
    expect(await runCli(['version', '--oci-plain-http'], d.io)).toBe(0);
  });

  it("reads a subcommand's own flags before its name, as helmfile (cobra) does", async () => {
    const c = capture();
    expect(await runCli(['-o', 'json', 'version'], c.io)).toBe(0);
    expect(JSON.parse(c.text.out)).toEqual({ version: VERSION });
    const program = buildProgram(capture().io);
    expect(
      subcommandFirst(['-f', 'x.yaml', '--oci-plain-http', '--concurrency=1', 'template'], program),
    ).toEqual(['template', '-f', 'x.yaml', '--oci-plain-http', '--concurrency=1']);
    expect(subcommandFirst(['-fx.yaml', '--concurrency', '1', 'template', '-q'], program)).toEqual([
      'template',
      '-fx.yaml',
      '--concurrency',
      '1',
      '-q',
    ]);
    // Only root options before the name: unchanged (here `template` is the value of -f).
    for (const argv of [
      ['-f', 'template', 'list'],
      ['-e', 'prod', 'template', '--concurrency=1'],
      ['--concurrency=1', '--', 'template'],
    ]) {
      expect(subcommandFirst(argv, program)).toEqual(argv);
    }
  });

  it('hands --kube-context and --oci-plain-http to every release as command-line helm overrides', () => {
    const g = { environment: 'default', helmBinary: 'helm', logLevel: 'info', color: false } as const;
    expect(globalHelmOverrides({ ...g })).toEqual({});
    expect(globalHelmOverrides({ ...g, kubeContext: 'kind', ociPlainHttp: true })).toEqual({
      kubeContext: 'kind',
      ociPlainHttp: true,
    });
  });

  it('reports a missing local cluster as not running with exit 1, in text and JSON', async () => {
    const a = capture();
    expect(await runCli(['cluster', 'status'], a.io)).toBe(1);
    expect(a.text.out).toContain('not running');
    const b = capture();
    expect(await runCli(['cluster', 'status', '-o', 'json'], b.io)).toBe(1);
    expect(JSON.parse(b.text.out)).toMatchObject({ running: false, ready: false });
    const c = capture();
    expect(await runCli(['cluster', 'down'], c.io)).toBe(0);
    expect(c.text.out).toContain('no local cluster running');
  });

  it('exits 3 when no release matches the selectors, as helmfile does (0 with --allow-no-matching-release)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'helmfire-nomatch-'));
    try {
      writeFileSync(join(dir, 'helmfile.yaml'), 'releases:\n- name: a\n  chart: ./a\n');
      const a = capture();
      expect(await runCli(['-f', join(dir, 'helmfile.yaml'), '-l', 'name=zzz', 'list'], a.io)).toBe(3);
      const b = capture();
      expect(
        await runCli(
          ['-f', join(dir, 'helmfile.yaml'), '-l', 'name=zzz', '--allow-no-matching-release', 'list'],
          b.io,
        ),
      ).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
