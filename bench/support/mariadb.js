// The benchmarks' MariaDB servers (scripts/mariadb-server.js), sized for benchmark data.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { startMariaDb as startServer } from '../../scripts/mariadb-server.js';
import { onCleanup } from './cleanup.js';

export { MARIADBD } from '../../scripts/mariadb-server.js';

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
];

/**
 * A benchmark server with its data in `dir` (the caller's to remove), stopped at clean-up. Its
 * own process group: Ctrl-C in the terminal reaches the benchmark, which stops the server in
 * order, instead of reaching the server directly.
 */
export async function startMariaDb({ dir, serverId }) {
  const server = await startServer({ dir, serverId, extraArgs: SIZING, detached: true });
  onCleanup(() => server.stop());
  return { host: server.host, port: server.port, user: server.user, dir };
}

/** A connection to `server` as root. */
/**
 * Benchmark servers side by side, one per name (server ids 1, 2, …), in one temporary folder
 * removed at clean-up; resolves with `{ root, [name]: server }`.
 */
export async function startServers(names) {
  const root = await mkdtemp(join(os.tmpdir(), 'cutover-bench-'));
  // Registered first, so it runs last: after the servers using it have stopped. Retries: a server
  // that has just stopped may still be closing files in it.
  onCleanup(() => rm(root, { recursive: true, force: true, maxRetries: 5 }));
  const servers = await Promise.all(
    names.map((name, i) => startMariaDb({ dir: join(root, name), serverId: i + 1 })),
  );
  return { root, ...Object.fromEntries(names.map((name, i) => [name, servers[i]])) };
}

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
