// The incremental benchmark's figures: catch-up medians and their ratio against the native
// replica, lag percentiles of the steady state, each next to the goal.

import { formatCount, formatSeconds, round, summarize } from '../support/stats.js';

/** The goals. */
export const GOALS = { catchUpRatio: 0.7, lagP50Ms: 50, lagP99Ms: 500 };

/** The nearest-rank percentile `p` of `values` (as Cutover's own lag meter computes it). */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

/** Median, min and max of some catch-up times, with the backlog's median rate at that median. */
export function summarizeTimes(seconds, transactions) {
  const stats = summarize(seconds);
  const txn = summarize(transactions);
  if (!stats) return null;
  return {
    seconds: seconds.map((s) => round(s)),
    median: round(stats.median),
    min: round(stats.min),
    max: round(stats.max),
    transactionsPerSecond: txn ? Math.round(txn.median / stats.median) : null,
  };
}

function verdict(value, goal) {
  if (value === null || value === undefined) return 'n/a';
  return value <= goal ? 'met' : 'NOT met';
}

function ms(value) {
  return value === null || value === undefined ? 'n/a' : `${formatCount(value)} ms`;
}

function replicaLabel(replica) {
  return replica.parallelThreads === 0
    ? 'serial apply'
    : `${replica.parallelThreads} parallel threads, ${replica.parallelMode}`;
}

function catchUpLines(result) {
  const { catchUp, replica } = result;
  const rows = [
    [`Cutover (applyWorkers ${result.applyWorkers})`, catchUp.cutover],
    [`MariaDB replica (${replicaLabel(replica)})`, catchUp.replica],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const header =
    ['median', 'min', 'max'].map((h) => h.padStart(10)).join('') + 'txn/s'.padStart(10);
  const perRun = catchUp.runs.map((r) => {
    const ratio = r.cutoverSeconds / r.replicaSeconds;
    return (
      `${String(r.run).padStart(5)}${formatCount(r.backlog.transactions).padStart(13)}` +
      `${formatCount(r.backlog.transactionsPerSecond).padStart(10)}` +
      `${r.first.padStart(10)}${formatSeconds(r.cutoverSeconds).padStart(11)}` +
      `${formatSeconds(r.replicaSeconds).padStart(11)}${ratio.toFixed(2).padStart(8)}`
    );
  });
  return [
    `Catch-up after a ${result.backlogSeconds} s backlog (sysbench oltp_write_only, ` +
      `${result.sysbenchThreads} threads, unthrottled) created while both were stopped;`,
    'before each timed catch-up every server writes out its dirty InnoDB pages, then sync:',
    '',
    `${''.padEnd(width)}${header}`,
    ...rows.map(
      ([label, s]) =>
        `${label.padEnd(width)}` +
        [s.median, s.min, s.max].map((v) => formatSeconds(v).padStart(10)).join('') +
        formatCount(s.transactionsPerSecond).padStart(10),
    ),
    '',
    '  run  backlog txn  written/s     first    Cutover    replica   ratio',
    ...perRun,
    '',
    `Ratio, Cutover median / replica median: ${catchUp.ratio.toFixed(2)} ` +
      `(goal ≤ ${GOALS.catchUpRatio.toFixed(2)}: ${verdict(catchUp.ratio, GOALS.catchUpRatio)}); ` +
      `median of the per-run ratios: ${catchUp.medianRunRatio.toFixed(2)}`,
  ];
}

function steadyLines(result) {
  const s = result.steady;
  if (!s) return ['Steady state: skipped (--skip-steady).'];
  const exit = s.sigint.killed
    ? `did not stop within a minute and was killed (expected exit 130)`
    : `exit ${s.sigint.code ?? s.sigint.signal} after ${formatSeconds(s.sigint.seconds)} ` +
      `(expected 130${s.sigint.code === 130 ? '' : ': WRONG'})`;
  return [
    `Steady state: sysbench oltp_write_only --rate ${s.rate} for ${s.seconds} s ` +
      `(${result.sysbenchThreads} threads; ${formatCount(s.sysbench.transactionsPerSecond)} txn/s ` +
      `achieved) while Cutover streams (run without --until):`,
    '',
    `  lag samples (polled once a second)  ${s.samples.length}` +
      (s.readsWithoutLag > 0
        ? ` (and ${s.readsWithoutLag} fresh read(s) where Cutover had no lag figure: lagMs null)`
        : ''),
    `  p50                                 ${ms(s.lagP50Ms).padEnd(10)}` +
      ` goal ≤ ${GOALS.lagP50Ms} ms: ${verdict(s.lagP50Ms, GOALS.lagP50Ms)}`,
    `  p99                                 ${ms(s.lagP99Ms).padEnd(10)}` +
      ` goal ≤ ${GOALS.lagP99Ms} ms: ${verdict(s.lagP99Ms, GOALS.lagP99Ms)}`,
    `  min / max                           ${ms(s.lagMinMs)} / ${ms(s.lagMaxMs)}`,
    `  Cutover's own, last 60 s            p50 ${ms(s.engine?.lagP50Ms)}, ` +
      `p99 ${ms(s.engine?.lagP99Ms)}`,
    `  applied while streaming             ${formatCount(s.engine?.transactionsApplied ?? 0)} ` +
      `txn, ${formatCount(s.engine?.rowsApplied ?? 0)} rows`,
    `  SIGINT                              ${exit}`,
    `  caught up again afterwards          ${formatSeconds(s.resumeSeconds)} (run --until caught-up)`,
  ];
}

/** The human-readable report, on stdout. */
export function printReport(result) {
  const { machine, replica } = result;
  const lines = [
    '',
    `Incremental: sysbench oltp tables, ${result.tables} × ${formatCount(result.rowsPerTable)} ` +
      `rows = ${formatCount(result.rows)} rows; ${result.runs} catch-up run(s)`,
    `MariaDB ${machine.mariadb} on all three servers; ${machine.sysbench}; ${machine.cores} cores ` +
      `(load average ${machine.loadAverage.join(' → ')}); commit ${result.commit}`,
    `Replica: slave_parallel_threads=${replica.parallelThreads}, ` +
      `slave_parallel_mode=${replica.parallelMode}, ` +
      `log_slave_updates=${replica.logSlaveUpdates ? 'ON' : 'OFF'}; ` +
      `Cutover's target keeps its binlog on`,
    `Set-up (untimed): replica replayed the prepare in ${formatSeconds(result.setup.replicaSeconds)}; ` +
      `Cutover schema + full + catch-up in ${formatSeconds(result.setup.cutoverSeconds)}`,
    '',
    ...catchUpLines(result),
    '',
    ...steadyLines(result),
    '',
    `Data checked after every catch-up: same row count and CRC32 sum per table on source, ` +
      `target and replica (${result.checks} checks passed).`,
    `Benchmark took ${formatSeconds(result.totalSeconds)}.`,
  ];
  console.log(lines.join('\n'));
}
