// `npm run bench -- incremental`: Cutover's incremental step (binlog → target, parallel apply)
// on sysbench's oltp_write_only load. Two measurements on the same data, in one run:
//
// 1. Catch-up: a backlog written while Cutover and a native MariaDB replica are both stopped,
//    then the time each takes to apply it (`cutover run --until caught-up` against START SLAVE
//    until the replica has executed up to the backlog's end), taking turns, never at once.
// 2. Steady state: sysbench at a fixed rate while Cutover streams; its heartbeat lag sampled once
//    a second, and Cutover stopped with SIGINT afterwards.

import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { describePosition, firstBinlog, masterPosition } from './incremental/binlog.js';
import {
  REPO,
  openStreamStats,
  runUntilCaughtUp,
  startStreaming,
  waitForStream,
  writeTask,
} from './incremental/cutover.js';
import { configureReplica, replicateUntil, timeCatchUp } from './incremental/replica.js';
import { settle } from './incremental/settle.js';
import { GOALS, percentile, printReport, summarizeTimes } from './incremental/report.js';
import { DB, THREADS, prepare, writeOnly } from './incremental/sysbench.js';
import { stopRequested } from './support/cleanup.js';
import {
  integerOption,
  progressReporter,
  startBenchmark,
  runFacts,
  UsageError,
} from './support/cli.js';
import { differences, fingerprint, fingerprintQueries } from './support/fingerprint.js';
import { MARIADBD, startServers } from './support/mariadb.js';
import { run } from './support/proc.js';
import { formatCount, formatSeconds, round, summarize } from './support/stats.js';

const USAGE = `Usage: npm run bench -- incremental [options]

Starts three throwaway MariaDB servers (source, Cutover's target, a native replica), fills the
source with sysbench's oltp tables and copies them with Cutover (schema + full + incremental).
Then --runs times: a sysbench oltp_write_only backlog written while both are stopped, and the time
Cutover (\`run --until caught-up\`) and the replica (START SLAVE) each take to apply it, in turns.
Then the steady state: sysbench at --rate transactions/s while Cutover streams, its lag sampled
once a second, and Cutover stopped with SIGINT. Cutover runs from dist/: build it first
(npm run build).

  --rows N              rows per table (default 250000)
  --tables N            number of tables (default 4)
  --seconds N           how long sysbench writes each backlog (default 20)
  --runs N              catch-up runs, each on a fresh backlog (default 3)
  --replica-threads N   the replica's slave_parallel_threads, with slave_parallel_mode=optimistic
                        when N > 0 (default 0: MariaDB's default, one SQL thread in order)
  --apply-workers N     Cutover's options.applyWorkers (default 4)
  --steady-seconds N    how long sysbench runs in the steady state (default 60)
  --rate N              sysbench's transactions/s in the steady state (default 500)
  --skip-steady         measure the catch-up only
  --json                end with one line of JSON holding every figure`;

/** The programs this benchmark runs, with the Debian package that has each. */
const TOOLS = [
  ['sysbench', 'sysbench'],
  ['mariadb-install-db', 'mariadb-server'],
  [MARIADBD, 'mariadb-server'],
];

const progress = progressReporter();
const started = performance.now();

/** How long the steady state waits for Cutover's first lag figure before sysbench starts. */
const LAG_WAIT_MS = 15_000;
/** How long Cutover streams with nothing to do before the steady state's sysbench starts. */
const SETTLE_MS = 3_000;

// ---- options ------------------------------------------------------------------------------------

function parseOptions(args) {
  const numeric = [
    'rows',
    'tables',
    'seconds',
    'runs',
    'replica-threads',
    'apply-workers',
    'steady-seconds',
    'rate',
  ];
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        ...Object.fromEntries(numeric.map((name) => [name, { type: 'string' }])),
        'skip-steady': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError(e.message);
  }
  return {
    help: values.help,
    rows: integerOption(values, 'rows', 250_000, 1),
    tables: integerOption(values, 'tables', 4, 1),
    seconds: integerOption(values, 'seconds', 20, 1),
    runs: integerOption(values, 'runs', 3, 1),
    replicaThreads: integerOption(values, 'replica-threads', 0, 0),
    applyWorkers: integerOption(values, 'apply-workers', 4, 1),
    steadySeconds: integerOption(values, 'steady-seconds', 60, 1),
    rate: integerOption(values, 'rate', 500, 1),
    skipSteady: values['skip-steady'],
    json: values.json,
  };
}

