// The full-copy benchmark's figures: per contender the median of its successful runs (a run
// that failed or copied wrong data has no time), rows/s, and Cutover's time against each
// reference tool's.

import { formatCount, formatSeconds, round, summarize } from '../support/stats.js';

/** The peak memory the full copy must stay under (the issue's goal). */
const RSS_GOAL_MB = 300;

/** A contender's runs as figures; absent figures are null (they stay in the JSON output). */
export function summarizeContender(contender, outcomes, totalRows) {
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
export function ratios(summaries) {
  const median = (key) => summaries.find((s) => s.key === key).median;
  const ratio = (key, ours = 'cutover') =>
    median(ours) !== null && median(key) !== null ? round(median(ours) / median(key), 2) : null;
  return {
    'cutover/mydumper+myloader': ratio('mydumper'),
    'cutover/dump|load': ratio('dumpPipe'),
    'cutover/loaddata': ratio('loadData'),
    'cutover-insert/mydumper+myloader': ratio('mydumper', 'cutoverInsert'),
  };
}

function contenderLines(s, width) {
  const ok = `${s.ok}/${s.runs}`.padStart(7);
  const figures =
    s.median === null
      ? `${'failed'.padStart(10)}${''.padStart(32)}`
      : [s.median, s.min, s.max].map((v) => formatSeconds(v).padStart(10)).join('') +
        formatCount(s.rowsPerSecond).padStart(12);
  return [
    `${s.label.padEnd(width)}${figures}${ok}`,
    ...s.failures.map((reason) => `    failed: ${reason}`),
  ];
}

/** The human-readable report, on stdout. */
export function printReport(result) {
  const { summaries, machine } = result;
  const width = Math.max(...summaries.map((s) => s.label.length)) + 2;
  const columns = [
    'median'.padStart(10),
    'min'.padStart(10),
    'max'.padStart(10),
    'rows/s'.padStart(12),
    'ok'.padStart(7),
  ];
  const rss = result.cutoverPeakRssMb;
  const lines = [
    '',
    `Full copy: ${result.tables} tables × ${formatCount(result.rowsPerTable)} rows = ` +
      `${formatCount(result.rows)} rows; ${result.runs} run(s) each`,
    `MariaDB ${machine.mariadb} on both sides; ${machine.cores} cores; commit ${result.commit}`,
    '',
    `${''.padEnd(width)}${columns.join('')}`,
    ...summaries.flatMap((s) => contenderLines(s, width)),
    '',
    'Ratios (Cutover median time / reference median time; below 1.00 = Cutover faster):',
    ...Object.entries(result.ratios).map(
      ([name, value]) => `  ${name.padEnd(36)}${value === null ? 'n/a' : value.toFixed(2)}`,
    ),
    '',
    `Cutover peak RSS: ${rss === null ? 'n/a (no successful run)' : `${rss} MB`} ` +
      `(goal < ${RSS_GOAL_MB} MB)`,
    `Benchmark took ${formatSeconds(result.totalSeconds)}.`,
  ];
  console.log(lines.join('\n'));
}
