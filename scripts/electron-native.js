// better-sqlite3's native binary for Electron, for `npm start`. Electron's Node has its own ABI,
// so the binary `npm install` built (for Node: `npm test`, `npx cutover`) will not load in it, and
// rebuilding it in place would break those. Instead a second copy is built once per Electron and
// better-sqlite3 version into node_modules/.cutover-electron/, and Store.open loads it through
// CUTOVER_SQLITE_BINDING. Installers get theirs from electron-builder (docs/packaging.md).

import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Where Electron publishes its headers; @electron/rebuild reads the same variable. */
const HEADERS_URL = process.env.ELECTRON_REBUILD_DIST_URL || 'https://electronjs.org/headers';

/**
 * npm hands its config to scripts as npm_config_* variables, and node-gyp and prebuild-install
 * read them: a `nodedir` or `target` meant for Node would build against Node's headers.
 */
const FOREIGN_BUILD_CONFIG = new Set([
  'npm_config_nodedir',
  'npm_config_target',
  'npm_config_runtime',
  'npm_config_disturl',
  'npm_config_dist_url',
  'npm_config_arch',
  'npm_config_target_arch',
  'npm_config_platform',
  'npm_config_target_platform',
  'npm_config_devdir',
  'npm_config_build_from_source',
]);

const NETWORK_ERROR =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo|socket hang up|network connectivity/i;

function buildEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!FOREIGN_BUILD_CONFIG.has(key.toLowerCase())) env[key] = value;
  }
  return env;
}

/** Runs a command to completion; its output, the command line first, goes to the build log. */
function run(command, args, cwd, env) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const error = result.error ? `${result.error.message}\n` : '';
  return {
    ok: result.status === 0,
    output: `$ ${[command, ...args].join(' ')}\n${result.stdout ?? ''}${result.stderr ?? ''}${error}`,
  };
}

/** node-gyp: the project's (electron-builder brings one), else the one npm ships with. */
function nodeGyp() {
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return process.env.npm_config_node_gyp;
  }
}

/** What to do, judged by the compile step's output (the prebuilt download fails offline anyway). */
function failureHelp(compileOutput, logFile) {
  const lines = [
    `better-sqlite3 could not be built for Electron; the build log is ${logFile}.`,
    '',
  ];
  if (NETWORK_ERROR.test(compileOutput)) {
    lines.push(
      `The build downloads Electron's headers (${HEADERS_URL}), and this machine could not`,
      'reach them. Set ELECTRON_REBUILD_DIST_URL to a mirror of them, or install Cutover from a',
      'desktop installer built on a connected machine (docs/packaging.md).',
    );
  } else {
    lines.push(
      'Building it needs a C++ toolchain and Python 3:',
      '  Debian/Ubuntu: sudo apt-get install python3 make g++',
      '  Fedora/RHEL:   sudo dnf install python3 make gcc-c++',
      '  macOS:         xcode-select --install',
      '  Windows:       Visual Studio Build Tools ("Desktop development with C++") and Python 3',
    );
  }
  lines.push(
    '',
    'Then run `npm start` again. Meanwhile the app runs in a browser: `npm run serve`.',
  );
  return lines.join('\n');
}

/**
 * Builds the binary in `work` (a copy of better-sqlite3) and checks that Electron loads it:
 * a prebuilt one from better-sqlite3's releases first, which needs no compiler, else compiled
 * against Electron's headers. Returns the binary's path when Electron loads it (`built`), the
 * build log, and the compile step's output.
 */
