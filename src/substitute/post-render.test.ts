import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  decodePostRenderConfig,
  encodePostRenderConfig,
  POST_RENDER_PLUGIN,
  pluginsPath,
  pluginYaml,
  postRenderProgram,
  userPluginDirs,
} from './post-render.js';
import { choosePlatformCommand, expandEnv } from './post-render-chain.js';

describe('post-render plugin', () => {
  it('carries its configuration in one argument', () => {
    const c = {
      images: [{ from: 'postgres:15', to: 'localhost:5000/pg:dev' }],
      chain: { plugin: 'add-cm', args: ['a,b', '--x=1'], dirs: ['/p one'] },
      report: '/tmp/r.json',
    };
    const arg = encodePostRenderConfig(c);
    expect(arg).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePostRenderConfig(arg)).toEqual(c);
    expect(() => decodePostRenderConfig(undefined)).toThrow(/configuration/);
  });

  it('is a postrenderer/v1 plugin whose program path is an argument (helm splits `command` at spaces)', () => {
    const y = parse(pluginYaml({ command: '/usr/bin/node', args: ['/a dir/post-render.mjs'] }));
    expect(y).toEqual({
      apiVersion: 'v1',
      name: POST_RENDER_PLUGIN,
      type: 'postrenderer/v1',
      runtime: 'subprocess',
      version: '1.0.0',
      runtimeConfig: { platformCommand: [{ command: '/usr/bin/node', args: ['/a dir/post-render.mjs'] }] },
    });
    expect(
      parse(pluginYaml({ command: '/opt/my node/node', args: [] })).runtimeConfig.platformCommand[0].command,
    ).toBe('node');
  });

  it('runs from the sources through tsx, from dist as plain node', () => {
    const src = postRenderProgram(new URL('./post-render.ts', import.meta.url).href);
    expect(src.args[0]).toBe('--import');
    expect(src.args[1]).toMatch(/tsx/);
    expect(src.args[2]).toMatch(/post-render-main\.ts$/);
    const dist = postRenderProgram('file:///app/dist/substitute/post-render.js');
    expect(dist.args).toEqual(['/app/dist/substitute/post-render-main.js']);
  });

  it("finds the user's plugin directories as helm does", () => {
    expect(userPluginDirs({ HELM_PLUGINS: '/a:/b' }, 'linux')).toEqual(['/a', '/b']);
    expect(userPluginDirs({ HELM_DATA_HOME: '/d' }, 'linux')).toEqual(['/d/plugins']);
    expect(userPluginDirs({ XDG_DATA_HOME: '/x' }, 'linux')).toEqual(['/x/helm/plugins']);
    expect(userPluginDirs({ HOME: '/h' }, 'linux')).toEqual(['/h/.local/share/helm/plugins']);
    expect(userPluginDirs({ HOME: '/h' }, 'darwin')).toEqual(['/h/Library/helm/plugins']);
    expect(pluginsPath('/mine', { HELM_PLUGINS: '/a:/b' })).toBe('/mine:/a:/b');
  });
});

describe('chaining the release post-renderer', () => {
  const cmds = [
    { command: 'generic' },
    { os: 'linux', command: 'linux-any' },
    { os: 'linux', arch: 'amd64', command: 'linux-amd64' },
    { os: 'windows', command: 'win' },
  ];
  it('chooses the platform command as helm does', () => {
    expect(choosePlatformCommand(cmds, 'linux', 'x64')?.command).toBe('linux-amd64');
    expect(choosePlatformCommand(cmds, 'linux', 'arm64')?.command).toBe('linux-any');
    expect(choosePlatformCommand(cmds, 'darwin', 'arm64')?.command).toBe('generic');
    expect(choosePlatformCommand(cmds, 'win32', 'x64')?.command).toBe('win');
    expect(choosePlatformCommand([{ os: 'darwin', command: 'mac' }], 'linux', 'x64')).toBeUndefined();
  });
  it('expands $NAME and the braced form as Go does', () => {
    expect(expandEnv(`$HELM_PLUGIN_DIR/x.sh $${'{'}A}b $missing`, { HELM_PLUGIN_DIR: '/p', A: 'a' })).toBe(
      '/p/x.sh ab ',
    );
  });
});
