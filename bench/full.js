// `npm run bench -- full`: Cutover's full copy of sysbench's tables from one MariaDB server to
// another, next to the reference tools measured in the same run, on the same two servers:
// mydumper + myloader, mariadb-dump | mariadb, and LOAD DATA INFILE (the target's ingest limit).

import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CONTENDERS, GNU_TIME, REPO } from './full/contenders.js';
import { printReport, ratios, summarizeContender } from './full/report.js';
import { stopRequested } from './support/cleanup.js';
import { parseSizeOptions, progressReporter, startBenchmark, runFacts } from './support/cli.js';
import { differences, fingerprint, fingerprintQueries } from './support/fingerprint.js';
import { MARIADBD, query, quoteName, startServers } from './support/mariadb.js';
import { mustRun } from './support/proc.js';
import { formatCount, formatSeconds, round } from './support/stats.js';

const DB = 'sbtest';

const USAGE = `Usage: npm run bench -- full [--rows N] [--tables N] [--runs N] [--json]

Starts two throwaway MariaDB servers, fills the first with sysbench's oltp tables and copies them
to the second with Cutover and with the reference tools, each --runs times on an emptied target.
Prints the median time of each, rows/s, the ratios and Cutover's peak memory. Cutover runs from
dist/: build it first (npm run build).

  --rows N     rows per table (default 250000)
  --tables N   number of tables (default 4)
  --runs N     runs per contender (default 3)
  --json       end with one line of JSON holding every figure`;

/** The programs this benchmark runs, with the Debian package that has each. */
const TOOLS = [
  ['sysbench', 'sysbench'],
  ['mydumper', 'mydumper'],
  ['myloader', 'mydumper'],
  ['mariadb', 'mariadb-client'],
  ['mariadb-dump', 'mariadb-client'],
  ['mariadb-install-db', 'mariadb-server'],
  [MARIADBD, 'mariadb-server'],
  [GNU_TIME, 'time'],
];

const progress = progressReporter();
const started = performance.now();

// ---- options ------------------------------------------------------------------------------------

// ---- set-up (not timed) -------------------------------------------------------------------------

/** sysbench's oltp tables in DB on the source; resolves with their names. */
async function fillSource(source, opts) {
  await query(source, `CREATE DATABASE ${DB}`);
  await mustRun('sysbench', [
    'oltp_read_write',
    '--db-driver=mysql',
    `--mysql-host=${source.host}`,
    `--mysql-port=${source.port}`,
    `--mysql-user=${source.user}`,
    `--mysql-db=${DB}`,
    `--tables=${opts.tables}`,
    `--table-size=${opts.rows}`,
    // sysbench fills one table per thread; more threads than cores only adds contention.
    `--threads=${Math.min(opts.tables, os.availableParallelism())}`,
    'prepare',
  ]);
  const rows = await query(
    source,
    'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1',
    [DB],
  );
  return rows.map((r) => r.name);
}

/** `loader`: 'auto' (LOAD DATA LOCAL where exact, the default) or 'insert' (multi-row INSERT). */
async function writeCutoverTask(root, source, target, loader) {
  const endpoint = ({ host, port, user }) => ({ kind: 'mysql', host, port, user });
  const task = {
    name: `bench-full-${loader}`,
    source: endpoint(source),
    target: endpoint(target),
    objects: [{ database: DB, tables: ['*'] }],
    steps: ['schema', 'full'],
    options: { concurrency: 4, loader },
  };
  const file = join(root, `task-${loader}.json`);
  await writeFile(file, `${JSON.stringify(task, null, 2)}\n`);
  return file;
}

