import { homedir } from 'node:os';
import { join } from 'node:path';

/** helmfire's cache root: `$HELMFIRE_CACHE`, else `$XDG_CACHE_HOME/helmfire`, else `~/.cache/helmfire`. */
export function helmfireCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HELMFIRE_CACHE) return env.HELMFIRE_CACHE;
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.cache'), 'helmfire');
}
