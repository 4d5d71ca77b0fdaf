import { describe, expect, it } from 'vitest';
import { dependencyBuildArgs, pullArgs, registryLoginArgs, repoAddArgs } from './args-repo.js';

describe('repoAddArgs', () => {
  it('forces the update and sends the password on stdin, never in argv', () => {
    const cmd = repoAddArgs({
      name: 'corp',
      url: 'https://charts.example/corp',
      username: 'me',
      password: 's3cret',
      caFile: 'ca.pem',
      certFile: 'c.pem',
      keyFile: 'k.pem',
      passCredentials: true,
      skipTLSVerify: true,
    });
    expect(cmd.args).toEqual([
      'repo',
      'add',
      'corp',
      'https://charts.example/corp',
      '--force-update',
      '--cert-file',
      'c.pem',
      '--key-file',
      'k.pem',
      '--ca-file',
      'ca.pem',
      '--pass-credentials',
      '--insecure-skip-tls-verify',
      '--username',
      'me',
      '--password-stdin',
    ]);
    expect(cmd.input).toBe('s3cret\n');
    expect(cmd.args.join(' ')).not.toContain('s3cret');
  });

  it('passes no credentials unless both are known', () => {
    expect(repoAddArgs({ name: 'r', url: 'u', username: 'me' })).toEqual({
      args: ['repo', 'add', 'r', 'u', '--force-update'],
    });
  });
});

describe('registryLoginArgs', () => {
  it('logs in with the password on stdin; nothing to do without credentials', () => {
    expect(
      registryLoginArgs('reg:5000', { username: 'u', password: 'p', skipTLSVerify: true, plainHttp: true }),
    ).toEqual({
      args: [
        'registry',
        'login',
        'reg:5000',
        '--insecure',
        '--plain-http',
        '--username',
        'u',
        '--password-stdin',
      ],
      input: 'p\n',
    });
    expect(registryLoginArgs('reg:5000', { username: 'u' })).toBeUndefined();
  });
});

describe('pullArgs', () => {
  it('splits an OCI tag into --version and keeps a digest in the reference', () => {
    expect(pullArgs({ chart: 'oci://reg:5000/charts/webapp:1.1.0', destination: 'd' })).toEqual([
      'pull',
      'oci://reg:5000/charts/webapp',
      '--destination',
      'd',
      '--untar',
      '--version',
      '1.1.0',
    ]);
    expect(
      pullArgs({ chart: 'oci://reg:5000/charts/webapp@sha256:ab', version: '1.0.0', destination: 'd' }),
    ).toEqual(['pull', 'oci://reg:5000/charts/webapp@sha256:ab', '--destination', 'd', '--untar']);
  });

  it('uses plain HTTP instead of the TLS options when asked', () => {
    const argv = pullArgs({
      chart: 'oci://r/c',
      destination: 'd',
      plainHttp: true,
      caFile: 'ca',
      untar: false,
    });
    expect(argv).toEqual(['pull', 'oci://r/c', '--destination', 'd', '--plain-http']);
  });
});

describe('dependencyBuildArgs', () => {
  it('keeps only the --args flags dependency build knows, with their values', () => {
    const argv = dependencyBuildArgs(
      'charts/stack',
      { major: 3 },
      {
        skipRefresh: true,
        extraArgs: [
          '--set',
          'a=1',
          '--kube-context',
          'kind',
          '--wait',
          '--debug',
          '--color=never',
          '--timeout=5m',
        ],
      },
    );
    expect(argv).toEqual([
      'dependency',
      'build',
      'charts/stack',
      '--skip-refresh',
      '--kube-context',
      'kind',
      '--debug',
    ]);
    expect(dependencyBuildArgs('c', { major: 4 }, { extraArgs: ['--color=never'] })).toContain(
      '--color=never',
    );
  });

  it('--oci-plain-http adds --plain-http with helm 4 only, once, and wins over --insecure-skip-tls-verify', () => {
    expect(dependencyBuildArgs('c', { major: 4 }, { ociPlainHttp: true })).toEqual([
      'dependency',
      'build',
      'c',
      '--plain-http',
    ]);
    expect(dependencyBuildArgs('c', { major: 3 }, { ociPlainHttp: true })).toEqual([
      'dependency',
      'build',
      'c',
    ]);
    expect(
      dependencyBuildArgs(
        'c',
        { major: 4 },
        { ociPlainHttp: true, plainHttp: true, insecureSkipTLSVerify: true },
      ),
    ).toEqual(['dependency', 'build', 'c', '--plain-http']);
    expect(
      dependencyBuildArgs('c', { major: 3 }, { ociPlainHttp: true, insecureSkipTLSVerify: true }),
    ).toEqual(['dependency', 'build', 'c', '--insecure-skip-tls-verify']);
  });
});
