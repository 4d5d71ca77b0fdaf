export { chartSubstitutionFor, parseChartRef } from './charts.js';
export { SubstituteError, type SubstituteErrorCode } from './errors.js';
export {
  formatImageRef,
  type ImageRef,
  imageMatches,
  parseImageRef,
  substituteImage,
  tryParseImageRef,
} from './image-ref.js';
export { substituteManifestImages } from './manifests.js';
export { readSubstitutions, substitutionsFile, updateSubstitutions, writeSubstitutions } from './store.js';
export {
  type ChartSubstitution,
  type ImageSubstitution,
  NO_SUBSTITUTIONS,
  type Substitutions,
} from './types.js';
