/**
 * Live substitutions: what a developer swapped in without editing the state.
 * `helmfire chart <ref> <dir>` and `helmfire image <from> <to>` write them;
 * planning applies them; `sync --watch` watches their file.
 */

/** Every release whose chart is `ref` (any version, or only `version`) deploys from `dir` instead. */
export interface ChartSubstitution {
  /** The chart as the state writes it: `repo/name` or `oci://host/path/name`. */
  readonly ref: string;
  /** Only releases of this chart version (`ref@version`); absent: every version. */
  readonly version?: string;
  /** Absolute path of the local chart directory. */
  readonly dir: string;
  /** When it was added (ISO 8601). */
  readonly added: string;
}

/** Every container image matching `from` (image reference rules) is deployed as `to`. */
export interface ImageSubstitution {
  /** `name[:tag][@digest]`; without tag and digest it matches every tag. */
  readonly from: string;
  readonly to: string;
  readonly added: string;
}

/** The substitution set of one project. */
export interface Substitutions {
  readonly charts: readonly ChartSubstitution[];
  readonly images: readonly ImageSubstitution[];
}

export const NO_SUBSTITUTIONS: Substitutions = Object.freeze({ charts: [], images: [] });
