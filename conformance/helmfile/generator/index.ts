import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { environmentsCase } from './areas/environments.js';
import { errorsCase } from './areas/errors.js';
import { hclCase } from './areas/hcl.js';
import { installedCase } from './areas/installed.js';
import { layeringCase } from './areas/layering.js';
import { needsCase } from './areas/needs.js';
import { selectorsCase } from './areas/selectors.js';
import { subhelmfilesCase } from './areas/subhelmfiles.js';
import { templatesCase } from './areas/templates.js';
import { templatingCase } from './areas/templating.js';
import { valuesCase } from './areas/values.js';
import type { Area, GeneratedCase } from './model.js';
import { Rng } from './rng.js';

/** The generator's seed: changing it (or any generator) changes every case, and the recorded fixtures go stale. */
export const SEED = 0x4e1f2026;

/** Cases per area (1,210 state files in all, each case one or more files). */
export const AREA_COUNTS: Readonly<Record<Area, number>> = {
  environments: 140,
  layering: 120,
  subhelmfiles: 120,
  templates: 130,
  needs: 100,
  selectors: 110,
  values: 130,
  templating: 120,
  installed: 100,
  errors: 80,
  hcl: 60,
};

const makers: Readonly<Record<Area, (rng: Rng, id: string) => GeneratedCase>> = {
  environments: environmentsCase,
  layering: layeringCase,
  subhelmfiles: subhelmfilesCase,
  templates: templatesCase,
  needs: needsCase,
  selectors: selectorsCase,
  values: valuesCase,
  templating: templatingCase,
  installed: installedCase,
  errors: errorsCase,
  hcl: hclCase,
};

/** Every generated case, in a fixed order; each case has its own random stream (seed, area, index). */
export function generateCases(
  seed = SEED,
  counts: Readonly<Record<Area, number>> = AREA_COUNTS,
): GeneratedCase[] {
  const out: GeneratedCase[] = [];
  for (const area of Object.keys(counts) as Area[]) {
    for (let i = 0; i < counts[area]; i++) {
      const id = `${area}-${String(i).padStart(4, '0')}`;
      out.push(makers[area](Rng.derive(seed, area, i), id));
    }
  }
  return out;
}

/** A digest of a case's files and commands: a recorded fixture applies only to the same digest. */
export function caseDigest(c: GeneratedCase): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ main: c.main, runs: c.runs }));
  for (const f of Object.keys(c.files).sort()) h.update(`\0${f}\0${c.files[f]}`);
  return h.digest('hex').slice(0, 16);
}

/** The local chart the generated releases point at (`charts/app` next to `cases/`). */
const localChart: Readonly<Record<string, string>> = {
  'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
  'values.yaml': 'replicaCount: 1\n',
  'templates/configmap.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  replicas: {{ .Values.replicaCount | quote }}\n',
};

/** Writes the cases under `root/cases/<id>/` and the shared chart under `root/charts/app/`; returns case dirs. */
export function writeCases(root: string, cases: readonly GeneratedCase[]): Map<string, string> {
  const put = (file: string, text: string) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  for (const [f, text] of Object.entries(localChart)) put(join(root, 'charts', 'app', f), text);
  const dirs = new Map<string, string>();
  for (const c of cases) {
    const dir = join(root, 'cases', c.id);
    for (const [f, text] of Object.entries(c.files)) put(join(dir, f), text);
    dirs.set(c.id, dir);
  }
  return dirs;
}
