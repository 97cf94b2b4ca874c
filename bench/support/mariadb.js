// Throwaway MariaDB servers for the benchmarks: the approach of tests/support/mariadb.ts, in plain
// JavaScript (the bench runs with plain `node`), sized for benchmark data instead of test data.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import mysql from 'mysql2/promise';
import { onCleanup } from './cleanup.js';
import { mustRun } from './proc.js';

/** Debian puts the server in /usr/sbin, which a non-root PATH may lack. */
export const MARIADBD = existsSync('/usr/sbin/mariadbd') ? '/usr/sbin/mariadbd' : 'mariadbd';

/**
 * The same settings on every benchmark server, so that no contender gains from where it writes.
 * The buffer pool holds a million sysbench rows (about 250 MB with the index); the redo log is
 * large enough that bulk loads do not stall on checkpoints. Durability stays at the defaults
 * (a flush per commit), as on a real target.
 */
const SIZING = [
  '--innodb-buffer-pool-size=512M',
  '--innodb-log-file-size=256M',
  '--max-allowed-packet=64M',
  '--max-connections=300',
  '--skip-name-resolve',
];

const STOP_WAIT_MS = 30_000;

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
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
      await sleep(200);
    }
  }
}

async function stopServer(child) {
  if (child.exitCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  let timer;
  await Promise.race([gone, new Promise((r) => (timer = setTimeout(r, STOP_WAIT_MS)))]);
  clearTimeout(timer);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/**
 * Starts a private mariadbd with its data in `dir`, on a free loopback port, binlog on (ROW,
 * FULL). Root has no password. The server is stopped at clean-up; `dir` is the caller's to remove.
 */
export async function startMariaDb({ dir, serverId }) {
  const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
  // A private temporary directory: servers bootstrapping side by side must not share one.
  const tmp = join(dir, 'tmp');
  await mkdir(tmp, { recursive: true });
  const env = { ...process.env, TMPDIR: tmp };
  await mustRun(
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
  const port = await freePort();
  const args = [
    '--no-defaults',
    `--datadir=${dir}/data`,
    `--socket=${dir}/mysqld.sock`,
    `--pid-file=${dir}/mysqld.pid`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--server-id=${serverId}`,
    `--log-bin=${dir}/binlog`,
    '--binlog-format=ROW',
    '--binlog-row-image=FULL',
    `--tmpdir=${tmp}`,
    ...SIZING,
    ...asRoot,
  ];
  let log = '';
  // Its own process group: Ctrl-C in the terminal reaches the benchmark, which stops the server
  // in order, instead of reaching the server directly.
  const child = spawn(MARIADBD, args, { stdio: ['ignore', 'pipe', 'pipe'], env, detached: true });
  child.stdout.on('data', (d) => (log = (log + d.toString()).slice(-16_000)));
  child.stderr.on('data', (d) => (log = (log + d.toString()).slice(-16_000)));
  onCleanup(() => stopServer(child));
  await waitReady(port, child, () => log);
  return { host: '127.0.0.1', port, user: 'root', dir };
}

/** A connection to `server` as root. */
export function connect(server, database) {
  return mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    database,
  });
}

/** Runs one statement on `server` over a connection of its own; resolves with the rows. */
export async function query(server, statement, params) {
  const conn = await connect(server);
  try {
    const [rows] = await conn.query(statement, params);
    return rows;
  } finally {
    await conn.end();
  }
}

/** Quotes a database, table or column name for SQL. */
export function quoteName(name) {
  return `\`${name.replaceAll('`', '``')}\``;
}

/** Connection flags for the MariaDB command-line tools and mydumper/myloader. */
export function cliArgs(server) {
  return ['-h', server.host, '-P', String(server.port), '-u', server.user];
}