// ---- set-up (not timed) -------------------------------------------------------------------------

/**
 * Fails loudly unless every one of `servers` ([label, server]) holds the source's rows as
 * `expected` fingerprints them; `when` says which catch-up is being checked.
 */
async function checkData(ctx, servers, expected, when) {
  for (const [label, server] of servers) {
    const diff = await differences(server, ctx.queries, expected);
    if (diff)
      throw new Error(`after ${when}, the ${label}'s data differs from the source: ${diff}`);
    ctx.checks += 1;
  }
}

// ---- catch-up -----------------------------------------------------------------------------------

/** The writes Cutover and the replica then apply; resolves with sysbench's figures and the end. */
async function writeBacklog(ctx, opts, n) {
  progress(`run ${n}/${opts.runs}: backlog: sysbench oltp_write_only for ${opts.seconds} s`);
  const backlog = await writeOnly(ctx.source, opts, { seconds: opts.seconds });
  const until = await masterPosition(ctx.source);
  const expected = await fingerprint(ctx.source, ctx.queries);
  progress(
    `run ${n}/${opts.runs}: ${formatCount(backlog.transactions)} transactions ` +
      `(${formatCount(backlog.transactionsPerSecond)}/s), source binlog at ${describePosition(until)}`,
  );
  return { backlog, until, expected };
}

/** One catch-up run: a fresh backlog, then Cutover and the replica in turns, each checked. */
async function catchUpRun(ctx, opts, n) {
  const { backlog, until, expected } = await writeBacklog(ctx, opts, n);
  // Turns alternate: on this noisy 2-core machine neither side always gets the warmer caches.
  const order = n % 2 === 1 ? ['cutover', 'replica'] : ['replica', 'cutover'];
  const result = { run: n, first: order[0], backlog, until };
  for (const who of order) {
    // What sysbench or the other side left dirty (InnoDB pages, page cache) is written out first.
    await settle(ctx.servers);
    if (stopRequested()) return null;
    if (who === 'cutover') {
      const { seconds, stream } = await runUntilCaughtUp(ctx);
      result.cutoverSeconds = seconds;
      result.cutoverStream = stream;
      progress(`run ${n}/${opts.runs}: Cutover caught up in ${formatSeconds(seconds)}`);
      await checkData(ctx, [['target', ctx.target]], expected, `Cutover's catch-up of run ${n}`);
    } else {
      const seconds = await timeCatchUp(ctx.replica, until);
      result.replicaSeconds = seconds;
      progress(`run ${n}/${opts.runs}: the replica caught up in ${formatSeconds(seconds)}`);
      await checkData(
        ctx,
        [['replica', ctx.replica]],
        expected,
        `the replica's catch-up of run ${n}`,
      );
    }
  }
  return result;
}

function summarizeCatchUp(runs) {
  const transactions = runs.map((r) => r.backlog.transactions);
  const cutover = summarizeTimes(
    runs.map((r) => r.cutoverSeconds),
    transactions,
  );
  const replica = summarizeTimes(
    runs.map((r) => r.replicaSeconds),
    transactions,
  );
  const perRun = summarize(runs.map((r) => r.cutoverSeconds / r.replicaSeconds));
  return {
    cutover,
    replica,
    ratio: round(cutover.median / replica.median, 2),
    // Each run's pair applied the same backlog; backlogs differ a little between runs.
    medianRunRatio: round(perRun.median, 2),
    goalRatio: GOALS.catchUpRatio,
    runs: runs.map((r) => ({
      run: r.run,
      first: r.first === 'cutover' ? 'Cutover' : 'replica',
      backlog: {
        transactions: r.backlog.transactions,
        transactionsPerSecond: round(r.backlog.transactionsPerSecond, 1),
        ignoredErrors: r.backlog.ignoredErrors,
        seconds: round(r.backlog.seconds, 2),
        endsAt: describePosition(r.until),
      },
      cutoverSeconds: round(r.cutoverSeconds),
      replicaSeconds: round(r.replicaSeconds),
      ratio: round(r.cutoverSeconds / r.replicaSeconds, 2),
      cutoverApplied: r.cutoverStream
        ? {
            transactions: r.cutoverStream.transactionsApplied,
            rows: r.cutoverStream.rowsApplied,
          }
        : null,
    })),
  };
}

