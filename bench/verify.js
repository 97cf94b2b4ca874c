// `npm run bench -- verify`: Cutover's verification (`cutover verify`: chunked checksums of every
// copied table on the source and the target in parallel, then the rows of differing chunks) next
// to the reference tools measured in the same run, on the same data: pt-table-checksum on the
// source alone (what it does without replicas), and CHECKSUM TABLE on each side. Then a check
// that Cutover does see a difference: one row changed on the target.

import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { settle } from './incremental/settle.js';
import { DB, prepare } from './incremental/sysbench.js';
import { stopRequested } from './support/cleanup.js';
import { parseSizeOptions, progressReporter, startBenchmark, runFacts } from './support/cli.js';
import { differences, fingerprint, fingerprintQueries } from './support/fingerprint.js';
import { MARIADBD, startServers } from './support/mariadb.js';
import { run } from './support/proc.js';
import { formatCount, formatSeconds, round } from './support/stats.js';
import { CONTENDERS, PT_TABLE_CHECKSUM } from './verify/contenders.js';
import { copy, REPO, writeTask } from './verify/cutover.js';
import { checkDetection } from './verify/difference.js';
import {
  GOAL_RATIO,
  printReport,
  ratios,
  summarizeChecksumSides,
  summarizeContender,
} from './verify/report.js';

const USAGE = `Usage: npm run bench -- verify [--rows N] [--tables N] [--runs N] [--json]

Starts two throwaway MariaDB servers, fills the first with sysbench's oltp tables and copies them
to the second with Cutover (untimed). Then --runs times, taking turns in alternating order:
Cutover's verification of both servers (\`cutover verify\`), pt-table-checksum on the source
alone, and CHECKSUM TABLE on the source and on the target. Prints the median time of each,
rows/s and Cutover's time relative to the others. Last, one row is changed on the target and
\`cutover verify\` must find it. Cutover runs from dist/: build it first (npm run build).

  --rows N     rows per table (default 250000)
  --tables N   number of tables (default 4)
  --runs N     runs per contender (default 3)
  --json       end with one line of JSON holding every figure`;

/** The programs this benchmark runs, with the Debian package that has each. */
const TOOLS = [
  ['sysbench', 'sysbench'],
  [PT_TABLE_CHECKSUM, 'percona-toolkit'],
  ['mariadb-install-db', 'mariadb-server'],
  [MARIADBD, 'mariadb-server'],
];

const progress = progressReporter();
const started = performance.now();

// ---- options ------------------------------------------------------------------------------------

// ---- set-up (not timed) -------------------------------------------------------------------------

/** `pt-table-checksum 3.2.1`, as it prints its version. */
async function ptVersion() {
  const result = await run(PT_TABLE_CHECKSUM, ['--version']);
  return result.ok ? result.output.trim() : PT_TABLE_CHECKSUM;
}

// ---- runs ---------------------------------------------------------------------------------------

