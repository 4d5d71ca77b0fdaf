import { describe, expect, it } from 'vitest';
import { buildProgram, runCli } from '../../src/cli/cli.js';
import { helmRunOptions } from '../../src/cli/commands/helm-options.js';
import { liveOutputOption } from '../../src/cli/global-options.js';

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

/** The run options template and lint get from these root arguments. */
function runOptionsOf(argv: string[]) {
  const { io, text } = capture();
  const program = buildProgram(io);
  program.parseOptions(argv);
  const template = program.commands.find((c) => c.name() === 'template');
  if (!template) throw new Error('no template command');
  return { options: helmRunOptions(template, io, {}), text };
}

describe('--enable-live-output', () => {
  it('is listed in --help among the global flags', async () => {
    const c = capture();
    expect(await runCli(['--help'], c.io)).toBe(0);
    expect(c.text.out).toContain('--enable-live-output');
  });

  it('is accepted before or after the subcommand, as helmfile takes it', async () => {
    expect(await runCli(['--enable-live-output', 'version'], capture().io)).toBe(0);
    expect(await runCli(['version', '--enable-live-output'], capture().io)).toBe(0);
  });

  it('gives no live sink without the flag', () => {
    expect(liveOutputOption({}, capture().io)).toEqual({});
    expect(runOptionsOf([]).options.liveOutput).toBeUndefined();
  });

  it("sends helm's stdout to stdout and its stderr to stderr, unchanged", () => {
    const { options, text } = runOptionsOf(['--enable-live-output']);
    expect(options.liveOutput).toBeTypeOf('function');
    options.liveOutput?.('Release "a" has been upgraded.\n', 'stdout');
    options.liveOutput?.('WARNING: kubeconfig is group-readable', 'stderr');
    options.liveOutput?.('\n', 'stderr');
    expect(text.out).toBe('Release "a" has been upgraded.\n');
    expect(text.err).toBe('WARNING: kubeconfig is group-readable\n');
  });

  it("sends helm's stdout to stderr when stdout carries JSON", () => {
    const { io, text } = capture();
    const { liveOutput } = liveOutputOption({ enableLiveOutput: true }, io, true);
    liveOutput?.('NAME: a\n', 'stdout');
    liveOutput?.('oops\n', 'stderr');
    expect(text.out).toBe('');
    expect(text.err).toBe('NAME: a\noops\n');
  });
});
