import { goDeepEqual } from '../template/reflect.js';
import type { GoValue } from '../template/value.js';
import { type Environment, type ReleaseTemplateOverrides, releaseTemplateData } from './environment.js';
import { ReleaseError, StateError } from './errors.js';
import { type LeakReporter, TemplateStore, withDefaultInherit } from './inherit.js';
import { castKeysToStrings, type ValueMap } from './maputil.js';
import type { TemplateRenderer } from './render.js';
import type { ReleaseSetSpec, ReleaseSpec, SetValueSpec } from './spec.js';
import { templateHint } from './template-hints.js';
import { decodeYamlDocument, encodeYamlDocument } from './yaml-io.js';

/**
 * Release templating, after a state file is loaded (helmfile's
 * `ExecuteTemplates`): each release inherits its templates (`defaultInherit`
 * first, then `inherit`, minus `except` fields), gets defaults (kubeContext
 * from helmDefaults, commonLabels, apiVersions/kubeVersion), then the `{{ }}`
 * in its name, chart, namespace, version, labels, values/secrets paths,
 * valuesTemplate, setTemplate, needs, postRendererArgs and `*Template` fields
 * are rendered with `.Release.*` taken from the previous round, repeated until
 * nothing changes (at most 6 rounds).
 */

export interface ReleaseTemplateContext {
  readonly renderer: TemplateRenderer;
  readonly env: Environment;
  /** `.Values` of the state file. */
  readonly values: ValueMap;
  readonly overrides: ReleaseTemplateOverrides;
  /** The state file (for messages) and its directory (for helpers). */
  readonly file: string;
  readonly baseDir: string;
  /** Told when a release changes one of the templates for the releases after it (see inherit.ts). */
  readonly onTemplateLeak?: LeakReporter;
}

/**
 * `valuesTemplate` entries already encoded, kept for one templating run (the
 * entries do not change meanwhile: templates never see them).
 */
type RoundContext = ReleaseTemplateContext & { readonly encoded: WeakMap<object, string> };

const MAX_ROUNDS = 6;

/** Resolves every release of a loaded state: inheritance, defaults, templates to a fixpoint. */
export function executeReleaseTemplates(
  spec: ReleaseSetSpec,
  ctx: ReleaseTemplateContext,
): { releases: ReleaseSpec[]; templates: Record<string, ReleaseSpec> } {
  const store = new TemplateStore(spec.templates ?? {}, ctx.onTemplateLeak);
  const rctx: RoundContext = { ...ctx, encoded: new WeakMap() };
  const releases = (spec.releases ?? []).map((raw, i) => {
    const withDefaults = { ...raw, inherit: withDefaultInherit(spec.defaultInherit, raw.inherit) };
    if (withDefaults.inherit === undefined) delete withDefaults.inherit;
    let release: ReleaseSpec;
    try {
      release = store.resolve(withDefaults);
    } catch (err) {
      // Say which file and entry: the template names alone do not.
      if (err instanceof ReleaseError)
        throw new ReleaseError(err.release, `${ctx.file}: releases[${i}].inherit: ${err.message}`, {
          cause: err,
        });
      throw err;
    }
    release = { ...release };
    if (!release.kubeContext && spec.helmDefaults?.kubeContext)
      release.kubeContext = spec.helmDefaults.kubeContext;
    release.labels = { ...(release.labels ?? {}), ...(spec.commonLabels ?? {}) };
    if ((release.apiVersions?.length ?? 0) === 0 && spec.apiVersions) release.apiVersions = spec.apiVersions;
    if (!release.kubeVersion && spec.kubeVersion) release.kubeVersion = spec.kubeVersion;

    let prev = release;
    let prevData = releaseDataKey(prev);
    let done: ReleaseSpec | undefined;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const seen = { impure: false };
      const next = renderRelease(release, prev, rctx, seen);
      if (sameRelease(prev, next)) {
        done = applyBoolTemplates(next, ctx);
        break;
      }
      // A round renders the release's own texts with `.Release` taken from the
      // previous result. When this round's result shows the same `.Release` as
      // the one it was rendered with, the next round would render the same
      // texts with the same data, give this result again and stop there; it is
      // skipped unless a text calls a function whose result may differ between
      // calls (random values, time, commands, helpers).
      const nextData = releaseDataKey(next);
      if (nextData === prevData && !seen.impure && round + 1 < MAX_ROUNDS) {
        done = applyBoolTemplates(next, ctx);
        break;
      }
      prev = next;
      prevData = nextData;
    }
    if (!done) {
      throw new ReleaseError(
        release.name ?? '',
        `failed executing templates in release "${ctx.file}"."${release.name ?? ''}": recursive references can't be resolved`,
      );
    }
    if (!done.chart) {
      throw new ReleaseError(
        done.name ?? '',
        `encountered empty chart while reading release ${JSON.stringify(done.name ?? '')} (in ${ctx.file}; add "chart:")`,
      );
    }
    return done;
  });
  return { releases, templates: store.templates() };
}

