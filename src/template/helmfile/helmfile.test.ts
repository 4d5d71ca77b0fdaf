import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeYaml } from '../../yaml/index.js';
import { TemplateError } from '../errors.js';
import type { GoValue } from '../value.js';
import {
  type DirEntryInfo,
  type ExecRequest,
  type ExecResult,
  envsubst,
  type HelmfileHost,
  HostError,
  nodeHelmfileHost,
  renderHelmfileTemplate,
} from './index.js';

interface Recorded {
  input: {
    template: string;
    data?: string;
    files?: Record<string, string>;
    env?: Record<string, string>;
    missingkey?: string;
  };
  insecureDisabled?: boolean;
  output: string;
  error?: string;
}

/** Cases recorded from helmfile's own renderer (pkg/tmpl), run in a fresh directory with an almost empty environment. */
const RECORDED: Recorded[] = JSON.parse(
  readFileSync(new URL('./fixtures/cases.json', import.meta.url), 'utf8'),
);

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function materialize(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'helmfire-helmfile-test-'));
  dirs.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

function run(c: Recorded): { output: string; error?: string } {
  const baseDir = materialize(c.input.files);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, TZ: 'UTC', ...c.input.env };
  if (c.insecureDisabled) env.HELMFILE_DISABLE_INSECURE_FEATURES = 'true';
  const rel = (s: string) => s.split(`${baseDir}/`).join('').split(baseDir).join('.');
  const data = c.input.data ? decodeYaml(c.input.data)[0] : null;
  try {
    const output = renderHelmfileTemplate(c.input.template, data ?? null, {
      host: nodeHelmfileHost({ baseDir, env }),
      missingKey: c.input.missingkey === 'zero' ? 'zero' : 'error',
    });
    return { output: rel(output) };
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return { output: rel(e.partialOutput), error: rel(e.message) };
  }
}

describe('helmfile template functions, compared with helmfile', () => {
  for (const c of RECORDED) {
    it(c.input.template, () => {
      const want: { output: string; error?: string } = { output: c.output };
      if (c.error) want.error = c.error;
      expect(run(c)).toEqual(want);
    });
  }
});

/** An in-memory host: files by absolute path, canned command results, an environment. */
function fakeHost(
  files: Record<string, string>,
  env: Record<string, string> = {},
  execs: ExecRequest[] = [],
): HelmfileHost {
  const baseDir = '/project/state';
  const abs = (p: string) => (p.startsWith('/') ? p : `${baseDir}/${p}`);
  const all = Object.fromEntries(Object.entries(files).map(([k, v]) => [abs(k), v]));
  return {
    baseDir,
    readFile(path) {
      const v = all[path];
      if (v === undefined) throw new HostError(`open ${path}: no such file or directory`, true);
      return v;
    },
    readDir(path): DirEntryInfo[] {
      const prefix = `${path.replace(/\/$/, '')}/`;
      const names = new Map<string, boolean>();
      for (const f of Object.keys(all)) {
        if (!f.startsWith(prefix)) continue;
        const [first, ...rest] = f.slice(prefix.length).split('/');
        names.set(first!, rest.length > 0);
      }
      if (names.size === 0) throw new HostError(`open ${path}: no such file or directory`, true);
      return [...names].sort().map(([name, isDir]) => ({ name, isDir, typeBits: isDir ? 2 ** 31 : 0 }));
    },
    stat(path) {
      if (all[path] !== undefined) return { isDir: false };
      return Object.keys(all).some((f) => f.startsWith(`${path}/`)) ? { isDir: true } : undefined;
    },
    exec(req): ExecResult {
      execs.push(req);
      if (req.command === 'sops') {
        return { path: '/usr/bin/sops', stdout: 'password: s3cret\n', stderr: '', combined: '', status: 0 };
      }
      throw new HostError(`exec: "${req.command}": executable file not found in $PATH`);
    },
    env: (name) => env[name],
  };
}

function render(text: string, host: HelmfileHost, data: GoValue = null, firstPass = false): string {
  try {
    return renderHelmfileTemplate(text, data, { host, firstPass });
  } catch (e) {
    return `ERR ${(e as Error).message}`;
  }
}

