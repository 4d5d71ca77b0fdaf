/**
 * The conformance case model shared by the loader, the oracle client, the
 * runner and the fixture replay test.
 */

export type Funcs = 'go' | 'sprig' | 'helmfile';
export type MissingKeyMode = 'default' | 'invalid' | 'zero' | 'error';

/** One extra text parsed into the template set before the main template. */
export interface ParseStep {
  name?: string;
  text: string;
}

/** What is rendered: the oracle request without its id. */
export interface CaseInput {
  template: string;
  /** YAML text decoded into the data (dot); absent = nil data. */
  data?: string;
  missingkey?: MissingKeyMode;
  delims?: [string, string];
  funcs: Funcs;
  /** Template name (default `stringTemplate`, as helmfile names it). */
  name?: string;
  parses?: ParseStep[];
  /** Name of the template to execute (default: `name`). */
  execute?: string;
  /** Files written to the base directory (relative path → content). */
  files?: Record<string, string>;
  /** Environment variables visible to the case. */
  env?: Record<string, string>;
}

/**
 * How outputs are compared. `exact` (default): output bytes and error
 * message must be equal. `shape`: the case is non-deterministic (random,
 * time, keys); both outputs must fully match the regular expression `shape`
 * and both must agree on whether there is an error (and its message when
 * `shape` is absent for errors).
 */
export interface CompareSpec {
  shape?: string;
}

export interface Case {
  /** `area/xxxxxxxx`: stable, derived from the input unless given. */
  id: string;
  area: string;
  input: CaseInput;
  compare?: CompareSpec;
  /** The case runs in an oracle started with the insecure functions disabled. */
  insecureDisabled?: boolean;
}

/** What the oracle (or helmfire) produced for a case. */
export interface Outcome {
  output: string;
  /** err.Error(); empty when the case succeeded. */
  error: string;
  /** data | parse | exec, when error is set. */
  phase?: string;
  /**
   * The oracle's output/error held invalid UTF-8: those strings hold each
   * invalid byte as U+DC80–U+DCFF (see go-bytes.ts), compared byte for byte.
   */
  badUtf8?: boolean;
  panic?: boolean;
}
