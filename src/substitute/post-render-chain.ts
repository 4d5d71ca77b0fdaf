/**
 * Running a release's own helm 4 post-renderer plugin from inside helmfire's:
 * helm takes one `--post-renderer`, so helmfire's plugin runs the user's
 * first, as helm would have (plugin found by name in the plugin directories,
 * its command chosen for this OS and architecture, `$VAR` expanded, the
 * `--post-renderer-args` appended, manifests on stdin, result on stdout).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

interface PlatformCommand {
  readonly os?: string;
  readonly arch?: string;
  readonly command?: string;
  readonly args?: readonly string[];
}

interface PluginFile {
  readonly apiVersion?: string;
  readonly name?: string;
  readonly type?: string;
  readonly runtime?: string;
  readonly runtimeConfig?: { readonly platformCommand?: readonly PlatformCommand[] };
}

export interface FoundPlugin {
  readonly dir: string;
  readonly meta: PluginFile;
}

/** The first `postrenderer/v1` plugin named `name` in `dirs` (searched in order, as helm does). */
export function findPostRendererPlugin(name: string, dirs: readonly string[]): FoundPlugin | undefined {
  for (const base of dirs) {
    let entries: string[];
    try {
      entries = readdirSync(base);
    } catch {
      continue;
    }
    for (const e of entries.sort()) {
      let meta: PluginFile;
      try {
        meta = parse(readFileSync(join(base, e, 'plugin.yaml'), 'utf8')) as PluginFile;
      } catch {
        continue;
      }
      if (meta?.name === name && meta.apiVersion === 'v1' && meta.type === 'postrenderer/v1')
        return { dir: join(base, e), meta };
    }
  }
  return undefined;
}

const GOOS: Record<string, string> = { win32: 'windows' };
const GOARCH: Record<string, string> = { x64: 'amd64', ia32: '386' };

/** helm's choice among platform commands: exact os+arch, else os only, else the first without os/arch. */
export function choosePlatformCommand(
  cmds: readonly PlatformCommand[],
  platform: string = process.platform,
  arch: string = process.arch,
): PlatformCommand | undefined {
  const os = GOOS[platform] ?? platform;
  const a = GOARCH[arch] ?? arch;
  const eq = (x: string | undefined, y: string) => (x ?? '').toLowerCase() === y.toLowerCase();
  let chosen: PlatformCommand | undefined;
  let osMatched = false;
  for (const c of cmds) {
    if (eq(c.os, os) && eq(c.arch, a)) return c;
    if ((c.os && !eq(c.os, os)) || c.arch) continue;
    if (!osMatched && c.os && eq(c.os, os)) {
      chosen = c;
      osMatched = true;
    } else if (!chosen) chosen = c;
  }
  return chosen;
}

/** Go's os.Expand: `$NAME` and `${NAME}`, unknown names empty. */
export function expandEnv(s: string, env: Readonly<Record<string, string | undefined>>): string {
  return s.replace(/\$\{([^}]*)\}|\$([A-Za-z0-9_]+)/g, (_m, a: string, b: string) => env[a ?? b] ?? '');
}

/** Runs the user's post-renderer plugin over `manifests`; its stdout. */
export function runPostRendererPlugin(
  name: string,
  args: readonly string[],
  dirs: readonly string[],
  manifests: string,
  baseEnv: NodeJS.ProcessEnv,
): Promise<string> {
  const found = findPostRendererPlugin(name, dirs);
  if (!found)
    return Promise.reject(
      new Error(
        `post-renderer plugin "${name}" (type postrenderer/v1) not found in ${dirs.join(', ') || 'no plugin directory'}`,
      ),
    );
  if (found.meta.runtime !== 'subprocess')
    return Promise.reject(
      new Error(
        `post-renderer plugin "${name}": runtime "${found.meta.runtime}" cannot be chained by helmfire (subprocess only)`,
      ),
    );
  const env = { ...baseEnv, HELM_PLUGIN_NAME: name, HELM_PLUGIN_DIR: found.dir };
  const cmd = choosePlatformCommand(found.meta.runtimeConfig?.platformCommand ?? []);
  const parts = (cmd?.command ?? '').split(' ');
  if (!parts[0])
    return Promise.reject(
      new Error(`post-renderer plugin "${name}": no command for this platform in ${found.dir}/plugin.yaml`),
    );
  const main = expandEnv(parts[0], env);
  const argv = [...parts.slice(1), ...(cmd?.args ?? [])].map((x) => expandEnv(x, env)).concat(args);
  return new Promise((resolve, reject) => {
    const child = spawn(main, argv, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => reject(new Error(`post-renderer plugin "${name}": ${e.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else
        reject(
          new Error(
            `post-renderer plugin "${name}" exited with ${code}: ${Buffer.concat(err).toString('utf8').trim()}`,
          ),
        );
    });
    child.stdin.on('error', () => {});
    child.stdin.end(manifests);
  });
}
