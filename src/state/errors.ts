import { HelmfireError } from '../errors.js';

/**
 * Errors of the state engine. Every one names where the problem is (a file,
 * with line and column when known, or a release and field) and, when a likely
 * fix exists, says it. `code` is stable; the CLI maps it to an exit code.
 */

/** Where in the state a problem is. `line`/`column` are 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** `---` part of the file (0-based), for files with several parts. */
  readonly part?: number;
  /** True when the position is in the rendered output of a `.gotmpl` part, not in the file itself. */
  readonly rendered?: boolean;
}

export function formatLocation(loc: SourceLocation): string {
  let s = loc.file;
  if (loc.line !== undefined) {
    s += `:${loc.line}`;
    if (loc.column !== undefined) s += `:${loc.column}`;
  }
  if (loc.rendered) s += ` (rendered part ${loc.part ?? 0})`;
  return s;
}

export type StateErrorCode =
  | 'STATE_FILE_NOT_FOUND'
  | 'STATE_POLICY'
  | 'STATE_YAML'
  | 'STATE_SCHEMA'
  | 'STATE_TEMPLATE'
  | 'STATE_ENV_UNDEFINED'
  | 'STATE_VALUES'
  | 'STATE_RELEASE'
  | 'STATE_NEEDS'
  | 'STATE_SELECTOR'
  | 'STATE_UNSUPPORTED'
  | 'STATE_OVERRIDE_CONFLICT'
  | 'STATE_NO_MATCH'
  | 'STATE_DUPLICATE_RELEASE'
  | 'STATE_INVALID';

export class StateError extends HelmfireError {
  override readonly name: string = 'StateError';
  declare readonly code: StateErrorCode;
  constructor(
    code: StateErrorCode,
    message: string,
    readonly location?: SourceLocation,
    options?: { cause?: unknown },
  ) {
    super(code, location ? `${formatLocation(location)}: ${message}` : message, options);
  }
}

/** No state file where one was expected (default lookup, `-f`, `bases:`, `helmfiles:`). */
export class StateFileNotFoundError extends StateError {
  override readonly name = 'StateFileNotFoundError';
  constructor(message: string, location?: SourceLocation) {
    super('STATE_FILE_NOT_FOUND', message, location);
  }
}

/** A helmfile v1 layout rule is broken (environments and releases in one part, order of top-level keys). */
export class StatePolicyError extends StateError {
  override readonly name = 'StatePolicyError';
  constructor(message: string, location?: SourceLocation) {
    super('STATE_POLICY', message, location);
  }
}

/** The YAML of a part cannot be parsed. */
export class StateYamlError extends StateError {
  override readonly name = 'StateYamlError';
  constructor(message: string, location?: SourceLocation, options?: { cause?: unknown }) {
    super('STATE_YAML', message, location, options);
  }
}

/** One problem found while decoding a document into the state schema. */
export interface SchemaIssue {
  /** Path in the document, e.g. `releases[0].chrat`. */
  readonly path: string;
  readonly message: string;
  readonly location?: SourceLocation;
  /** The likely fix, e.g. `did you mean "chart"?`. */
  readonly hint?: string;
}

export function formatSchemaIssue(issue: SchemaIssue): string {
  const where = issue.location ? `${formatLocation(issue.location)}: ` : '';
  return `${where}${issue.path}: ${issue.message}${issue.hint ? `; ${issue.hint}` : ''}`;
}

/** Unknown keys (helmfile decodes strictly) and values of the wrong type. Lists every issue of the document. */
export class StateSchemaError extends StateError {
  override readonly name = 'StateSchemaError';
  constructor(
    readonly file: string,
    readonly issues: readonly SchemaIssue[],
  ) {
    super(
      'STATE_SCHEMA',
      issues.length === 1
        ? formatSchemaIssue(issues[0]!)
        : `${file}: ${issues.length} problems:\n${issues.map((i) => `  ${formatSchemaIssue(i)}`).join('\n')}`,
    );
  }
}

/** A Go template (state part, values file, release field) failed to render. */
export class StateTemplateError extends StateError {
  override readonly name = 'StateTemplateError';
  constructor(message: string, location?: SourceLocation, options?: { cause?: unknown }) {
    super('STATE_TEMPLATE', message, location, options);
  }
}

/** `-e NAME` names an environment no loaded file defines. */
export class UndefinedEnvironmentError extends StateError {
  override readonly name = 'UndefinedEnvironmentError';
  constructor(
    readonly environment: string,
    readonly file: string,
    readonly known: readonly string[] = [],
    hint?: string,
  ) {
    super(
      'STATE_ENV_UNDEFINED',
      `failed to read ${file}: environment "${environment}" is not defined${hint ? ` (${hint})` : ''}`,
    );
  }
}

/** A values/secrets file is missing, unreadable or not a YAML map. */
export class ValuesFileError extends StateError {
  override readonly name = 'ValuesFileError';
  constructor(message: string, location?: SourceLocation, options?: { cause?: unknown }) {
    super('STATE_VALUES', message, location, options);
  }
}

/** A release cannot be resolved: templates, inheritance, empty chart, bad condition. */
export class ReleaseError extends StateError {
  override readonly name = 'ReleaseError';
  constructor(
    readonly release: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('STATE_RELEASE', message, undefined, options);
  }
}

/** `needs` that cannot be planned: undefined release, cycle, needed release not selected. */
export class NeedsError extends StateError {
  override readonly name = 'NeedsError';
  constructor(message: string) {
    super('STATE_NEEDS', message);
  }
}

/** A malformed `-l` selector or `helmfiles[].selectors` entry. */
export class SelectorError extends StateError {
  override readonly name = 'SelectorError';
  constructor(message: string) {
    super('STATE_SELECTOR', message);
  }
}

/** A feature helmfile has that helmfire does not support yet (HCL values, remote state files, …). */
export class UnsupportedFeatureError extends StateError {
  override readonly name = 'UnsupportedFeatureError';
  constructor(message: string, location?: SourceLocation) {
    super('STATE_UNSUPPORTED', message, location);
  }
}

/** A CLI override that conflicts with the same setting in the state file (`--namespace` and `namespace:`). */
export class OverrideConflictError extends StateError {
  override readonly name = 'OverrideConflictError';
  constructor(message: string) {
    super('STATE_OVERRIDE_CONFLICT', message);
  }
}

/** No release matched the selectors in any state file. */
export class NoMatchingReleaseError extends StateError {
  override readonly name = 'NoMatchingReleaseError';
  constructor(
    readonly selectors: readonly string[],
    readonly environment: string,
  ) {
    super(
      'STATE_NO_MATCH',
      `no releases found that matches specified selector(${selectors.join(', ')}) and environment(${environment}), in any helmfile`,
    );
  }
}

/** Two selected releases share name, namespace and kube context. */
export class DuplicateReleaseError extends StateError {
  override readonly name = 'DuplicateReleaseError';
  constructor(message: string) {
    super('STATE_DUPLICATE_RELEASE', message);
  }
}

/** Any other invalid setting (bad mergeStrategy, updateStrategy, missingFileHandler, …). */
export class InvalidStateError extends StateError {
  override readonly name = 'InvalidStateError';
  constructor(message: string, location?: SourceLocation) {
    super('STATE_INVALID', message, location);
  }
}