/** One timed check; a check that fails, or finds the copy inconsistent, is a failure. */
async function attempt(contender, ctx) {
  // What the copy or the previous check left dirty (InnoDB pages, page cache) is written first.
  await settle([ctx.source, ctx.target]);
  try {
    return { ok: true, ...(await contender.run(ctx)) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

function shown(outcome) {
  if (!outcome.ok) return `failed: ${outcome.reason}`;
  if (outcome.sourceSeconds === undefined) return formatSeconds(outcome.seconds);
  return (
    `${formatSeconds(outcome.seconds)} (source ${formatSeconds(outcome.sourceSeconds)}, ` +
    `target ${formatSeconds(outcome.targetSeconds)})`
  );
}

/** Every contender `runs` times; resolves with their outcomes by key, or null when stopped. */
async function runContenders(ctx, runs) {
  const outcomes = new Map(CONTENDERS.map((c) => [c.key, []]));
  const perRun = [];
  for (let n = 1; n <= runs; n++) {
    // Turns alternate: on a noisy machine no contender always goes first (or last).
    const order = n % 2 === 1 ? CONTENDERS : [...CONTENDERS].reverse();
    const row = { run: n, first: order[0].short, outcomes: {} };
    for (const contender of order) {
      const outcome = await attempt(contender, ctx);
      if (stopRequested()) return null;
      outcomes.get(contender.key).push(outcome);
      row.outcomes[contender.key] = outcome;
      progress(`run ${n}/${runs} ${contender.label}: ${shown(outcome)}`);
    }
    perRun.push(row);
  }
  return { outcomes, perRun };
}

/** A run's outcomes, rounded for the JSON output. */
function runFigures(row) {
  const figures = (o) =>
    o.ok
      ? Object.fromEntries(
          Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v]),
        )
      : { ok: false, reason: o.reason };
  return {
    run: row.run,
    first: row.first,
    outcomes: Object.fromEntries(Object.entries(row.outcomes).map(([k, o]) => [k, figures(o)])),
  };
}

// ---- main ---------------------------------------------------------------------------------------

export async function main(args) {
  const { opts, exit } = startBenchmark(args, {
    benchmark: 'verify',
    usage: USAGE,
    parse: parseSizeOptions,
    tools: TOOLS,
  });
  if (exit !== undefined) return exit;

  progress('starting two MariaDB servers');
  const { root, source, target } = await startServers(['source', 'target']);
  progress(`sysbench prepare: ${opts.tables} tables × ${formatCount(opts.rows)} rows`);
  const prepareBegan = performance.now();
  const tables = await prepare(source, opts);
  const prepareSeconds = (performance.now() - prepareBegan) / 1000;
  const queries = await fingerprintQueries(source, DB, tables);
  const ctx = {
    db: DB,
    tables,
    rowsPerTable: opts.rows,
    rows: opts.rows * opts.tables,
    source,
    target,
    root,
    stateDir: join(root, 'cutover-state'),
    taskFile: await writeTask(root, source, target, DB),
    queries,
    expected: await fingerprint(source, queries),
  };

  progress('Cutover: schema + full copy (run --until full-done)');
  const copySeconds = await copy(ctx);
  progress(`Cutover: copied in ${formatSeconds(copySeconds)}; checking the copy`);
  // Independent of every contender: row counts and CRC32 sums. It also reads every table on both
  // servers once, so that no contender's first run pays for a cold buffer pool.
  const diff = await differences(target, queries, ctx.expected);
  if (diff) throw new Error(`after Cutover's copy, the target differs from the source: ${diff}`);

  const runs = await runContenders(ctx, opts.runs);
  if (!runs) return 130;

  progress('difference check: one row changed on the target, then cutover verify');
  const detection = await checkDetection(ctx);
  if (stopRequested()) return 130;
  progress(
    `difference check: cutover verify exited ${detection.exitCode} in ` +
      `${formatSeconds(detection.seconds)}: ${detection.ok ? 'detected' : detection.reason}`,
  );

  const summaries = CONTENDERS.map((c) =>
    summarizeContender(c, runs.outcomes.get(c.key), ctx.rows),
  );
  const result = {
    ...(await runFacts('verify', source, REPO, { ptTableChecksum: await ptVersion() })),
    tables: opts.tables,
    rowsPerTable: opts.rows,
    rows: ctx.rows,
    runs: opts.runs,
    setup: { prepareSeconds: round(prepareSeconds), copySeconds: round(copySeconds) },
    summaries,
    checksumTableSides: summarizeChecksumSides(runs.outcomes.get('checksumTable'), ctx.rows),
    ratios: ratios(summaries),
    goalRatio: GOAL_RATIO,
    perRun: runs.perRun,
    detection,
    totalSeconds: round((performance.now() - started) / 1000, 1),
  };
  printReport(result);
  if (opts.json) console.log(JSON.stringify({ ...result, perRun: result.perRun.map(runFigures) }));
  const failed = summaries.some((s) => s.ok < s.runs) || !detection.ok || !detection.restored;
  return failed ? 1 : 0;
}
