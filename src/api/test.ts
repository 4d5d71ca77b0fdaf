import { KubernetesObjectApi } from '@kubernetes/client-node';
import { getManifestArgs, type HelmInfo, parseManifest, runHelm, testArgs } from '../helm/index.js';
import type { PreparedRelease } from '../plan/index.js';
import { type ReleaseResult, runPlan } from '../reconcile/index.js';
import { KubeClients } from './release-render.js';
import { HelmRun, type HelmRunOptions } from './run-context.js';
import { type GuardOptions, RunGuard } from './run-guard.js';

export interface TestOptions extends HelmRunOptions, GuardOptions {
  /** Delete the test hooks' objects (Pods, Jobs, …) after each release's tests. */
  readonly cleanup?: boolean;
  /** Have helm print the test pods' logs. */
  readonly logs?: boolean;
  /** Seconds helm waits for each release's tests; default the release's `timeout`. */
  readonly timeout?: number;
  /** Each release's result as it ends. */
  readonly onRelease?: (r: TestedRelease) => void;
  /** Called with each helm command line (for `--debug`). */
  readonly onHelm?: (release: string, args: readonly string[]) => void;
}

export type TestOutcome = 'passed' | 'failed' | 'skipped';

export interface TestedRelease {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly outcome: TestOutcome;
  readonly seconds: number;
  /** What `helm test` printed (the test suite report, logs with `--logs`). */
  readonly output: string;
  /** Why it failed or was skipped. */
  readonly error?: string;
  /** Test hook objects deleted by `--cleanup`. */
  readonly cleaned?: number;
}

export interface TestResult {
  readonly releases: readonly TestedRelease[];
  readonly failed: boolean;
  /** Failures of the run itself (a global cleanup hook). */
  readonly errors: readonly string[];
  readonly interrupted: boolean;
  readonly seconds: number;
}

/**
 * `helmfire test`: `helm test` for every selected release that is to be
 * installed, in needs order (a release whose needs failed their tests is
 * skipped), releases of a group in parallel up to `--concurrency`.
 */
export async function test(options: TestOptions): Promise<TestResult> {
  const t0 = performance.now();
  const run = await HelmRun.open(options);
  let guard: RunGuard | undefined;
  try {
    guard = await RunGuard.start(run, 'test', options, { lock: false });
    const states = await run.prepare();
    const kube = new KubeClients(options.kubeconfig, run.env);
    const out: TestedRelease[] = [];
    for (const ps of states) {
      const needs = new Map(
        [...ps.releases.values()].map((r) => [r.id, r.needs.filter((n) => ps.releases.has(n))]),
      );
      const tested = new Map<string, TestedRelease>();
      const results = await runPlan(
        ps.groups,
        needs,
        async (id): Promise<ReleaseResult> => {
          const r = await testRelease(
            ps.releases.get(id) as PreparedRelease,
            run.helm,
            run.env,
            kube,
            options,
          );
          tested.set(id, r);
          options.onRelease?.(r);
          return {
            id,
            outcome: r.outcome === 'failed' ? 'failed' : 'unchanged',
            steps: [],
            seconds: r.seconds,
          };
        },
        { concurrency: options.concurrency ?? 0, ...(options.signal ? { signal: options.signal } : {}) },
      );
      for (const res of results) {
        const p = ps.releases.get(res.id) as PreparedRelease;
        const r: TestedRelease = tested.get(res.id) ?? {
          id: res.id,
          name: p.name,
          namespace: p.namespace,
          outcome: 'skipped',
          seconds: 0,
          output: '',
          ...(res.error ? { error: res.error } : {}),
        };
        if (!tested.has(res.id)) options.onRelease?.(r);
        out.push(r);
      }
    }
    const firstFailed = out.find((r) => r.outcome === 'failed');
    const g = guard;
    guard = undefined;
    const errors = await g.finish(
      firstFailed ? `release "${firstFailed.name}": ${firstFailed.error}` : undefined,
    );
    const interrupted = options.signal?.aborted === true;
    return {
      releases: out,
      failed:
        firstFailed !== undefined ||
        errors.length > 0 ||
        (interrupted && out.some((r) => r.outcome === 'skipped')),
      errors,
      interrupted,
      seconds: secs(t0),
    };
  } catch (err) {
    await guard?.finish((err as Error).message);
    throw err;
  } finally {
    guard?.release();
    run.close();
  }
}

async function testRelease(
  r: PreparedRelease,
  helm: HelmInfo,
  env: NodeJS.ProcessEnv,
  kube: KubeClients,
  o: TestOptions,
): Promise<TestedRelease> {
  const t0 = performance.now();
  const base = { id: r.id, name: r.name, namespace: r.namespace };
  if (!r.installed) {
    return { ...base, outcome: 'skipped', seconds: 0, output: '', error: 'installed: false' };
  }
  const target = {
    name: r.name,
    namespace: r.namespace,
    ...(r.chart.kubeconfig ? { kubeconfig: r.chart.kubeconfig } : {}),
  };
  const args = testArgs(r.options, target, {
    ...(o.logs ? { logs: true } : {}),
    ...(o.timeout !== undefined ? { timeout: o.timeout } : {}),
  });
  o.onHelm?.(r.name, args);
  let result: TestedRelease;
  try {
    const { stdout } = await runHelm(helm.path, args, {
      env,
      release: r.name,
      ...(o.signal ? { signal: o.signal } : {}),
    });
    result = { ...base, outcome: 'passed', seconds: secs(t0), output: stdout };
  } catch (err) {
    result = { ...base, outcome: 'failed', seconds: secs(t0), output: '', error: (err as Error).message };
  }
  if (o.cleanup && !o.signal?.aborted) {
    try {
      result = { ...result, cleaned: await deleteTestHooks(r, helm, env, kube, o.signal) };
    } catch (err) {
      const why = `--cleanup: ${(err as Error).message}`;
      result = { ...result, outcome: 'failed', error: result.error ? `${result.error}\n${why}` : why };
    }
  }
  return result;
}

/** Deletes the objects of the release's `test` hooks (their pods with them); returns how many existed. */
async function deleteTestHooks(
  r: PreparedRelease,
  helm: HelmInfo,
  env: NodeJS.ProcessEnv,
  kube: KubeClients,
  signal?: AbortSignal,
): Promise<number> {
  const ref = {
    name: r.name,
    namespace: r.namespace,
    ...(r.options.kubeContext ? { kubeContext: r.options.kubeContext } : {}),
    ...(r.chart.kubeconfig ? { kubeconfig: r.chart.kubeconfig } : {}),
  };
  const args = getManifestArgs(ref);
  args[1] = 'hooks';
  const { stdout } = await runHelm(helm.path, args, { env, release: r.name, ...(signal ? { signal } : {}) });
  const tests = parseManifest(stdout, `hooks of release "${r.name}"`).filter((o) =>
    (o.metadata.annotations?.['helm.sh/hook'] ?? '')
      .split(',')
      .map((h) => h.trim())
      .some((h) => h === 'test' || h === 'test-success'),
  );
  const api = KubernetesObjectApi.makeApiClient(kube.for(r.options.kubeContext).config);
  let deleted = 0;
  for (const o of tests) {
    const namespace = o.metadata.namespace ?? r.namespace;
    try {
      await api.delete(
        { apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name, namespace } },
        undefined,
        undefined,
        undefined,
        undefined,
        'Background',
      );
      deleted++;
    } catch (err) {
      if ((err as { code?: number }).code !== 404) throw err;
    }
  }
  return deleted;
}

function secs(t0: number): number {
  return Math.round(performance.now() - t0) / 1000;
}
