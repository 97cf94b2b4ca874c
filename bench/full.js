// `npm run bench -- full`: Cutover's full copy of sysbench's tables from one MariaDB server to
// another, next to the reference tools measured in the same run, on the same two servers:
// mydumper + myloader, mariadb-dump | mariadb, and LOAD DATA INFILE (the target's ingest limit).

import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { onCleanup, stopRequested } from './support/cleanup.js';
import { MARIADBD, cliArgs, connect, startMariaDb } from './support/mariadb.js';
import { canRun, mustRun, run, runPipe } from './support/proc.js';
import { formatCount, formatSeconds, round, summarize } from './support/stats.js';

const DB = 'sbtest';
const REPO = fileURLToPath(new URL('..', import.meta.url));
const CUTOVER = join(REPO, 'bin', 'cutover.js');
/** GNU time reports the peak RSS of the command it runs, exactly, after the command ends. */
const GNU_TIME = '/usr/bin/time';
/** The peak memory the full copy must stay under (the issue's goal). */
const RSS_GOAL_MB = 300;

const USAGE = `Usage: npm run bench -- full [--rows N] [--tables N] [--runs N] [--json]

Starts two throwaway MariaDB servers, fills the first with sysbench's oltp tables and copies them
to the second with Cutover and with the reference tools, each --runs times on an emptied target.
Prints the median time of each, rows/s, the ratios and Cutover's peak memory.

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

const started = performance.now();

function progress(message) {
  const at = ((performance.now() - started) / 1000).toFixed(1).padStart(7);
  console.error(`[${at} s] ${message}`);
}

class UsageError extends Error {}

function positiveInt(values, name, fallback) {
  const text = values[name];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name}: expected a positive integer, got "${text}"`);
  return n;
}

function parseOptions(args) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        rows: { type: 'string' },
        tables: { type: 'string' },
        runs: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    throw new UsageError(e.message);
  }
  const { values } = parsed;
  return {
    help: values.help,
    rows: positiveInt(values, 'rows', 250_000),
    tables: positiveInt(values, 'tables', 4),
    runs: positiveInt(values, 'runs', 3),
    json: values.json,
  };
}

/** Says which packages to install when a program is missing; the benchmark installs nothing. */
function missingPackages() {
  const packages = new Set(TOOLS.filter(([cmd]) => !canRun(cmd)).map(([, pkg]) => pkg));
  return [...packages];
}

async function sql(server, statement, params) {
  const conn = await connect(server);
  try {
    const [rows] = await conn.query(statement, params);
    return rows;
  } finally {
    await conn.end();
  }
}

const quote = (name) => `\`${name.replaceAll('`', '``')}\``;

// ---- set-up (not timed) ----------------------------------------------------------------------

async function startServers() {
  const root = await mkdtemp(join(os.tmpdir(), 'cutover-bench-'));
  // Registered first, so it runs last: after the servers using it have stopped.
  // Retries: a server that has just stopped may still be closing files in it.
  onCleanup(() => rm(root, { recursive: true, force: true, maxRetries: 5 }));
  const [source, target] = await Promise.all([
    startMariaDb({ dir: join(root, 'source'), serverId: 1 }),
    startMariaDb({ dir: join(root, 'target'), serverId: 2 }),
  ]);
  return { root, source, target };
}

async function fillSource(source, opts) {
  await sql(source, `CREATE DATABASE ${DB}`);
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
  const rows = await sql(
    source,
    `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME`,
    [DB],
  );
  return rows.map((r) => r.name);
}

/**
 * One query per table giving its row count and a sum of CRC32s over every column: cheap enough to
 * run after each copy, and equal on both sides only when the rows are.
 */