function sameRelease(a: ReleaseSpec, b: ReleaseSpec): boolean {
  return goDeepEqual(canonical(a), canonical(b));
}

/** A comparable Go value of a release: empty lists/maps dropped so nil and empty compare equal. */
function canonical(v: unknown): GoValue {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.length === 0 ? null : v.map(canonical);
  if (v instanceof Map) return v;
  if (typeof v === 'object') {
    const m = new Map<GoValue, GoValue>();
    for (const [k, val] of Object.entries(v)) {
      const c = canonical(val);
      if (c !== null && !(c instanceof Map && c.size === 0)) m.set(k, c);
    }
    return m.size === 0 ? null : m;
  }
  if (typeof v === 'number') return v;
  return v as GoValue;
}

/** What a round shows of a release as `.Release` (name, namespace, labels, chart, version, kubeContext). */
function releaseDataKey(r: ReleaseSpec): string {
  const labels = Object.entries(r.labels ?? {})
    .map(([k, v]): [string, string] => [k, String(v)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([
    r.name ?? '',
    r.namespace ?? '',
    labels,
    r.chart ?? '',
    r.version ?? '',
    r.kubeContext ?? '',
  ]);
}

/**
 * Functions whose result may differ from one call to the next (or that run
 * other templates, which may call them); a text naming one is always
 * rendered again. Deliberately broad: a false alarm only costs a round.
 */
const MAYBE_IMPURE =
  /(?<![\w.$])(rand\w*|shuffle|uuid\w*|now|date\w*|ago|unixEpoch|exec|include|tpl|template|gen\w+|bcrypt|htpasswd|encrypt\w*|decrypt\w*|derive\w*|read\w*|fetch\w*|expand\w*|env|getenv|requiredEnv|isFile|isDir)\b/;

/** One round: renders the templated fields of `release` with `.Release` taken from `prev`. */
function renderRelease(
  release: ReleaseSpec,
  prev: ReleaseSpec,
  ctx: RoundContext,
  seen: { impure: boolean } = { impure: false },
): ReleaseSpec {
  const data = releaseTemplateData(
    ctx.env,
    ctx.values,
    {
      name: prev.name ?? '',
      namespace: prev.namespace ?? '',
      labels: prev.labels ?? {},
      chart: prev.chart ?? '',
      chartVersion: prev.version ?? '',
      kubeContext: prev.kubeContext ?? '',
    },
    ctx.overrides,
  );
  const name = release.name ?? '';
  const render = (field: string, text: string): string => {
    // Text without an action renders to itself; skipping the engine keeps large states fast.
    if (!text.includes('{{')) return text;
    if (!seen.impure && MAYBE_IMPURE.test(text)) seen.impure = true;
    try {
      return ctx.renderer.render(text, data, { baseDir: ctx.baseDir, name: 'stringTemplate' });
    } catch (err) {
      if (err instanceof StateError) throw err;
      throw new ReleaseError(
        name,
        `failed executing templates in release "${ctx.file}"."${name}": failed executing template expressions in release "${name}".${field} = "${text}": ${(err as Error).message}` +
          hintSuffix((err as Error).message, data),
        { cause: err },
      );
    }
  };
  const out: ReleaseSpec = structuredCloneRelease(release);
  out.name = render('name', out.name ?? '').trim();
  out.chart = render('chart', out.chart ?? '').trim();
  out.namespace = render('namespace', out.namespace ?? '').trim();
  out.version = render('version', out.version ?? '').trim();
  for (const f of ['waitTemplate', 'installedTemplate', 'conditionTemplate', 'verifyTemplate'] as const) {
    const t = out[f];
    if (t !== undefined) out[f] = render(f, t);
  }
  if (out.labels) {
    for (const [k, v] of Object.entries(out.labels)) out.labels[k] = render(`labels[${k}]`, v);
  }
  out.postRendererArgs = (out.postRendererArgs ?? []).map((a) => render('postRendererArgs', a));
  if ((out.valuesTemplate?.length ?? 0) > 0) {
    out.valuesTemplate = out.valuesTemplate!.map((t, i) => {
      if (!(t instanceof Map)) return t;
      // Releases that inherit one template share its entries, and every round encodes them again.
      let serialized = ctx.encoded.get(t);
      if (serialized === undefined) {
        serialized = encodeYamlDocument(t);
        ctx.encoded.set(t, serialized);
      }
      const rendered = render(`values[${i}]`, serialized);
      return castKeysToStrings(
        decodeYamlDocument(rendered, `${ctx.file}: release ${name} valuesTemplate[${i}]`),
      );
    });
    out.values = [...out.valuesTemplate, ...(out.values ?? [])];
  }
  if (out.values) {
    out.values = out.values.map((v, i) => (typeof v === 'string' ? render(`values[${i}]`, v) : v));
  }
  if (out.secrets) {
    out.secrets = out.secrets.map((v, i) => (typeof v === 'string' ? render(`secrets[${i}]`, v) : v));
  }
  if ((out.setTemplate?.length ?? 0) > 0) {
    out.setTemplate = out.setTemplate!.map((sv, i) => renderSetValue(sv, i, render));
    out.set = [...out.setTemplate, ...(out.set ?? [])];
  }
  if (out.needs) out.needs = out.needs.map((n, i) => render(`needs[${i}]`, n));
  return out;
}

function renderSetValue(sv: SetValueSpec, i: number, render: (f: string, t: string) => string): SetValueSpec {
  const out: SetValueSpec = {
    ...sv,
    name: render(`set[${i}].name`, sv.name ?? ''),
    value: render(`set[${i}].value`, sv.value ?? ''),
    file: render(`set[${i}].file`, sv.file ?? ''),
  };
  if (sv.values)
    out.values = sv.values.map((v, j) => (typeof v === 'string' ? render(`set[${i}].values[${j}]`, v) : v));
  for (const k of ['name', 'value', 'file'] as const) if (out[k] === '') delete out[k];
  return out;
}

/** A copy deep enough that rendering never touches the original's labels or lists. */
function structuredCloneRelease(r: ReleaseSpec): ReleaseSpec {
  const out: ReleaseSpec = { ...r };
  if (r.labels) out.labels = { ...r.labels };
  for (const k of ['values', 'secrets', 'valuesTemplate', 'needs', 'postRendererArgs'] as const) {
    const v = r[k];
    if (v) (out as Record<string, unknown>)[k] = [...v];
  }
  for (const k of ['set', 'setString', 'setTemplate'] as const) {
    const v = r[k];
    if (v) out[k] = v.map((sv) => ({ ...sv }));
  }
  return out;
}

/** `installedTemplate` etc. rendered to "true"/"false" become `installed` etc. */
function applyBoolTemplates(r: ReleaseSpec, ctx: ReleaseTemplateContext): ReleaseSpec {
  const out = { ...r };
  const parse = (field: string, text: string): boolean => {
    const v = decodeYamlDocument(text, field);
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string' && /^(y|Y|yes|Yes|YES|on|On|ON)$/.test(v)) return true;
    if (typeof v === 'string' && /^(n|N|no|No|NO|off|Off|OFF)$/.test(v)) return false;
    if (v === null) return false;
    throw new ReleaseError(
      r.name ?? '',
      `failed executing templates in release "${ctx.file}"."${r.name ?? ''}": ${field}: failed deserialising string ${text}: expected true or false`,
    );
  };
  if (out.installedTemplate !== undefined) {
    out.installed = parse('installedTemplate', out.installedTemplate);
    delete out.installedTemplate;
  }
  if (out.conditionTemplate !== undefined) {
    out.condition = String(parse('conditionTemplate', out.conditionTemplate));
    delete out.conditionTemplate;
  }
  if (out.waitTemplate !== undefined) {
    out.wait = parse('waitTemplate', out.waitTemplate);
    delete out.waitTemplate;
  }
  if (out.verifyTemplate !== undefined) {
    out.verify = parse('verifyTemplate', out.verifyTemplate);
    delete out.verifyTemplate;
  }
  return out;
}

function hintSuffix(message: string, data: GoValue): string {
  const hint = templateHint(message, data);
  return hint ? ` (${hint})` : '';
}