describe('helmfile renderer with an injected host', () => {
  it('resolves relative paths against the base directory and lists directories', () => {
    const host = fakeHost({ 'values/a.yaml': 'a', 'values/b.yaml': 'b', 'values/sub/c.yaml': 'c' });
    expect(
      render('{{ readFile "values/a.yaml" }} {{ readDir "values" }} {{ isDir "values/sub" }}', host),
    ).toBe('a [values/a.yaml values/b.yaml] true');
    expect(render('{{ range readDirEntries "values" }}{{ . }},{{ end }}', host)).toBe(
      '- a.yaml,- b.yaml,d sub/,',
    );
  });

  it('parses _*.tpl helpers beside the state file for include', () => {
    const host = fakeHost({
      '_helpers.tpl': '{{ define "name" }}app-{{ .env }}{{ end }}',
      'other.tpl': '{{ define "x" }}{{ end }}',
    });
    expect(render('{{ include "name" . | upper }}', host, new Map([['env', 'prod']]))).toBe('APP-PROD');
    expect(render('{{ include "x" . }}', host)).toContain(
      'no template "x" associated with template "stringTemplate"',
    );
  });

  it('stubs side effects in the first pass and renders missing keys as zero values', () => {
    const execs: ExecRequest[] = [];
    const host = fakeHost({}, {}, execs);
    expect(
      render(
        '[{{ exec "rm" (list "-rf" "/") }}][{{ readFile "nope" }}][{{ .missing }}]',
        host,
        new Map(),
        true,
      ),
    ).toBe('[][][<no value>]');
    expect(execs).toEqual([]);
  });

  it('disables the insecure functions when helmfile says so', () => {
    const host = fakeHost({ a: 'x' }, { HELMFILE_DISABLE_INSECURE_TEMPLATE_FUNCTIONS: '1' });
    expect(render('{{ readFile "a" }}', host)).toContain(
      'error calling readFile: HELMFILE_DISABLE_INSECURE_FEATURES or HELMFILE_DISABLE_INSECURE_TEMPLATE_FUNCTIONS is active, insecure function calls are disabled',
    );
    expect(render('{{ isFile "a" }}', host)).toBe('true');
  });

  it('resolves ref+ secrets with the local backends and names unsupported ones', () => {
    const execs: ExecRequest[] = [];
    const host = fakeHost(
      { 'secrets.yaml': 'token: t0k\n', 'enc.yaml': 'password: ENC[…]\n' },
      { USER_X: 'alice' },
      execs,
    );
    expect(render('{{ fetchSecretValue "ref+file://secrets.yaml#/token" }}', host)).toBe('t0k');
    expect(render('{{ fetchSecretValue "ref+envsubst://$USER_X" }}', host)).toBe('alice');
    // Like Go's url.Parse, a `${…}` in the host part is not a valid ref.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the ${VAR} form is what is tested
    expect(render('{{ fetchSecretValue "ref+envsubst://${USER_X}" }}', host)).toContain(
      'invalid character "{" in host name',
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the ${VAR:-default} form is what is tested
    expect(envsubst('${NOPE:-dflt}/$USER_X/$$', (n) => (n === 'USER_X' ? 'alice' : undefined))).toBe(
      'dflt/alice/$',
    );
    expect(render('{{ fetchSecretValue "ref+sops://enc.yaml#/password" }}', host)).toBe('s3cret');
    expect(execs.map((e) => [e.command, ...e.args])).toEqual([['sops', '-d', '/project/state/enc.yaml']]);
    expect(render('{{ fetchSecretValue "ref+awssecrets://prod/db" }}', host)).toContain(
      'expand awssecrets://prod/db: helmfire does not support the "awssecrets" secret backend',
    );
  });

  it('reads a sops file before decrypting it, in-process when the host can', () => {
    const host = {
      ...fakeHost({ 'enc.yaml': 'ciphertext' }),
      decryptSops: (path: string, text: string) => `k: ${text}@${path}\n`,
    };
    expect(render('{{ fetchSecretValue "ref+sops://enc.yaml#/k" }}', host)).toBe(
      'ciphertext@/project/state/enc.yaml',
    );
    expect(render('{{ fetchSecretValue "ref+sops://missing.yaml#/k" }}', host)).toContain(
      'expand sops://missing.yaml#/k: failed to read "missing.yaml": open /project/state/missing.yaml: no such file or directory',
    );
  });

  it('reports a missing sops binary clearly', () => {
    const host = {
      ...fakeHost({ 'x.yaml': 'k: v' }),
      exec: () => {
        throw new HostError('exec: "sops": executable file not found in $PATH');
      },
    };
    expect(render('{{ fetchSecretValue "ref+sops://x.yaml" }}', host)).toContain(
      'ref+sops needs the sops binary on PATH to decrypt x.yaml',
    );
  });

  it('stops a self-including template as helmfile does, after 1001 nested includes', () => {
    const host = fakeHost({ '_r.tpl': '{{ define "r" }}{{ include "r" . }}{{ end }}' });
    const msg = render('{{ include "r" . }}', host);
    expect(
      msg.startsWith(
        'ERR template: stringTemplate:1:3: executing "stringTemplate" at <include "r" .>: error calling include: ',
      ),
    ).toBe(true);
    expect(msg.split('executing "r" at <include "r" .>: error calling include: ').length - 1).toBe(1001);
    expect(
      msg.endsWith('rendering template has a nested reference name: r: unable to execute template'),
    ).toBe(true);
  });

  it('tpl renders with the same helpers but not the calling file’s defines', () => {
    const host = fakeHost({ '_h.tpl': '{{ define "h" }}H{{ end }}' });
    expect(render('{{ define "own" }}O{{ end }}{{ tpl "{{ include \\"h\\" . }}" . }}', host)).toBe('H');
    expect(render('{{ define "own" }}O{{ end }}{{ tpl "{{ include \\"own\\" . }}" . }}', host)).toContain(
      'no template "own" associated',
    );
  });
});
