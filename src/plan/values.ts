import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { decryptSopsFile, writeSecretFile } from '../secrets/index.js';
import { releaseTemplateData } from '../state/environment.js';
import type { ResolvedRelease, ResolvedState, ValuesSource } from '../state/model.js';
import type { TemplateRenderer } from '../state/render.js';
import { encodeYaml } from '../yaml/index.js';
import { PlanError } from './errors.js';

/** A values file handed to helm: where it is, and what it holds (for the input digest). */
export interface MaterializedValues {
  readonly path: string;
  /** Digest of the content helm reads, never the content itself (it may be a secret). */
  readonly digest: string;
  readonly secret: boolean;
}

export interface ValuesContext {
  readonly renderer: TemplateRenderer;
  /** Private per-run directory for rendered values (0700); secrets get 0600 files of their own. */
  readonly workDir: string;
  /** Disposers of decrypted files, run when the run ends. */
  readonly cleanup: (() => void)[];
  readonly env?: NodeJS.ProcessEnv;
}

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/**
 * The release's `values:` and `secrets:` as files for `helm --values`, in
 * helmfile's order (values, then secrets): plain files as they are,
 * `.gotmpl` files rendered with the release's template data, inline maps
 * written as YAML, secrets decrypted into private 0600 files removed when
 * the run ends.
 */
export async function materializeValues(
  state: ResolvedState,
  release: ResolvedRelease,
  ctx: ValuesContext,
): Promise<MaterializedValues[]> {
  const out: MaterializedValues[] = [];
  let n = 0;
  const file = (suffix: string) =>
    join(
      ctx.workDir,
      `${release.namespace ? `${release.namespace}-` : ''}${release.name}-values-${n++}${suffix}`,
    );

  for (const v of release.values) out.push(await plainValues(state, release, v, ctx, file));
  for (const s of release.secrets) {
    if (s.kind === 'inline') {
      throw new PlanError(release.name, 'secrets entries must be file paths, not inline values');
    }
    let text: string;
    try {
      text = (await decryptSopsFile(s.absPath, { format: 'detect', ...(ctx.env ? { env: ctx.env } : {}) }))
        .text;
    } catch (err) {
      throw new PlanError(release.name, `secrets "${s.path}": ${(err as Error).message}`, { cause: err });
    }
    const f = writeSecretFile(text, { dir: ctx.workDir, name: basename(s.absPath).replace(/\.gotmpl$/, '') });
    ctx.cleanup.push(() => f.dispose());
    out.push({ path: f.path, digest: sha(text), secret: true });
  }
  return out;
}

async function plainValues(
  state: ResolvedState,
  release: ResolvedRelease,
  v: ValuesSource,
  ctx: ValuesContext,
  file: (suffix: string) => string,
): Promise<MaterializedValues> {
  if (v.kind === 'inline') {
    const text = encodeYaml(v.values);
    const path = file('.yaml');
    writeFileSync(path, text, { mode: 0o600 });
    return { path, digest: sha(text), secret: false };
  }
  let text: string;
  try {
    text = readFileSync(v.absPath, 'utf8');
  } catch {
    throw new PlanError(release.name, `values file "${v.path}" does not exist (looked for ${v.absPath})`);
  }
  if (!v.absPath.endsWith('.gotmpl')) return { path: v.absPath, digest: sha(text), secret: false };
  const data = releaseTemplateData(
    state.environment,
    state.values,
    {
      name: release.name,
      namespace: release.namespace,
      labels: release.labels,
      chart: release.chart,
      chartVersion: release.version,
      kubeContext: release.kubeContext,
    },
    state.overrides,
  );
  let rendered: string;
  try {
    rendered = ctx.renderer.render(text, data, { baseDir: state.baseDir, name: 'stringTemplate' });
  } catch (err) {
    throw new PlanError(release.name, `values template "${v.path}": ${(err as Error).message}`, {
      cause: err,
    });
  }
  const path = file('.yaml');
  writeFileSync(path, rendered, { mode: 0o600 });
  return { path, digest: sha(rendered), secret: false };
}
