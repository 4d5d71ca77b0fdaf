import { readdirSync, readFileSync, statSync } from 'node:fs';
import { nodeHelmfileHost } from '../template/helmfile/index.js';
import { HostFileNotFound, type StateHost } from './host.js';

/** The real file system and process environment. */
export function nodeHost(
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    decryptFile?: (path: string) => Promise<string>;
    warn?: (m: string) => void;
  } = {},
): StateHost {
  const env = options.env ?? process.env;
  return {
    cwd: options.cwd ?? process.cwd(),
    readFile(path) {
      try {
        return readFileSync(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new HostFileNotFound(path);
        throw err;
      }
    },
    stat(path) {
      try {
        const s = statSync(path);
        return s.isDirectory() ? 'dir' : 'file';
      } catch {
        return undefined;
      }
    },
    readDir(path) {
      try {
        return readdirSync(path);
      } catch {
        return [];
      }
    },
    env: (name) => env[name],
    helmfileHost: (baseDir) => nodeHelmfileHost({ baseDir, env }),
    ...(options.decryptFile ? { decryptFile: options.decryptFile } : {}),
    ...(options.warn ? { warn: options.warn } : {}),
  };
}
