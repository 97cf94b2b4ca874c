// `npm start`: opens the desktop app, fetching Electron's binary on first use. npm install skips
// Electron's own download step so that installing works on machines that cannot reach it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { electronSqliteBinding } from './electron-native.js';

const require = createRequire(import.meta.url);
let pkgDir;
try {
  pkgDir = dirname(require.resolve('electron/package.json'));
} catch {
  console.error('Electron is not installed: run `npm install` first.');
  process.exit(1);
}

if (!existsSync(join(pkgDir, 'path.txt'))) {
  console.log("Downloading Electron's binary (first start only)…");
  const fetched = spawnSync(process.execPath, [join(pkgDir, 'install.js')], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (fetched.status !== 0 || !existsSync(join(pkgDir, 'path.txt'))) {
    const reason = (fetched.stderr ?? '').split('\n').find((l) => l.trim()) ?? 'unknown error';
    console.error(
      `Electron's binary could not be downloaded (${reason.trim()}).\n` +
        'Set ELECTRON_MIRROR to a reachable mirror and run `npm start` again, or use the command line (`npx cutover --help`).',
    );
    process.exit(1);
  }
}

const electron = require('electron');
// node_modules' better-sqlite3 is built for Node; Electron loads its own build of it.
const binding = electronSqliteBinding({
  electronPath: electron,
  electronVersion: require('electron/package.json').version,
});
if (!binding) process.exit(1);
const result = spawnSync(electron, ['.'], {
  stdio: 'inherit',
  env: { ...process.env, CUTOVER_SQLITE_BINDING: binding },
});
process.exit(result.status ?? 1);
