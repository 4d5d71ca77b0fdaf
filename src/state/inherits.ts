import { copyEnvironment, type Environment } from './environment.js';
import { mergeStruct } from './merge.js';
import { helmSpecSchema } from './schema.js';
import type { HelmSpec, ReleaseSetSpec, ReleaseSpec, RepositorySpec } from './spec.js';

/**
 * `helmfiles[].inherits`: parent settings a sub-helmfile takes over. The
 * child wins, the parent fills gaps: repositories and apiVersions are
 * prepended and de-duplicated (a repository by name, the child's entry
 * winning), helmDefaults fill the child's zero fields, commonLabels and
 * templates add missing keys, kubeVersion fills an empty one. `environments`
 * hands the parent's resolved environment down as the base of the child's.
 */
export interface InheritedConfig {
  readonly repositories?: readonly RepositorySpec[];
  readonly helmDefaults?: HelmSpec;
  readonly commonLabels?: Readonly<Record<string, string>>;
  readonly apiVersions?: readonly string[];
  readonly kubeVersion?: string;
  readonly templates?: Readonly<Record<string, ReleaseSpec>>;
  readonly env?: Environment;
}

export function buildInheritedConfig(
  spec: ReleaseSetSpec,
  env: Environment,
  want: readonly string[],
): InheritedConfig {
  const set = new Set(want);
  return {
    ...(set.has('repositories') && spec.repositories
      ? { repositories: spec.repositories.map((r) => ({ ...r })) }
      : {}),
    ...(set.has('helmDefaults') ? { helmDefaults: { ...(spec.helmDefaults ?? {}) } } : {}),
    ...(set.has('commonLabels') && spec.commonLabels ? { commonLabels: { ...spec.commonLabels } } : {}),
    ...(set.has('apiVersions') && spec.apiVersions ? { apiVersions: [...spec.apiVersions] } : {}),
    ...(set.has('kubeVersion') && spec.kubeVersion ? { kubeVersion: spec.kubeVersion } : {}),
    ...(set.has('templates') && spec.templates ? { templates: { ...spec.templates } } : {}),
    ...(set.has('environments') ? { env: copyEnvironment(env) } : {}),
  };
}

export function mergeInherited(spec: ReleaseSetSpec, inh: InheritedConfig | undefined): ReleaseSetSpec {
  if (!inh) return spec;
  const out: ReleaseSetSpec = { ...spec };
  if (inh.repositories) {
    const combined = [...inh.repositories, ...(spec.repositories ?? [])];
    const last = new Map<string, number>();
    combined.forEach((r, i) => {
      last.set(r.name ?? '', i);
    });
    out.repositories = combined.filter((r, i) => last.get(r.name ?? '') === i);
  }
  if (inh.helmDefaults) {
    out.helmDefaults = mergeStruct(spec.helmDefaults ?? {}, inh.helmDefaults, helmSpecSchema, {
      override: false,
      appendSlice: false,
    });
  }
  if (inh.commonLabels) out.commonLabels = { ...inh.commonLabels, ...(spec.commonLabels ?? {}) };
  if (inh.templates) out.templates = { ...inh.templates, ...(spec.templates ?? {}) };
  if (inh.apiVersions) out.apiVersions = [...new Set([...inh.apiVersions, ...(spec.apiVersions ?? [])])];
  if (inh.kubeVersion && !spec.kubeVersion) out.kubeVersion = inh.kubeVersion;
  return out;
}
