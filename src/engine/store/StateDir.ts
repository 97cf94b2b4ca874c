import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { posix, resolve, win32 } from 'node:path';

export interface StateDirOptions {
  /** From `--state-dir DIR`; wins over everything else. */
  explicit?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

/** Where the state lives: --state-dir, then CUTOVER_HOME, then the OS per-user app data folder. */
export function resolveStateDir(options: StateDirOptions = {}): string {
  const env = options.env ?? process.env;
  if (options.explicit) return resolve(options.explicit);
  if (env.CUTOVER_HOME) return resolve(env.CUTOVER_HOME);

  const home = options.home ?? homedir();
  switch (options.platform ?? process.platform) {
    case 'darwin':
      return posix.join(home, 'Library', 'Application Support', 'Cutover');
    case 'win32':
      return win32.join(env.APPDATA ?? win32.join(home, 'AppData', 'Roaming'), 'Cutover');
    default:
      // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
      return env.XDG_DATA_HOME?.startsWith('/')
        ? posix.join(env.XDG_DATA_HOME, 'cutover')
        : posix.join(home, '.local', 'share', 'cutover');
  }
}

/** Creates the directory owner-only: it holds the secret key and connection details. */
export function createStateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