// ---- steady state -------------------------------------------------------------------------------

/**
 * sysbench at a fixed rate while Cutover streams; Cutover's lag read from its state store once a
 * second for as long as sysbench runs (a sample each time the figures were rewritten since the
 * last read). Then SIGINT, a catch-up run for what was left in flight, and the data check.
 */
async function steadyState(ctx, opts) {
  await settle(ctx.servers);
  const stats = openStreamStats(ctx.stateDir);
  const since = new Date().toISOString();
  progress('steady state: starting Cutover without --until');
  const streaming = startStreaming(ctx);
  const hasLag = await waitForStream(streaming, stats, since, LAG_WAIT_MS);
  if (hasLag) {
    // The first heartbeats it applies may be old ones, written before it started (a lag that
    // says how long it was stopped); a few seconds of streaming leave them out of the samples.
    await sleep(SETTLE_MS);
  } else {
    progress(
      `steady state: Cutover streams but has measured no lag in ${LAG_WAIT_MS / 1000} s ` +
        '(lagMs null); sampling anyway',
    );
  }
  progress(
    `steady state: sysbench oltp_write_only --rate ${opts.rate} for ${opts.steadySeconds} s, ` +
      'sampling the lag once a second',
  );
  let finished = false;
  const load = writeOnly(ctx.source, opts, { seconds: opts.steadySeconds, rate: opts.rate }).then(
    (figures) => ({ figures }),
    (error) => ({ error }),
  );
  load.then(() => (finished = true));

  const samples = [];
  let stale = 0;
  let withoutLag = 0;
  let lastUpdate = null;
  const began = performance.now();
  let next = began;
  while (!finished) {
    next += 1000;
    await sleep(Math.max(0, next - performance.now()));
    if (finished || stopRequested()) break;
    const exit = streaming.exited();
    if (exit) throw new Error(`cutover run exited with code ${exit.code}: ${streaming.why()}`);
    const latest = stats.latest();
    if (latest && latest.updatedAt !== lastUpdate && latest.stats.lagMs === null) {
      lastUpdate = latest.updatedAt;
      withoutLag += 1;
    } else if (latest && latest.updatedAt !== lastUpdate) {
      lastUpdate = latest.updatedAt;
      samples.push({
        atSeconds: round((performance.now() - began) / 1000, 1),
        lagMs: latest.stats.lagMs,
        transactionsPerSecond: round(latest.stats.eventsPerSecond, 1),
        inFlight: latest.stats.inFlight,
      });
      if (samples.length % 10 === 0) {
        progress(
          `steady state: ${samples.length} samples, lag now ${formatCount(latest.stats.lagMs)} ms, ` +
            `${formatCount(latest.stats.eventsPerSecond)} txn/s applied`,
        );
      }
    } else {
      stale += 1;
    }
  }
  const outcome = await load;
  if (outcome.error) throw outcome.error;
  const engine = stats.latest()?.stats ?? null;
  stats.close();

  progress('steady state: stopping Cutover with SIGINT');
  const sigint = await streaming.interrupt();
  progress(
    `steady state: Cutover exited with ${sigint.code ?? sigint.signal} after ` +
      `${formatSeconds(sigint.seconds)}; catching up on what it left`,
  );
  const expected = await fingerprint(ctx.source, ctx.queries);
  const resume = await runUntilCaughtUp(ctx);
  await checkData(ctx, [['target', ctx.target]], expected, 'the steady state and its SIGINT');

  const lags = samples.map((s) => s.lagMs);
  return {
    rate: opts.rate,
    seconds: opts.steadySeconds,
    sysbench: {
      transactions: outcome.figures.transactions,
      transactionsPerSecond: round(outcome.figures.transactionsPerSecond, 1),
      ignoredErrors: outcome.figures.ignoredErrors,
    },
    samples,
    staleReads: stale,
    readsWithoutLag: withoutLag,
    lagP50Ms: percentile(lags, 50),
    lagP99Ms: percentile(lags, 99),
    lagMinMs: lags.length > 0 ? Math.min(...lags) : null,
    lagMaxMs: lags.length > 0 ? Math.max(...lags) : null,
    goals: { lagP50Ms: GOALS.lagP50Ms, lagP99Ms: GOALS.lagP99Ms },
    engine: engine && {
      lagMs: engine.lagMs,
      lagP50Ms: engine.lagP50Ms,
      lagP99Ms: engine.lagP99Ms,
      lagSource: engine.lagSource,
      transactionsApplied: engine.transactionsApplied,
      rowsApplied: engine.rowsApplied,
    },
    sigint: {
      code: sigint.code,
      signal: sigint.signal ?? null,
      seconds: round(sigint.seconds, 2),
      killed: sigint.killed,
      ok: sigint.code === 130 && !sigint.killed,
    },
    resumeSeconds: round(resume.seconds),
  };
}

