import type { WatchEvent, WatchSummary } from './events.js';

/** How watch events are shown: one compact line each (text), or one JSON object per line. Pure. */

const pad = (n: number) => String(n).padStart(2, '0');
const clock = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

/** At most `n` names, then "+k more". */
function names(xs: readonly string[], n = 4): string {
  return xs.length <= n ? xs.join(', ') : `${xs.slice(0, n).join(', ')} +${xs.length - n} more`;
}

/** `12:00:01 values/web.yaml → web upgraded (revision 3) in 1.2s`, plus the error's lines indented. */
export function formatWatchEvent(e: WatchEvent, at: Date): string {
  const what = e.kind === 'initial' ? 'first run' : names(e.files) || 'change';
  const acted = e.releases.filter((r) => r.outcome !== 'unchanged');
  const rel = acted
    .map(
      (r) =>
        `${r.name} ${r.outcome}${r.revision !== undefined && r.outcome !== 'failed' && r.outcome !== 'skipped' ? ` (revision ${r.revision})` : ''}`,
    )
    .join(', ');
  let result: string;
  switch (e.result) {
    case 'applied':
      result = names(rel.split(', '));
      break;
    case 'unchanged':
      result = 'no release changed';
      break;
    case 'failed':
      result = `${rel || 'not applied'}; tried again on the next change`;
      break;
    case 'invalid':
      result = 'state not valid, the last good deploy stays';
      break;
    case 'interrupted':
      result = 'interrupted';
      break;
  }
  const head = `${clock(at)} ${what} → ${result} in ${e.seconds.toFixed(1)}s`;
  const detail = e.error
    ? `\n${e.error
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n')}`
    : '';
  return `${head}${detail}\n`;
}

/** One JSON object per event on one line (for scripts); the full deploy result left out. */
export function watchEventJson(e: WatchEvent, at: Date): string {
  const { deploy: _deploy, ...rest } = e;
  return `${JSON.stringify({ at: at.toISOString(), ...rest })}\n`;
}

export function formatWatchSummary(s: WatchSummary): string {
  return `watch: ${s.events} evaluation(s), ${s.upgraded} release deploy(s), ${s.failed} failed, over ${s.seconds.toFixed(0)}s\n`;
}
