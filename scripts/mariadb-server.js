// Throwaway MariaDB servers on loopback, for the tests, the benchmarks and the demo: a private
// data directory, a free port, the binlog on in ROW/FULL format, root without a password.

import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';

const run = promisify(execFile);

/** Debian puts the server in /usr/sbin, which a non-root PATH may lack. */
export const MARIADBD = existsSync('/usr/sbin/mariadbd') ? '/usr/sbin/mariadbd' : 'mariadbd';

const STOP_WAIT_MS = 30_000;

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        address && typeof address === 'object'
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function waitReady(port, child, log) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mariadbd exited early:\n${log()}`);
    try {
      const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
      await conn.end();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`mariadbd did not start in 60 s:\n${log()}`);
      await sleep(150);
    }
  }
}

async function stopChild(child) {
  if (child.exitCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  let timer;
  await Promise.race([gone, new Promise((r) => (timer = setTimeout(r, STOP_WAIT_MS)))]);
  clearTimeout(timer);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/**
 * Starts a private mariadbd. Options: `name` (for the temporary directory), `serverId`,
 * `binlog` (default true), `extraArgs` (more mariadbd flags, e.g. a fake --version),
 * `dir` (use this directory instead of a new temporary one; the caller then removes it; a
 * directory a server ran in before starts that server again, data and binlog included),
 * `port` (listen on this port, e.g. the one a restarted server had),
 * `detached` (its own process group, so Ctrl-C reaches the caller, who stops it in order).
 */
export async function startMariaDb(opts) {
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), `cutover-${opts.name ?? 'db'}-`)));
  const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
  // A private temporary directory: servers bootstrapping side by side must not share one.
  const tmp = join(dir, 'tmp');
  await mkdir(tmp, { recursive: true });
  const env = { ...process.env, TMPDIR: tmp };
  // A data directory from an earlier start (a restart) already has its system tables.
  const installed = existsSync(join(dir, 'data', 'mysql'));
  if (!installed) {
    await run(
      'mariadb-install-db',
      [
        '--no-defaults',
        `--datadir=${dir}/data`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        ...asRoot,
      ],
      { env },
    );
  }
  const port = opts.port ?? (await freePort());
  const binlog =
    opts.binlog === false
      ? []
      : [`--log-bin=${dir}/binlog`, '--binlog-format=ROW', '--binlog-row-image=FULL'];
  const args = [
    '--no-defaults',
    `--datadir=${dir}/data`,
    `--socket=${dir}/mysqld.sock`,
    `--pid-file=${dir}/mysqld.pid`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--server-id=${opts.serverId}`,
    `--tmpdir=${tmp}`,
    '--innodb-buffer-pool-size=64M',
    '--innodb-log-file-size=48M',
    '--skip-name-resolve',
    '--max-connections=300',
    ...binlog,
    ...asRoot,
    ...(opts.extraArgs ?? []),
  ];
  let log = '';
  const child = spawn(MARIADBD, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
    detached: opts.detached ?? false,
  });
  child.stdout.on('data', (d) => (log = (log + d.toString()).slice(-16_000)));
  child.stderr.on('data', (d) => (log = (log + d.toString()).slice(-16_000)));
  try {
    await waitReady(port, child, () => log);
  } catch (e) {
    await stopChild(child);
    throw e;
  }
  return {
    name: opts.name ?? 'db',
    host: '127.0.0.1',
    port,
    user: 'root',
    password: '',
    dir,
    async stop() {
      await stopChild(child);
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
}
