/**
 * helmfile's template layer: its functions over an injected host, and the
 * renderer that sets templates up exactly as helmfile's pkg/tmpl does.
 */
export { DirEntry, type HelmfileFuncOptions, helmfileFuncMap, INSECURE_DISABLED_MESSAGE } from './funcs.js';
export {
  type DirEntryInfo,
  type ExecRequest,
  type ExecResult,
  type HelmfileHost,
  HostError,
} from './host.js';
export { type NodeHostOptions, nodeHelmfileHost } from './node-host.js';
export { HelmfileRenderer, type HelmfileRenderOptions, renderHelmfileTemplate } from './render.js';
export { envsubst, SecretRefResolver, SUPPORTED_BACKENDS } from './secrets.js';
export { helmfileGet, helmfileGetOrNil, setValueAtPath } from './values.js';
