import type { DeployedRelease, DeployResult } from '../api/deploy.js';
import type { ImagesDeployed, ReconcileEvent } from '../reconcile/index.js';
import { describeImageChange } from '../substitute/manifests.js';
import type { CliIO } from './io.js';

const VERB: Record<string, string> = {
  install: 'installing',
  upgrade: 'upgrading',
  uninstall: 'uninstalling',
  rollback: 'rolling back',
  reset: 'removing a broken release',
};

/** Progress on stderr: one line when a release starts an action and one when it ends. */
export function progressPrinter(io: CliIO, quiet: boolean): (e: ReconcileEvent) => void {
  const c = color(io);
  return (e) => {
    if (quiet) return;
    if (e.type === 'decided' && e.action.kind !== 'none') {
      io.err(`${c.dim}  ${e.id}: ${VERB[e.action.kind] ?? e.action.kind} (${e.action.reason})${c.reset}\n`);
    } else if (e.type === 'acted') {
      const mark = e.step.ok ? `${c.green}done${c.reset}` : `${c.red}FAILED${c.reset}`;
      io.err(`  ${e.id}: ${e.step.action.kind} ${mark} in ${e.step.seconds.toFixed(1)}s\n`);
    }
  };
}

/** One line per image a deploy replaced, saying which way it reached helm. */
export function imagesPrinter(io: CliIO, quiet: boolean): (release: string, d: ImagesDeployed) => void {
  const c = color(io);
  const how = {
    'post-renderer': 'helm post-renderer',
    'generated-chart': 'generated chart',
  };
  return (release, d) => {
    if (quiet || d.path === 'unchanged') return;
    for (const change of d.changes)
      io.err(`${c.dim}  ${release}: image via ${how[d.path]}: ${describeImageChange(change)}${c.reset}\n`);
  };
}

/** The summary table at the end of sync/apply/destroy, then every error in full. */
export function renderSummary(io: CliIO, result: DeployResult): string {
  const c = color(io);
  const rows: string[][] = [['RELEASE', 'NAMESPACE', 'CHART', 'VERSION', 'ACTION', 'DURATION', 'RESULT']];
  for (const r of result.releases) {
    const action = r.steps.map((s) => s.action.kind).join('+') || '-';
    const chart = r.substitutedBy ? `${r.chart} → ${r.substitutedBy}` : r.chart;
    rows.push([r.name, r.namespace, chart, r.version, action, `${r.seconds.toFixed(1)}s`, r.outcome]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  const lines = rows.map((row, ri) => {
    const text = row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
    if (ri === 0) return text;
    const outcome = row[6];
    const tint =
      outcome === 'failed' || outcome === 'skipped' ? c.red : outcome === 'unchanged' ? '' : c.green;
    return tint ? `${tint}${text}${c.reset}` : text;
  });
  const errors = result.releases
    .filter((r): r is DeployedRelease & { error: string } => r.error !== undefined)
    .map((r) => `\n${c.red}release "${r.name}" (${r.namespace}) ${r.outcome}:${c.reset}\n${r.error}`);
  const tally = countBy(result.releases.map((r) => r.outcome));
  const footer = `\n${result.mode}: ${Object.entries(tally)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ')} in ${result.seconds.toFixed(1)}s`;
  return `${lines.join('\n')}\n${errors.join('\n')}${footer}\n`;
}

function countBy(xs: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

function color(io: CliIO) {
  return io.color
    ? { red: '\x1b[31m', green: '\x1b[32m', dim: '\x1b[2m', reset: '\x1b[0m' }
    : { red: '', green: '', dim: '', reset: '' };
}
