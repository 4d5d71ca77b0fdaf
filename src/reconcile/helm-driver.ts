import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postRendererFlags, versionFlags } from '../helm/args.js';
import {
  atLeast,
  type ChartInputs,
  DIGEST_LABEL,
  type EffectiveOptions,
  type HelmBinary,
  type HelmLiveSink,
  lastDeployedRevision,
  observeRelease,
  releaseHistory,
  rollbackArgs,
  runHelm,
  templateArgs,
  uninstallArgs,
  upgradeArgs,
} from '../helm/index.js';
import { writeGeneratedChart } from '../substitute/generated-chart.js';
import type { ImageSubstitution } from '../substitute/index.js';
import type { ImageChange } from '../substitute/manifests.js';
import {
  encodePostRenderConfig,
  ensurePostRenderPlugin,
  POST_RENDER_PLUGIN,
  pluginsPath,
  userPluginDirs,
} from '../substitute/post-render.js';
import type { ReleaseDriver } from './reconciler.js';
import type { Action, DesiredRelease, HelmStatus, Mode, ObservedRelease } from './types.js';

/** A release with everything helm needs to deploy it: effective options and resolved chart + values. */
export interface HelmRelease extends DesiredRelease {
  readonly options: EffectiveOptions;
  readonly chart: ChartInputs;
  /** Live image substitutions applied to what helm renders (hooks included). */
  readonly images?: readonly ImageSubstitution[];
}

/**
 * How a release with image substitutions was deployed: through helmfire's
 * post-renderer plugin (helm 4, which post-renders hooks too), as a
 * generated chart of the rendered and substituted documents (helm 3, whose
 * post-renderers miss hooks), or unchanged (helm 3, nothing matched).
 */
export interface ImagesDeployed {
  readonly path: 'post-renderer' | 'generated-chart' | 'unchanged';
  readonly changes: readonly ImageChange[];
}

export interface HelmDriverOptions {
  readonly helm: HelmBinary;
  /** Environment of every helm process (kubeconfig, helm homes). */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * For `apply`: whether the release's live objects differ from what it
   * would deploy (a diff against the cluster). Asked only when the recorded
   * digest matches, i.e. when nothing else would trigger an upgrade.
   */
  readonly liveDiffers?: (release: HelmRelease, signal?: AbortSignal, revision?: number) => Promise<boolean>;
  /**
   * A cheaper way to a release's FIRST observation in a run (helm's records
   * read in bulk, without a helm process); undefined means ask helm. Later
   * observations, after the run's own actions, always ask helm.
   */
  readonly firstObservation?: (
    release: HelmRelease,
    signal?: AbortSignal,
  ) => Promise<ObservedRelease | undefined>;
  /** Called with every helm command line run (already masked by the caller if printed). */
  readonly onHelm?: (release: HelmRelease, args: readonly string[]) => void;
  /** Called after a deploy with image substitutions: which way and what changed. */
  readonly onImages?: (release: HelmRelease, deployed: ImagesDeployed) => void;
  /** `--enable-live-output`: the output of the acting helm commands, while they run. */
  readonly live?: HelmLiveSink;
}

/**
 * The reconciler's hands and eyes on a real cluster, through the helm
 * binary. Each deploy records the release's input digest as a label on
 * helm's release record, so a later `apply` can tell "nothing changed"
 * from one cheap `helm get metadata`.
 */
export class HelmReleaseDriver implements ReleaseDriver<HelmRelease> {
  constructor(private readonly o: HelmDriverOptions) {}

  private live(): { live?: HelmLiveSink } {
    return this.o.live ? { live: this.o.live } : {};
  }

  async observe(r: HelmRelease, mode: Mode, signal?: AbortSignal, acted = false): Promise<ObservedRelease> {
    const seen =
      (!acted && (await this.o.firstObservation?.(r, signal))) || (await this.observeWithHelm(r, signal));
    if (
      mode === 'apply' &&
      !acted &&
      seen.status === 'deployed' &&
      seen.digest === r.digest &&
      this.o.liveDiffers
    ) {
      return { ...seen, liveDiffers: await this.o.liveDiffers(r, signal, seen.revision) };
    }
    return seen;
  }

  private async observeWithHelm(r: HelmRelease, signal?: AbortSignal): Promise<ObservedRelease> {
    const q = this.query(r, signal);
    const seen = await observeRelease(this.o.helm, { ...q, labels: true });
    if (!seen.exists) return { status: 'absent' };
    const status = seen.status as HelmStatus;
    const digest = seen.labels?.[DIGEST_LABEL];
    let lastDeployed: number | undefined = status === 'deployed' ? seen.revision : undefined;
    if (status !== 'deployed')
      lastDeployed = lastDeployedRevision(await releaseHistory(this.o.helm, q), seen.revision);
    return {
      status,
      revision: seen.revision,
      ...(digest ? { digest } : {}),
      ...(lastDeployed !== undefined ? { lastDeployedRevision: lastDeployed } : {}),
    };
  }

