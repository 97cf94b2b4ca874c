// sysbench for the incremental benchmark: the oltp tables on the source, and oltp_write_only
// runs against them (an unthrottled backlog, or a steady --rate), with the figures sysbench
// prints at the end.

import os from 'node:os';
import { query } from '../support/mariadb.js';
import { mustRun } from '../support/proc.js';

export const DB = 'sbtest';

/** Client threads of every oltp_write_only run (the figure). */
export const THREADS = 4;

function common(server, { tables, rows }) {
  return [
    '--db-driver=mysql',
    `--mysql-host=${server.host}`,
    `--mysql-port=${server.port}`,
    `--mysql-user=${server.user}`,
    `--mysql-db=${DB}`,
    `--tables=${tables}`,
    `--table-size=${rows}`,
  ];
}

/** DB and sysbench's oltp tables in it, on `server`; resolves with the table names. */
export async function prepare(server, opts) {
  await query(server, `CREATE DATABASE ${DB}`);
  await mustRun('sysbench', [
    'oltp_write_only',
    ...common(server, opts),
    // sysbench fills one table per thread; more threads than cores only adds contention.
    `--threads=${Math.min(opts.tables, os.availableParallelism())}`,
    'prepare',
  ]);
  const rows = await query(
    server,
    'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1',
    [DB],
  );
  return rows.map((r) => r.name);
}

/** The figure after `label:` in sysbench's summary, with the `(N per sec.)` that may follow. */
function figure(output, label) {
  const match = new RegExp(`^\\s*${label}:\\s+([\\d.]+)(?:\\s+\\(([\\d.]+) per sec\\.\\))?`, 'm');
  const found = match.exec(output);
  return found ? { total: Number(found[1]), perSecond: Number(found[2] ?? NaN) } : undefined;
}

/**
 * `sysbench oltp_write_only run` on `server` for `seconds`, with `rate` transactions per second
 * in all (0: as fast as it goes). Resolves with what sysbench counted: transactions and their
 * rate, ignored errors (deadlocks it retries), and its own run time.
 */
export async function writeOnly(server, opts, { seconds, rate = 0 }) {
  const result = await mustRun('sysbench', [
    'oltp_write_only',
    ...common(server, opts),
    `--threads=${THREADS}`,
    `--time=${seconds}`,
    `--rate=${rate}`,
    '--percentile=99',
    'run',
  ]);
  const transactions = figure(result.output, 'transactions');
  const errors = figure(result.output, 'ignored errors');
  const time = figure(result.output, 'total time');
  if (!transactions)
    throw new Error(`no transaction count in sysbench's output:\n${result.output}`);
  return {
    transactions: transactions.total,
    transactionsPerSecond: transactions.perSecond,
    ignoredErrors: errors?.total ?? 0,
    seconds: time?.total ?? result.seconds,
  };
}
