export {
  atLeast,
  type ChartInputs,
  type Connection,
  escapeSetPart,
  type HelmCommand,
  type HelmTarget,
  type ReleaseRef,
  type ReleaseTarget,
  type SetItem,
  setFlags,
} from './args.js';
export { HelmOptionsError, HelmUnsupportedError } from './args-errors.js';
export {
  getManifestArgs,
  getMetadataArgs,
  getRecordArgs,
  historyArgs,
  type ListFlags,
  type ListState,
  listArgs,
  type OutputFormat,
  RECORD_TEMPLATE,
  rollbackArgs,
  statusArgs,
  type TestFlags,
  testArgs,
  type UninstallFlags,
  uninstallArgs,
} from './args-release.js';
export {
  type DependencyBuildFlags,
  dependencyBuildArgs,
  type PullInputs,
  pullArgs,
  type RepositoryInputs,
  registryLoginArgs,
  repoAddArgs,
} from './args-repo.js';
export { type TemplateFlags, templateArgs } from './args-template.js';
export { type UpgradeExtras, upgradeArgs } from './args-upgrade.js';
export { detectHelm, type HelmInfo } from './binary.js';
export { HelmBinaryError, HelmError } from './errors.js';
export { type HelmLiveSink, type HelmResult, type HelmRunOptions, runHelm } from './exec.js';
export { collectArgs } from './extra-args.js';
export { checkReleaseLabels, DIGEST_LABEL, formatLabels, HELM_SYSTEM_LABELS } from './labels.js';
export { asAppliedByHelm, isHook, parseManifest } from './manifest.js';
export { MASK, maskArgs } from './mask.js';
export {
  type CliHelmOverrides,
  DEFAULT_HISTORY_MAX,
  type EffectiveOptions,
  effectiveOptions,
  type HelmDefaultsKeys,
  type ReleaseHelmKeys,
  type RepositoryHelmKeys,
  type StateHelmContext,
} from './options.js';
export {
  type HelmBinary,
  HelmOutputError,
  type HistoryEntry,
  isPending,
  lastDeployedRevision,
  observeRelease,
  parseRecordLines,
  type QueryOptions,
  type ReleaseObservation,
  type ReleaseRecord,
  type ReleaseStatus,
  readReleaseLabels,
  releaseHasLabels,
  releaseHistory,
} from './release-state.js';
export {
  type ApiGet,
  decodeRelease,
  HelmStorage,
  HelmStorageError,
  revisionOf,
  type StoredRelease,
  type StoredRevision,
  storageReadable,
} from './storage.js';
