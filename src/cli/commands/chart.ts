import { type Command, Option } from 'commander';
import type { ChartSubstitution } from '../../substitute/index.js';
import { EXIT } from '../exit-codes.js';
import { globalOptions } from '../global-options.js';
import { type CliIO, lines } from '../io.js';
import { stateOptions } from './build.js';
import { progress } from './helm-options.js';

const label = (s: Pick<ChartSubstitution, 'ref' | 'version'>) =>
  s.version ? `${s.ref}@${s.version}` : s.ref;

/** Rows as aligned columns (the last column unpadded). */
export function table(rows: readonly (readonly string[])[]): string[] {
  const w = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((c, i) => c.padEnd(w[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

const outputOption = () =>
  new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table');

export function registerChart(program: Command, io: CliIO): void {
  const chart = program
    .command('chart')
    .usage('<remote-ref>[@version] <local-dir> | list | rm <remote-ref>[@version] | rm --all')
    .description(
      'live chart substitution: deploy every release of a remote chart from a local directory, without editing the state',
    )
    .argument(
      '[remote-ref]',
      'the chart as the state names it: repo/name or oci://host/path/name, optionally @version',
    )
    .argument('[local-dir]', 'the local chart directory (with Chart.yaml) to deploy instead')
    .addHelpText(
      'after',
      `
Every release whose chart is <remote-ref> (any version; with @version only
that version) deploys from <local-dir> on the next sync, apply, diff or
template, and a running \`sync --watch\` picks the change up at once. The
state file is not touched; the substitutions are kept per project (the
directory of the -f state file) in .helmfire/substitutions.json.

The directory is checked when added and on every run: Chart.yaml must parse
with apiVersion, name and version, and dependencies missing from charts/ are
built with \`helm dependency build\` (once; not again while nothing changes).
Adding the same ref again replaces it.

Examples:
  helmfire chart bitnami/postgresql ./charts/postgresql-dev
  helmfire chart bitnami/postgresql@12.1.0 ./charts/postgresql-dev   only releases of 12.1.0
  helmfire chart list
  helmfire chart list -o json
  helmfire chart rm bitnami/postgresql       the remote chart again on the next sync
  helmfire chart rm --all
  helmfire -f stage/helmfile.yaml chart oci://localhost:5000/charts/api ../api/chart`,
    )
    .action(async (ref: string | undefined, dir: string | undefined, _o: unknown, cmd: Command) => {
      if (!ref || !dir)
        cmd.error(
          ref
            ? `error: missing <local-dir> for chart ${ref}`
            : 'error: expected <remote-ref> <local-dir>, or one of: list, rm',
          { exitCode: EXIT.usage, code: 'helmfire.usage' },
        );
      const { addChart } = await import('../../api/substitutions.js');
      const g = globalOptions(cmd);
      const r = await addChart({
        ...stateOptions(cmd, io),
        ...(g.skipDeps ? { skipDeps: true } : {}),
        log: progress(cmd, io),
        ref,
        dir,
      });
      for (const w of r.warnings) io.err(`Warning: ${w}\n`);
      const deps =
        r.dependencies === 'built'
          ? '; dependencies built'
          : r.dependencies === 'present'
            ? '; dependencies present'
            : '';
      lines(
        io,
        `${r.replaced ? 'replaced' : 'added'} chart substitution ${label(r.substitution)} → ${r.substitution.dir} (${r.chart.name} ${r.chart.version}${deps})`,
      );
      if (r.releases?.length) lines(io, `used by: ${r.releases.join(', ')}`);
    });

  chart
    .command('list')
    .description('the active chart substitutions of the project')
    .addOption(outputOption())
    .action(async (o: { output: 'table' | 'json' }, cmd: Command) => {
      const { listCharts } = await import('../../api/substitutions.js');
      const charts = listCharts(stateOptions(cmd, io));
      if (o.output === 'json') return lines(io, JSON.stringify(charts, null, 2));
      if (charts.length === 0) return lines(io, 'no chart substitutions');
      lines(
        io,
        ...table([
          ['REF', 'VERSION', 'LOCAL DIR', 'ADDED'],
          ...charts.map((c) => [c.ref, c.version ?? '*', c.dir, c.added]),
        ]),
      );
    });

  chart
    .command('rm')
    .alias('remove')
    .description('remove a chart substitution (all of the ref, or only its @version pin) or --all')
    .argument('[remote-ref]', 'the substituted ref, as `chart list` shows it')
    .option('--all', 'remove every chart substitution')
    .action(async (ref: string | undefined, o: { all?: boolean }, cmd: Command) => {
      if (!ref === !o.all)
        cmd.error(
          o.all
            ? 'error: give either <remote-ref> or --all, not both'
            : 'error: expected <remote-ref> or --all',
          { exitCode: EXIT.usage, code: 'helmfire.usage' },
        );
      const { removeChart } = await import('../../api/substitutions.js');
      const base = stateOptions(cmd, io);
      const removed = removeChart(ref ? { ...base, ref } : { ...base, all: true });
      if (removed.length === 0) return lines(io, 'no chart substitutions');
      lines(io, ...removed.map((c) => `removed chart substitution ${label(c)} → ${c.dir}`));
    });
}
