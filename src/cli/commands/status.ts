import { type Command, CommanderError } from 'commander';
import { statusReport } from '../../api/status.js';
import { EXIT } from '../exit-codes.js';
import { globalOptions } from '../global-options.js';
import { type CliIO, lines } from '../io.js';
import { stateOptions } from './build.js';

export function registerStatus(program: Command, io: CliIO): void {
  program
    .command('status')
    .description(
      'helm status of every selected release, the health of its live objects (exit 1 when not all healthy) and the active chart and image substitutions',
    )
    .option('--concurrency <n>', 'releases looked at at once', '8')
    .option('-o, --output <format>', 'output: text or json', 'text')
    .option('--details', 'list every object, not only the unhealthy ones')
    .action(async (f: { concurrency: string; output: string; details?: boolean }, c: Command) => {
      const g = globalOptions(c);
      const report = await statusReport({
        ...stateOptions(c, io),
        ...(g.kubeconfig ? { kubeconfig: g.kubeconfig } : {}),
        ...(g.allowNoMatchingRelease ? { allowNoMatchingRelease: true } : {}),
        concurrency: Number(f.concurrency) || 8,
      });
      const reports = report.releases;
      if (f.output === 'json') lines(io, JSON.stringify(report, null, 2));
      else {
        const rows = [['RELEASE', 'NAMESPACE', 'STATUS', 'REVISION', 'CHART', 'HEALTH']];
        for (const r of reports) {
          rows.push([
            r.release,
            r.namespace,
            r.helmStatus,
            String(r.revision ?? '-'),
            r.chart ?? '-',
            r.health,
          ]);
        }
        const w = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
        lines(
          io,
          ...rows.map((row) =>
            row
              .map((cell, i) => cell.padEnd(w[i] ?? 0))
              .join('  ')
              .trimEnd(),
          ),
        );
        for (const r of reports) {
          const shown = f.details ? r.objects : r.objects.filter((o) => o.health !== 'Healthy');
          if (shown.length === 0) continue;
          lines(io, '', `${r.release} (${r.namespace}):`);
          for (const o of shown)
            lines(io, `  ${o.kind}/${o.name}: ${o.health}${o.message ? ` — ${o.message}` : ''}`);
        }
        const { charts, images } = report.substitutions;
        if (charts.length > 0) {
          lines(io, '', 'Chart substitutions (helmfire chart):');
          for (const c of charts)
            lines(
              io,
              `  ${c.version ? `${c.ref}@${c.version}` : c.ref} → ${c.dir}  (${
                c.releases.length ? `used by ${c.releases.join(', ')}` : 'used by no selected release'
              })`,
            );
        }
        if (images.length > 0) {
          lines(io, '', 'Image substitutions (helmfire image):');
          for (const i of images) lines(io, `  ${i.from} → ${i.to}`);
        }
      }
      if (reports.some((r) => r.health !== 'Healthy'))
        throw new CommanderError(EXIT.error, 'helmfire.unhealthy', '');
    });
}