function build(work, moduleDir, electronPath, electronVersion) {
  const env = buildEnv();
  const built = join(work, 'build', 'Release', 'better_sqlite3.node');
  let log = '';
  let compileOutput = '';
  const step = (command, args, stepEnv) => {
    const result = run(command, args, work, stepEnv);
    log += result.output;
    return result;
  };
  // Electron run as plain Node needs no display.
  const loads = () =>
    step(electronPath, ['-e', `require(${JSON.stringify(built)})`], {
      ...process.env,
      ELECTRON_RUN_AS_NODE: '1',
    }).ok;
  const target = [`--arch=${process.arch}`, `--target=${electronVersion}`];
  const prebuilt = step(
    process.execPath,
    [
      require.resolve('prebuild-install/bin.js', { paths: [moduleDir] }),
      '--runtime=electron',
      `--platform=${process.platform}`,
      ...target,
    ],
    env,
  );
  if (prebuilt.ok && loads()) return { built, log, compileOutput };
  const gyp = nodeGyp();
  if (!gyp)
    return { log: `${log}node-gyp was not found: run \`npm install\` first.\n`, compileOutput };
  const compiled = step(
    process.execPath,
    [
      gyp,
      'rebuild',
      '--release',
      ...target,
      `--dist-url=${HEADERS_URL}`,
      // Shared with electron-builder's rebuilds, so the headers are fetched once.
      `--devdir=${join(homedir(), '.electron-gyp')}`,
    ],
    env,
  );
  compileOutput = compiled.output;
  return compiled.ok && loads() ? { built, log, compileOutput } : { log, compileOutput };
}

/**
 * The path of better-sqlite3's binary for this Electron, building it on first use. Returns
 * undefined after printing why, when it cannot be built.
 */
export function electronSqliteBinding({ electronPath, electronVersion }) {
  const moduleDir = dirname(require.resolve('better-sqlite3/package.json'));
  const { version } = JSON.parse(readFileSync(join(moduleDir, 'package.json'), 'utf8'));
  const home = join(dirname(moduleDir), '.cutover-electron');
  const outDir = join(
    home,
    electronVersion,
    `better-sqlite3-${version}-${process.platform}-${process.arch}`,
  );
  const binary = join(outDir, 'better_sqlite3.node');
  if (existsSync(binary)) return binary;

  console.log(
    `Building better-sqlite3 ${version} for Electron ${electronVersion} (first start only)…`,
  );
  mkdirSync(home, { recursive: true });
  const work = mkdtempSync(join(home, 'build-'));
  const logFile = join(home, 'build.log');
  try {
    // A copy without build/, so node_modules' own Node build is never touched.
    cpSync(moduleDir, work, { recursive: true, filter: (src) => src !== join(moduleDir, 'build') });
    const result = build(work, moduleDir, electronPath, electronVersion);
    if (!result.built) {
      writeFileSync(logFile, result.log);
      console.error(failureHelp(result.compileOutput, logFile));
      return undefined;
    }
    mkdirSync(outDir, { recursive: true });
    // Copied under a temporary name and renamed, so a half-written binary is never picked up.
    const temp = `${binary}.${process.pid}.tmp`;
    copyFileSync(result.built, temp);
    renameSync(temp, binary);
    return binary;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * electron-builder hook (electron-builder.yml): its `npmRebuild` rebuilt node_modules'
 * better-sqlite3 for Electron in place; this builds it for Node again, so that `npm test` and
 * `npx cutover` work after `npm run dist`. Adds no artifacts.
 */
export function afterAllArtifactBuild() {
  console.log('Rebuilding better-sqlite3 for Node (npm rebuild better-sqlite3)…');
  // npm's own CLI when run through `npm run dist`; else whichever npm the PATH has.
  const npm = process.env.npm_execpath;
  const result = npm
    ? spawnSync(process.execPath, [npm, 'rebuild', 'better-sqlite3'], { stdio: 'inherit' })
    : spawnSync('npm', ['rebuild', 'better-sqlite3'], {
        stdio: 'inherit',
        shell: process.platform === 'win32',
      });
  if (result.status !== 0) {
    throw new Error(
      'The installers are built, but better-sqlite3 in node_modules is still built for Electron: run `npm rebuild better-sqlite3` before `npm test` or `npx cutover`.',
    );
  }
  return [];
}