  async act(r: HelmRelease, action: Action, signal?: AbortSignal): Promise<void> {
    const target = {
      name: r.name,
      namespace: r.namespace,
      ...(r.chart.kubeconfig ? { kubeconfig: r.chart.kubeconfig } : {}),
    };
    let args: string[];
    switch (action.kind) {
      case 'install':
      case 'upgrade': {
        // On helm 4, server-side apply refuses to upgrade fields another manager (kubectl
        // scale, kubectl edit) took over. The declared state wins, on every upgrade — a
        // drift heal, a changed input or a sync — as helm 3's three-way merge does
        // (`force`, which replaces objects, excludes it).
        const heal = action.kind === 'upgrade' && this.o.helm.major === 4 && !r.options.force;
        const opts = heal ? { ...r.options, forceConflicts: true } : r.options;
        if (r.images?.length) return this.deployWithImages(r, { ...r, options: opts }, action.kind, signal);
        args = upgradeArgs(opts, r.chart, this.o.helm, { recordLabels: { [DIGEST_LABEL]: r.digest } });
        break;
      }
      case 'uninstall':
      case 'reset':
        args = uninstallArgs(r.options, target, this.o.helm);
        break;
      case 'rollback':
        args = rollbackArgs(r.options, target, this.o.helm, action.revision);
        break;
      case 'none':
        return;
    }
    this.o.onHelm?.(r, args);
    await runHelm(this.o.helm.path, args, { env: this.o.env, signal, release: r.name, ...this.live() });
  }

  /** install/upgrade of a release with image substitutions (see ImagesDeployed). */
  private async deployWithImages(
    orig: HelmRelease,
    r: HelmRelease,
    kind: 'install' | 'upgrade',
    signal?: AbortSignal,
  ): Promise<void> {
    const images = (r.images ?? []).map(({ from, to }) => ({ from, to }));
    const env = this.o.env ?? process.env;
    const record = { recordLabels: { [DIGEST_LABEL]: r.digest } };
    const work = mkdtempSync(join(tmpdir(), 'helmfire-images-'));
    try {
      if (this.o.helm.major === 4) {
        const report = join(work, 'changes.json');
        const own = postRendererFlags(r.options, this.o.helm).renderer[1];
        const config = encodePostRenderConfig({
          images,
          report,
          ...(own
            ? { chain: { plugin: own, args: r.options.postRendererArgs, dirs: userPluginDirs(env) } }
            : {}),
        });
        const opts = { ...r.options, postRenderer: POST_RENDER_PLUGIN, postRendererArgs: [config] };
        const args = upgradeArgs(opts, r.chart, this.o.helm, record);
        const helmEnv = { ...env, HELM_PLUGINS: pluginsPath(ensurePostRenderPlugin(env), env) };
        this.o.onHelm?.(orig, args);
        await runHelm(this.o.helm.path, args, { env: helmEnv, signal, release: r.name, ...this.live() });
        let changes: ImageChange[] = [];
        try {
          changes = JSON.parse(readFileSync(report, 'utf8')) as ImageChange[];
        } catch {}
        this.o.onImages?.(orig, { path: 'post-renderer', changes });
        return;
      }
      const gen = await this.generatedChart(r, kind, join(work, 'chart'), images, signal);
      if (gen.changes.length === 0) {
        const args = upgradeArgs(r.options, r.chart, this.o.helm, record);
        this.o.onHelm?.(orig, args);
        await runHelm(this.o.helm.path, args, { env, signal, release: r.name, ...this.live() });
        this.o.onImages?.(orig, { path: 'unchanged', changes: [] });
        return;
      }
      // The render already ran the release's own post-renderer; the generated chart is local.
      const { postRenderer: _p, keyring: _k, ...rest } = r.options;
      const opts = { ...rest, postRendererArgs: [], verify: false };
      const { version: _v, oci: _o, ...inputs } = r.chart;
      const args = upgradeArgs(opts, { ...inputs, chart: gen.dir }, this.o.helm, record);
      this.o.onHelm?.(orig, args);
      await runHelm(this.o.helm.path, args, { env, signal, release: r.name, ...this.live() });
      this.o.onImages?.(orig, { path: 'generated-chart', changes: gen.changes });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  /** helm 3: the release rendered as helm would deploy it, substituted, written as a chart. */
  private async generatedChart(
    r: HelmRelease,
    kind: 'install' | 'upgrade',
    dir: string,
    images: readonly { from: string; to: string }[],
    signal?: AbortSignal,
  ) {
    const env = this.o.env;
    const render = templateArgs(r.options, r.chart, this.o.helm, {
      includeCRDs: !r.options.skipCRDs,
      validate: true,
    });
    if (kind === 'upgrade') render.push('--is-upgrade');
    if (atLeast(this.o.helm, '3.13.0')) render.push('--dry-run=server');
    const show = ['show', 'chart', r.chart.chart, ...versionFlags(r.chart.version, r.options.devel)];
    if (r.options.plainHttp) show.push('--plain-http');
    else if (r.options.insecureSkipTLSVerify) show.push('--insecure-skip-tls-verify');
    this.o.onHelm?.(r, render);
    const [rendered, meta] = await Promise.all([
      runHelm(this.o.helm.path, render, { env, signal, release: r.name }),
      runHelm(this.o.helm.path, show, { env, signal, release: r.name }),
    ]);
    return writeGeneratedChart(dir, rendered.stdout, meta.stdout, images);
  }

  private query(r: HelmRelease, signal?: AbortSignal) {
    return {
      name: r.name,
      namespace: r.namespace,
      ...(r.options.kubeContext ? { kubeContext: r.options.kubeContext } : {}),
      ...(r.chart.kubeconfig ? { kubeconfig: r.chart.kubeconfig } : {}),
      ...(this.o.env ? { env: this.o.env } : {}),
      ...(signal ? { signal } : {}),
    };
  }
}