// ---- main ---------------------------------------------------------------------------------------

export async function main(args) {
  const { opts, exit } = startBenchmark(args, {
    benchmark: 'incremental',
    usage: USAGE,
    parse: parseOptions,
    tools: TOOLS,
  });
  if (exit !== undefined) return exit;

  progress('starting three MariaDB servers: source, target, replica');
  const { root, source, target, replica } = await startServers(['source', 'target', 'replica']);
  progress(`sysbench prepare: ${opts.tables} tables × ${formatCount(opts.rows)} rows`);
  const tables = await prepare(source, opts);
  const ctx = {
    source,
    target,
    replica,
    servers: [source, target, replica],
    root,
    stateDir: join(root, 'cutover-state'),
    taskFile: await writeTask(root, source, target, opts.applyWorkers),
    queries: await fingerprintQueries(source, DB, tables),
    checks: 0,
  };

  // The replica starts from the source's very first binlog event: sysbench's CREATE DATABASE and
  // prepare reach it the way they were written.
  const p0 = await masterPosition(source);
  const replicaSettings = await configureReplica(replica, source, {
    startFile: await firstBinlog(source),
    threads: opts.replicaThreads,
  });
  progress(`replica: replaying the source's binlog up to ${describePosition(p0)}`);
  const replicaSetupSeconds = await replicateUntil(replica, p0);
  progress(`replica: at ${describePosition(p0)} after ${formatSeconds(replicaSetupSeconds)}`);
  progress('Cutover: schema + full copy + incremental (run --until caught-up)');
  const first = await runUntilCaughtUp(ctx);
  progress(`Cutover: caught up after ${formatSeconds(first.seconds)}`);
  await checkData(
    ctx,
    [
      ['target', target],
      ['replica', replica],
    ],
    await fingerprint(source, ctx.queries),
    'the set-up',
  );

  const runs = [];
  for (let n = 1; n <= opts.runs; n++) {
    const result = await catchUpRun(ctx, opts, n);
    if (!result || stopRequested()) return 130;
    runs.push(result);
  }
  const steady = opts.skipSteady ? null : await steadyState(ctx, opts);
  if (stopRequested()) return 130;

  const result = {
    ...(await runFacts('incremental', source, REPO, {
      sysbench: (await run('sysbench', ['--version'])).output.trim(),
    })),
    tables: opts.tables,
    rowsPerTable: opts.rows,
    rows: opts.tables * opts.rows,
    runs: opts.runs,
    backlogSeconds: opts.seconds,
    sysbenchThreads: THREADS,
    applyWorkers: opts.applyWorkers,
    replica: replicaSettings,
    setup: {
      replicaSeconds: round(replicaSetupSeconds),
      cutoverSeconds: round(first.seconds),
    },
    catchUp: summarizeCatchUp(runs),
    steady,
    checks: ctx.checks,
    totalSeconds: round((performance.now() - started) / 1000, 1),
  };
  printReport(result);
  if (opts.json) console.log(JSON.stringify(result));
  return steady && !steady.sigint.ok ? 1 : 0;
}