/** The source tables as files on the target's disk (both servers share this machine). */
async function exportForLoadData(root, source, tables) {
  const dir = join(root, 'outfiles');
  await mkdir(dir);
  const files = {};
  const ddl = {};
  for (const table of tables) {
    const from = `${quoteName(DB)}.${quoteName(table)}`;
    files[table] = join(dir, `${table}.tsv`);
    // CHARACTER SET binary here and in the LOAD: the bytes go through unconverted.
    await query(source, `SELECT * INTO OUTFILE ? CHARACTER SET binary FROM ${from}`, [
      files[table],
    ]);
    const [row] = await query(source, `SHOW CREATE TABLE ${from}`);
    ddl[table] = row['Create Table'];
  }
  return { files, ddl };
}

// ---- runs ---------------------------------------------------------------------------------------

/**
 * Every run starts from an empty target database. RESET MASTER drops the binlog of earlier runs,
 * so that no run pays for a previous one's files; sync makes the kernel write out what earlier
 * runs left in the page cache, which would otherwise compete for the disk with this run.
 */
async function emptyTarget(target) {
  await query(target, `DROP DATABASE IF EXISTS ${DB}`);
  await query(target, 'RESET MASTER');
  await query(target, `CREATE DATABASE ${DB}`);
  await mustRun('sync', []);
}

/** One timed run on an emptied target; a run whose copy differs from the source is a failure. */
async function attempt(contender, ctx, n) {
  await emptyTarget(ctx.target);
  try {
    const result = await contender.run(ctx, n);
    const diff = await differences(ctx.target, ctx.queries, ctx.expected);
    if (diff) return { ok: false, reason: `the target's data differs: ${diff}` };
    return { ok: true, ...result };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** Every contender `runs` times; resolves with their outcomes by key, or null when stopped. */
async function runContenders(ctx, runs) {
  const outcomes = new Map(CONTENDERS.map((c) => [c.key, []]));
  // Contenders take turns within each run, so that a noisy minute on this machine spreads over
  // all of them instead of landing on one.
  for (let n = 1; n <= runs; n++) {
    for (const contender of CONTENDERS) {
      const outcome = await attempt(contender, ctx, n);
      if (stopRequested()) return null;
      outcomes.get(contender.key).push(outcome);
      const shown = outcome.ok ? formatSeconds(outcome.seconds) : `failed: ${outcome.reason}`;
      progress(`run ${n}/${runs} ${contender.label}: ${shown}`);
    }
  }
  return outcomes;
}

// ---- main ---------------------------------------------------------------------------------------

export async function main(args) {
  const { opts, exit } = startBenchmark(args, {
    benchmark: 'full-copy',
    usage: USAGE,
    parse: parseSizeOptions,
    tools: TOOLS,
  });
  if (exit !== undefined) return exit;

  progress('starting two MariaDB servers');
  const { root, source, target } = await startServers(['source', 'target']);
  progress(`sysbench prepare: ${opts.tables} tables × ${formatCount(opts.rows)} rows`);
  const tables = await fillSource(source, opts);
  progress('fingerprinting the source and exporting it for LOAD DATA');
  const queries = await fingerprintQueries(source, DB, tables);
  const ctx = {
    db: DB,
    tables,
    source,
    target,
    root,
    queries,
    expected: await fingerprint(source, queries),
    taskFile: await writeCutoverTask(root, source, target, 'auto'),
    insertTaskFile: await writeCutoverTask(root, source, target, 'insert'),
    outfiles: await exportForLoadData(root, source, tables),
  };

  const outcomes = await runContenders(ctx, opts.runs);
  if (!outcomes) return 130;

  const totalRows = opts.rows * opts.tables;
  const summaries = CONTENDERS.map((c) => summarizeContender(c, outcomes.get(c.key), totalRows));
  const result = {
    ...(await runFacts('full', source, REPO)),
    tables: opts.tables,
    rowsPerTable: opts.rows,
    rows: totalRows,
    runs: opts.runs,
    summaries,
    ratios: ratios(summaries),
    cutoverPeakRssMb: summaries.find((s) => s.key === 'cutover').peakRssMb,
    totalSeconds: round((performance.now() - started) / 1000, 1),
  };
  printReport(result);
  if (opts.json) console.log(JSON.stringify(result));
  return 0;
}
