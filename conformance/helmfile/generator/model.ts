import type { Rng } from './rng.js';
import { emit, raw, type Y } from './yaml-emit.js';

export const AREAS = [
  'environments',
  'layering',
  'subhelmfiles',
  'templates',
  'needs',
  'selectors',
  'values',
  'templating',
  'installed',
  'errors',
  'hcl',
] as const;
export type Area = (typeof AREAS)[number];

/** One generated state: its files (paths relative to the case dir) and the commands to run on it. */
export interface GeneratedCase {
  readonly id: string;
  readonly area: Area;
  /** The state file given to `-f`. */
  readonly main: string;
  readonly files: Readonly<Record<string, string>>;
  /** helmfile arguments after `-f <main>`. */
  readonly runs: readonly (readonly string[])[];
}

/**
 * Where generated releases point: a local chart every case can reach
 * (written once next to the cases), and repository charts that `build` and
 * `list` never fetch.
 */
export const LOCAL_CHART = '../../charts/app';
export const REPO_CHARTS = ['stable/nginx', 'myrepo/api', 'myrepo/worker', 'bitnami/redis'] as const;
export const REPOSITORIES: Y = [
  { name: 'stable', url: 'http://127.0.0.1:9/stable' },
  { name: 'myrepo', url: 'http://127.0.0.1:9/myrepo' },
  { name: 'bitnami', url: 'http://127.0.0.1:9/bitnami' },
];

export const NAMES = [
  'api',
  'web',
  'worker',
  'db',
  'cache',
  'queue',
  'auth',
  'gateway',
  'metrics',
  'logs',
  'search',
  'mailer',
  'billing',
  'frontend',
  'backend',
  'cron',
] as const;
export const NAMESPACES = ['default', 'apps', 'infra', 'data', 'monitoring', 'team-a', 'team-b'] as const;
export const ENVS = ['dev', 'staging', 'prod', 'qa', 'test', 'perf'] as const;
export const TIERS = ['web', 'backend', 'data', 'ops'] as const;
export const TEAMS = ['alpha', 'beta', 'gamma'] as const;
export const REGIONS = ['eu-west-1', 'us-east-1', 'ap-south-1'] as const;

/** A `{{ … }}` action kept for release templating (escaped so the file-level render leaves it). */
export const releaseTpl = (expr: string): string => `{{\`{{ ${expr} }}\`}}`;

/**
 * A YAML scalar, single-quoted, made of text and release-template actions
 * (a bare `{{ … }}` would read as a flow mapping).
 */
export const releaseScalar = (...pieces: string[]): string => `'${pieces.join('')}'`;

/** A multi-part state file: parts joined by `---` lines. */
export const parts = (...docs: (Y | string)[]): string =>
  docs.map((d) => (typeof d === 'string' ? d : emit(d))).join('---\n');

/**
 * A chart for a release in a file `depth` directories below the case dir:
 * the shared local chart written as helmfile users do (`../x`, `./../x`,
 * with a trailing slash), now and then a local path that does not exist, or
 * a repository chart with or without a version.
 */
export function pickChart(rng: Rng, depth = 0): { chart: string; version?: string } {
  const local = '../'.repeat(depth) + LOCAL_CHART;
  const r = rng.next();
  if (r < 0.32) return { chart: local };
  if (r < 0.44) return { chart: `./${local}` };
  if (r < 0.5) return { chart: rng.pick([`${local}/`, `./${local}/`, './charts/missing']) };
  return {
    chart: rng.pick(REPO_CHARTS),
    ...(rng.chance(0.6) ? { version: `${rng.range(0, 3)}.${rng.range(0, 9)}.${rng.range(0, 20)}` } : {}),
  };
}

/** Random environment-like values: nested maps of scalars and short lists. */
export function randomValues(rng: Rng, depth = 1): Record<string, Y> {
  const out: Record<string, Y> = {};
  const keys = rng.sample(
    ['replicas', 'region', 'tier', 'image', 'debug', 'port', 'owner', 'features', 'limits', 'tags'],
    rng.range(2, 5),
  );
  for (const k of keys) {
    switch (k) {
      case 'replicas':
      case 'port':
        out[k] = rng.range(1, k === 'port' ? 9000 : 5);
        break;
      case 'debug':
        out[k] = rng.chance(0.5);
        break;
      case 'region':
        out[k] = rng.pick(REGIONS);
        break;
      case 'tier':
        out[k] = rng.pick(TIERS);
        break;
      case 'owner':
        out[k] = rng.pick(TEAMS);
        break;
      case 'tags':
        out[k] = rng.sample(['a', 'b', 'c', 'd'], rng.range(1, 3));
        break;
      default:
        out[k] = depth > 0 ? randomValues(rng, depth - 1) : rng.pick(['x', 'y', 'z']);
    }
  }
  return out;
}

/** `build` and `list --output json`, with the given leading flags. */
export const buildAndList = (...flags: string[]): string[][] => [
  [...flags, 'build'],
  [...flags, 'list', '--output', 'json'],
];

export { raw };