async function fingerprintQueries(source, tables) {
  const rows = await sql(
    source,
    `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS col FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [DB],
  );
  return tables.map((table) => {
    const columns = rows.filter((r) => r.tbl === table).map((r) => quote(r.col));
    const crc = `SUM(CRC32(CONCAT_WS('#', ${columns.join(', ')})))`;
    return {
      table,
      query: `SELECT COUNT(*) AS n, COALESCE(${crc}, 0) AS crc FROM ${quote(DB)}.${quote(table)}`,
    };
  });
}

async function fingerprint(server, queries) {
  return Promise.all(
    queries.map(async ({ table, query }) => {
      try {
        const [{ n, crc }] = await sql(server, query);
        return { table, n: String(n), crc: String(crc) };
      } catch (e) {
        return { table, error: e.message };
      }
    }),
  );
}

/** What differs between the target's tables and the source's, or '' when nothing does. */
async function differences(target, queries, expected) {
  const actual = await fingerprint(target, queries);
  return actual
    .map((got, i) => {
      const want = expected[i];
      if (got.error) return `${got.table}: ${got.error}`;
      if (got.n !== want.n) return `${got.table}: ${got.n} rows, expected ${want.n}`;
      if (got.crc !== want.crc) return `${got.table}: same row count, different checksum`;
      return '';
    })
    .filter(Boolean)
    .join('; ');
}

/**
 * Every run starts from an empty target database. RESET MASTER drops the binlog of earlier runs,
 * so that no run pays for a previous one's files.
 */
async function emptyTarget(target) {
  await sql(target, `DROP DATABASE IF EXISTS ${DB}`);
  await sql(target, 'RESET MASTER');
  await sql(target, `CREATE DATABASE ${DB}`);
}

async function writeCutoverTask(root, source, target) {
  const endpoint = (server) => ({
    kind: 'mysql',
    host: server.host,
    port: server.port,
    user: server.user,
  });
  const task = {
    name: 'bench-full',
    source: endpoint(source),
    target: endpoint(target),
    objects: [{ database: DB, tables: ['*'] }],
    steps: ['schema', 'full'],
    options: { concurrency: 4 },
  };
  const file = join(root, 'task.json');
  await writeFile(file, `${JSON.stringify(task, null, 2)}\n`);
  return file;
}

/** The source tables as files on the target's disk (both servers share this machine). */
async function exportForLoadData(root, source, tables) {
  const dir = join(root, 'outfiles');
  await mkdir(dir);
  const files = {};
  for (const table of tables) {
    files[table] = join(dir, `${table}.tsv`);
    // CHARACTER SET binary on both ends: the bytes go through unconverted.
    await sql(
      source,
      `SELECT * INTO OUTFILE ? CHARACTER SET binary FROM ${quote(DB)}.${quote(table)}`,
      [files[table]],
    );
  }
  const ddl = {};
  for (const table of tables) {
    const [row] = await sql(source, `SHOW CREATE TABLE ${quote(DB)}.${quote(table)}`);
    ddl[table] = row['Create Table'];
  }
  return { files, ddl };
}

// ---- contenders: each resolves with { seconds } or rejects with why it failed -----------------

/**
 * The line of a command's output that says why it stopped: the first one mentioning an error
 * (a crash's stack trace follows its message), else the last non-empty line.
 */
function why(output) {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.find((l) => /error|critical/i.test(l)) ?? lines.at(-1) ?? '(no output)';
}

function failure(result) {
  return new Error(`${result.reason}: ${why(result.output)}`);
}

/** Cutover's own account of a failed run: the last error object of its `--json` output. */
function cutoverError(output) {
  const errors = output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        return undefined;
      }
    })
    .filter((event) => event?.type === 'error');
  const last = errors.at(-1);
  return last ? `${last.code}: ${last.message}` : undefined;
}

/** The peak RSS in kB that GNU time wrote last in `file` (after any "Command exited" line). */
async function peakRssKb(file) {
  const lines = (await readFile(file, 'utf8')).trim().split('\n');
  const kb = Number(lines.at(-1));
  return Number.isFinite(kb) ? kb : undefined;
}

async function cutover(ctx, n) {
  const stateDir = join(ctx.root, `cutover-state-${n}`);
  const rssFile = join(ctx.root, `cutover-rss-${n}`);
  try {
    const result = await run(
      GNU_TIME,
      [
        '-f',
        '%M',
        '-o',
        rssFile,
        process.execPath,
        CUTOVER,
        'run',
        ctx.taskFile,
        '--until',
        'full-done',
        '--state-dir',
        stateDir,
        '--json',
      ],
      { cwd: REPO },
    );
    if (!result.ok) {
      const reason = cutoverError(result.output) ?? why(result.output);
      throw new Error(`cutover exited with code ${result.code}: ${reason}`);
    }
    return { seconds: result.seconds, peakRssKb: await peakRssKb(rssFile) };
  } finally {
    await rm(stateDir, { recursive: true, force: true });
    await rm(rssFile, { force: true });
  }
}

async function mydumperMyloader(ctx, n) {
  const dir = join(ctx.root, `mydumper-${n}`);
  try {
    const dump = await run('mydumper', [...cliArgs(ctx.source), '-B', DB, '-t', '2', '-o', dir]);
    if (!dump.ok) throw failure(dump);
    // -e: myloader skips the binlog unless told; every other contender's writes are logged.
    const load = await run('myloader', [
      ...cliArgs(ctx.target),
      '-d',
      dir,
      '-t',
      '2',
      '-B',
      DB,
      '-o',
      '-e',
    ]);
    if (!load.ok) throw failure(load);
    return { seconds: dump.seconds + load.seconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function dumpPipe(ctx) {
  // --no-defaults: no option file of this machine changes what is measured.
  const result = await runPipe(
    ['mariadb-dump', ['--no-defaults', ...cliArgs(ctx.source), '--single-transaction', DB]],
    ['mariadb', ['--no-defaults', ...cliArgs(ctx.target), DB]],
  );
  if (!result.ok) throw failure(result);
  return { seconds: result.seconds };
}

async function loadData(ctx) {
  const { files, ddl } = ctx.outfiles;
  const conns = await Promise.all(ctx.tables.map(() => connect(ctx.target, DB)));
  try {
    for (const table of ctx.tables) await conns[0].query(ddl[table]);
    const began = performance.now();
    await Promise.all(
      ctx.tables.map((table, i) =>
        conns[i].query(`LOAD DATA INFILE ? INTO TABLE ${quote(table)} CHARACTER SET binary`, [
          files[table],
        ]),
      ),
    );
    return { seconds: (performance.now() - began) / 1000 };
  } finally {
    await Promise.all(conns.map((c) => c.end()));
  }
}

const CONTENDERS = [
  { key: 'cutover', label: 'Cutover (concurrency 4)', run: cutover },
  { key: 'mydumper', label: 'mydumper + myloader (2 threads)', run: mydumperMyloader },
  { key: 'dumpPipe', label: 'mariadb-dump | mariadb', run: dumpPipe },
  { key: 'loadData', label: 'LOAD DATA INFILE (tables in parallel)', run: loadData },
];

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

// ---- report ------------------------------------------------------------------------------------

function summarizeContender(contender, outcomes, totalRows) {
  const good = outcomes.filter((o) => o.ok);
  const stats = summarize(good.map((o) => o.seconds));
  const rss = good.map((o) => o.peakRssKb).filter((kb) => kb !== undefined);
  return {
    key: contender.key,
    label: contender.label,
    runs: outcomes.length,
    ok: good.length,
    seconds: good.map((o) => round(o.seconds)),
    median: stats ? round(stats.median) : null,
    min: stats ? round(stats.min) : null,
    max: stats ? round(stats.max) : null,
    rowsPerSecond: stats ? Math.round(totalRows / stats.median) : null,
    peakRssMb: rss.length > 0 ? round(Math.max(...rss) / 1024, 1) : null,
    failures: [...new Set(outcomes.filter((o) => !o.ok).map((o) => o.reason))],
  };
}

/** Cutover's median time over each reference's: below 1 means Cutover was faster. */
function ratios(summaries) {
  const byKey = Object.fromEntries(summaries.map((s) => [s.key, s]));
  const ratio = (key) =>
    byKey.cutover.median !== null && byKey[key].median !== null
      ? round(byKey.cutover.median / byKey[key].median, 2)
      : null;
  return {
    'cutover/mydumper+myloader': ratio('mydumper'),
    'cutover/dump|load': ratio('dumpPipe'),
    'cutover/loaddata': ratio('loadData'),
  };
}

function printReport(result) {
  const { summaries } = result;
  const width = Math.max(...summaries.map((s) => s.label.length)) + 2;
  const lines = [
    '',
    `Full copy: ${result.tables} tables × ${formatCount(result.rowsPerTable)} rows = ${formatCount(result.rows)} rows; ` +
      `${result.runs} run(s) each; MariaDB ${result.machine.mariadb} on both sides; ${result.machine.cores} cores`,
    `${''.padEnd(width)}${'median'.padStart(10)}${'min'.padStart(10)}${'max'.padStart(10)}${'rows/s'.padStart(12)}${'ok'.padStart(7)}`,
  ];
  for (const s of summaries) {
    const ok = `${s.ok}/${s.runs}`.padStart(7);
    if (s.median === null) {
      lines.push(`${s.label.padEnd(width)}${'failed'.padStart(10)}${''.padStart(32)}${ok}`);
    } else {
      const cells = [s.median, s.min, s.max].map((v) => formatSeconds(v).padStart(10)).join('');
      lines.push(
        `${s.label.padEnd(width)}${cells}${formatCount(s.rowsPerSecond).padStart(12)}${ok}`,
      );
    }
    for (const reason of s.failures) lines.push(`${''.padEnd(4)}failed: ${reason}`);
  }
  lines.push(
    '',
    'Ratios (Cutover median time / reference median time; below 1.00 = Cutover faster):',
  );
  for (const [name, value] of Object.entries(result.ratios)) {
    lines.push(`  ${name.padEnd(28)}${value === null ? 'n/a' : value.toFixed(2)}`);
  }
  const rss = result.cutoverPeakRssMb;
  lines.push(
    '',
    `Cutover peak RSS: ${rss === null ? 'n/a (no successful run)' : `${rss} MB`} (goal < ${RSS_GOAL_MB} MB)`,
    `Benchmark took ${formatSeconds(result.totalSeconds)}.`,
  );
  console.log(lines.join('\n'));
}

// ---- main ---------------------------------------------------------------------------------------

export async function main(args) {
  let opts;
  try {
    opts = parseOptions(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const missing = missingPackages();
  if (missing.length > 0) {
    console.error(
      `The full-copy benchmark needs programs that are not installed. Install them with:\n\n  sudo apt-get install -y ${missing.join(' ')}\n`,
    );
    return 1;
  }

  progress('starting two MariaDB servers');
  const { root, source, target } = await startServers();
  progress(`sysbench prepare: ${opts.tables} tables × ${formatCount(opts.rows)} rows`);
  const tables = await fillSource(source, opts);
  progress('fingerprinting the source and exporting it for LOAD DATA');
  const queries = await fingerprintQueries(source, tables);
  const ctx = {
    root,
    source,
    target,
    tables,
    queries,
    expected: await fingerprint(source, queries),
    taskFile: await writeCutoverTask(root, source, target),
    outfiles: await exportForLoadData(root, source, tables),
  };

  // Contenders take turns within each run, so that a noisy minute on this machine spreads over
  // all of them instead of landing on one.
  const outcomes = new Map(CONTENDERS.map((c) => [c.key, []]));
  for (let n = 1; n <= opts.runs; n++) {
    for (const contender of CONTENDERS) {
      const outcome = await attempt(contender, ctx, n);
      if (stopRequested()) return 130;
      outcomes.get(contender.key).push(outcome);
      const shown = outcome.ok ? formatSeconds(outcome.seconds) : `failed: ${outcome.reason}`;
      progress(`run ${n}/${opts.runs} ${contender.label}: ${shown}`);
    }
  }

  const totalRows = opts.rows * opts.tables;
  const summaries = CONTENDERS.map((c) => summarizeContender(c, outcomes.get(c.key), totalRows));
  const [{ version }] = await sql(source, 'SELECT VERSION() AS version');
  const result = {
    bench: 'full',
    date: new Date().toISOString(),
    machine: {
      cores: os.availableParallelism(),
      cpu: os.cpus()[0]?.model,
      mariadb: version,
      node: process.version,
    },
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
