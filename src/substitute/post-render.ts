/**
 * helmfire's post-renderer: the program helm runs over what it rendered, which
 * applies the image substitutions (after the release's own post-renderer).
 *
 * helm 4 takes `--post-renderer <plugin name>` only: a plugin of type
 * `postrenderer/v1` (apiVersion v1, runtime subprocess) found in one of the
 * directories of HELM_PLUGINS (a path list, searched in order). helm runs the
 * plugin's command with the plugin's `args` and then every
 * `--post-renderer-args` value, writes the manifests — hooks included — to its
 * stdin and reads the result from its stdout. helmfire writes that plugin into
 * its cache directory and puts that directory first in HELM_PLUGINS.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { helmfireCacheDir } from '../util/cache-dir.js';
import type { ImageSubstitution } from './types.js';

/** The plugin's name: what helmfire passes to `--post-renderer` on helm 4. */
export const POST_RENDER_PLUGIN = 'helmfire-images';

/** What the post-render program is told, as its one argument. */
export interface PostRenderConfig {
  readonly images: readonly Pick<ImageSubstitution, 'from' | 'to'>[];
  /** The release's own post-renderer (a helm 4 plugin), run first. */
  readonly chain?: {
    readonly plugin: string;
    readonly args: readonly string[];
    /** The user's plugin directories, where it is looked up. */
    readonly dirs: readonly string[];
  };
  /** Where to write what changed (JSON `ImageChange[]`), for helmfire to report. */
  readonly report?: string;
}

export function encodePostRenderConfig(c: PostRenderConfig): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodePostRenderConfig(arg: string | undefined): PostRenderConfig {
  if (!arg) throw new Error('helmfire post-renderer: expected its configuration as the first argument');
  const c = JSON.parse(Buffer.from(arg, 'base64url').toString('utf8')) as PostRenderConfig;
  if (!c || !Array.isArray(c.images))
    throw new Error('helmfire post-renderer: the configuration argument has no `images` list');
  return c;
}

/** helm's plugin directories for `env`: HELM_PLUGINS split as a path list, else `<data home>/plugins`. */
export function userPluginDirs(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): string[] {
  if (env.HELM_PLUGINS) return env.HELM_PLUGINS.split(delimiter).filter(Boolean);
  return [join(helmDataHome(env, platform), 'plugins')];
}

function helmDataHome(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (env.HELM_DATA_HOME) return env.HELM_DATA_HOME;
  if (env.XDG_DATA_HOME) return join(env.XDG_DATA_HOME, 'helm');
  const home = env.HOME ?? homedir();
  if (platform === 'darwin') return join(home, 'Library', 'helm');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'helm');
  return join(home, '.local', 'share', 'helm');
}

/** How to run the post-render program: node and its arguments. */
export interface ProgramCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/**
 * The post-render program next to the running module: the bundled
 * `dist/post-render.mjs` when it is at least as new as the compiled entry,
 * else the compiled `post-render-main.js`; from the sources (tests), the
 * TypeScript entry through tsx.
 */
export function postRenderProgram(moduleUrl: string = import.meta.url): ProgramCommand {
  const node = process.execPath;
  const here = fileURLToPath(moduleUrl);
  if (here.endsWith('.ts')) {
    const tsx = createRequire(moduleUrl).resolve('tsx');
    return {
      command: node,
      args: ['--import', pathToFileURL(tsx).href, join(dirname(here), 'post-render-main.ts')],
    };
  }
  const compiled = join(dirname(here), 'post-render-main.js');
  const bundled = join(dirname(here), '..', 'post-render.mjs');
  const mtime = (p: string) => {
    try {
      return statSync(p).mtimeMs;
    } catch {
      return -1;
    }
  };
  const b = mtime(bundled);
  return { command: node, args: [b >= 0 && b >= mtime(compiled) ? bundled : compiled] };
}

const yamlString = (s: string) => JSON.stringify(s);

/** The plugin.yaml of helmfire's post-renderer plugin running `program`. */
export function pluginYaml(program: ProgramCommand): string {
  return [
    'apiVersion: v1',
    `name: ${POST_RENDER_PLUGIN}`,
    'type: postrenderer/v1',
    'runtime: subprocess',
    'version: 1.0.0',
    'runtimeConfig:',
    '  platformCommand:',
    // helm splits `command` at spaces; the path goes in args, which it does not split
    `    - command: ${yamlString(program.command.includes(' ') ? 'node' : program.command)}`,
    `      args: [${program.args.map(yamlString).join(', ')}]`,
    '',
  ].join('\n');
}

/**
 * A plugins directory holding helmfire's post-renderer plugin (written once
 * per program; the directory name is a hash of the plugin file).
 */
export function ensurePostRenderPlugin(
  env: NodeJS.ProcessEnv,
  program: ProgramCommand = postRenderProgram(),
): string {
  const text = pluginYaml(program);
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const dir = join(helmfireCacheDir(env), 'helm-plugins', hash);
  const file = join(dir, POST_RENDER_PLUGIN, 'plugin.yaml');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  }
  return dir;
}

/** HELM_PLUGINS for a helm run with helmfire's plugin first, then the user's plugin directories. */
export function pluginsPath(pluginDir: string, env: NodeJS.ProcessEnv): string {
  return [pluginDir, ...userPluginDirs(env)].join(delimiter);
}
