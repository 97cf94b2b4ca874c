// The verify benchmark's figures: per contender the median of its successful runs (a run that
// failed has no time), rows/s, Cutover's time against pt-table-checksum's and CHECKSUM TABLE's,
// and the issue's goal.

import { formatCount, formatSeconds, round, summarize } from '../support/stats.js';

/** The issue's goal: Cutover's both-sides verification ≤ this × pt-table-checksum's time. */
export const GOAL_RATIO = 1.0;

/** Median, min and max of `seconds`, with rows/s at the median; nulls when there are none. */
function figures(seconds, rows) {
  const stats = summarize(seconds);
  return {
    seconds: seconds.map((s) => round(s)),
    median: stats ? round(stats.median) : null,
    min: stats ? round(stats.min) : null,
    max: stats ? round(stats.max) : null,
    rowsPerSecond: stats ? Math.round(rows / stats.median) : null,
  };
}

/** A contender's runs as figures; `rows` is what one server holds (each side of a verify). */
export function summarizeContender(contender, outcomes, rows) {
  const good = outcomes.filter((o) => o.ok);
  return {
    key: contender.key,
    label: contender.label,
    runs: outcomes.length,
    ok: good.length,
    ...figures(
      good.map((o) => o.seconds),
      rows,
    ),
    failures: [...new Set(outcomes.filter((o) => !o.ok).map((o) => o.reason))],
    ...details(good),
  };
}

/** The distinct values of `field` over `outcomes`, or null when none has it. */
function distinct(outcomes, field) {
  const values = [...new Set(outcomes.map((o) => o[field]).filter((v) => v !== undefined))];
  return values.length > 0 ? values : null;
}

/** What some contenders report besides their time (Cutover's and pt-table-checksum's). */
function details(good) {
  const out = {};
  const chunks = distinct(good, 'chunks');
  // pt-table-checksum sizes its chunks by time: their number may change from run to run.
  if (chunks) out.chunks = chunks.sort((a, b) => a - b);
  const exitCodes = distinct(good, 'exitCode');
  if (exitCodes) out.exitCodes = exitCodes;
  const reported = good.map((o) => o.reportedSeconds).filter((v) => v !== undefined);
  // Cutover's own measure, from the start of the comparison to its end.
  if (reported.length > 0) out.reportedMedian = round(summarize(reported).median);
  return out;
}

/** CHECKSUM TABLE's two sides, each summarized on its own. */
export function summarizeChecksumSides(outcomes, rows) {
  const good = outcomes.filter((o) => o.ok);
  return {
    source: figures(
      good.map((o) => o.sourceSeconds),
      rows,
    ),
    target: figures(
      good.map((o) => o.targetSeconds),
      rows,
    ),
    sameChecksums: good.length > 0 ? good.every((o) => o.sameChecksums) : null,
  };
}

/** Cutover's median time over each reference's: below 1 means Cutover was faster. */
export function ratios(summaries) {
  const median = (key) => summaries.find((s) => s.key === key).median;
  const ratio = (key) =>
    median('cutover') !== null && median(key) !== null
      ? round(median('cutover') / median(key), 2)
      : null;
  return {
    'cutover/pt-table-checksum': ratio('ptTableChecksum'),
    'cutover/checksum-table(both sides)': ratio('checksumTable'),
  };
}

/** `24`, or `7–8` when the runs differed. */
function chunkCount(chunks) {
  if (!chunks) return 'n/a';
  return chunks.length === 1 ? String(chunks[0]) : `${chunks[0]}–${chunks.at(-1)}`;
}

function verdict(value) {
  if (value === null) return 'n/a (no successful run)';
  return value <= GOAL_RATIO ? 'met' : 'NOT met';
}

function figureCells(s) {
  if (s.median === null) return `${'failed'.padStart(10)}${''.padStart(32)}`;
  return (
    [s.median, s.min, s.max].map((v) => formatSeconds(v).padStart(10)).join('') +
    formatCount(s.rowsPerSecond).padStart(12)
  );
}

function contenderLines(s, width) {
  return [
    `${s.label.padEnd(width)}${figureCells(s)}${`${s.ok}/${s.runs}`.padStart(7)}`,
    ...s.failures.map((reason) => `    failed: ${reason}`),
  ];
}

function seconds(outcome, field = 'seconds') {
  return outcome?.ok ? formatSeconds(outcome[field]) : 'failed';
}

function perRunLines(result) {
  return [
    '  run  first                 Cutover  pt-table-checksum  CHECKSUM source  CHECKSUM target',
    ...result.perRun.map((r) => {
      const c = r.outcomes.checksumTable;
      return (
        `${String(r.run).padStart(5)}  ${r.first.padEnd(18)}` +
        `${seconds(r.outcomes.cutover).padStart(10)}` +
        `${seconds(r.outcomes.ptTableChecksum).padStart(19)}` +
        `${seconds(c, 'sourceSeconds').padStart(17)}${seconds(c, 'targetSeconds').padStart(17)}`
      );
    }),
  ];
}

function detectionLines(d) {
  if (!d) return ['Difference check: not run.'];
  const outcome = d.ok
    ? `exited 1 in ${formatSeconds(d.seconds)}, naming ${d.table} id=${d.id} (${d.column}) as ` +
      'changed: detected'
    : `did NOT report it as expected: ${d.reason} (exit ${d.exitCode})`;
  const found = d.found?.length
    ? d.found.map(
        (f) =>
          `    reported: ${f.kind} ${f.table} ` +
          `${Object.entries(f.key)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}${f.columns.length ? `: ${f.columns.join(', ')}` : ''}`,
      )
    : [];
  return [
    `Difference check: ${d.column} of ${d.table} id=${d.id} changed on the target; ` +
      `cutover verify ${outcome}.`,
    ...found,
    d.restored
      ? '  Row put back; the target matches the source again (row counts and CRC32 sums).'
      : `  Row put back, but the target still differs from the source: ${d.restoredDiff}`,
  ];
}

/** The human-readable report, on stdout. */
export function printReport(result) {
  const { summaries, machine } = result;
  const sides = result.checksumTableSides;
  const width = Math.max(...summaries.map((s) => s.label.length), 36) + 2;
  const columns = ['median', 'min', 'max'].map((h) => h.padStart(10)).join('');
  const sideLine = (label, s) => `${label.padEnd(width)}${figureCells(s)}`;
  const cutover = summaries.find((s) => s.key === 'cutover');
  const pt = summaries.find((s) => s.key === 'ptTableChecksum');
  const ratio = result.ratios['cutover/pt-table-checksum'];
  const same =
    sides.sameChecksums === null
      ? 'n/a'
      : sides.sameChecksums
        ? 'the same on both sides'
        : 'different on the two sides (row format or column definitions differ)';
  const lines = [
    '',
    `Verify: sysbench oltp tables, ${result.tables} × ${formatCount(result.rowsPerTable)} rows = ` +
      `${formatCount(result.rows)} rows on each server; ${result.runs} run(s) each, ` +
      'order alternating',
    `MariaDB ${machine.mariadb} on both sides; ${machine.ptTableChecksum}; ${machine.cores} cores ` +
      `(load average ${machine.loadAverage.join(' → ')}); commit ${result.commit}`,
    `Set-up (untimed): sysbench prepare ${formatSeconds(result.setup.prepareSeconds)}; ` +
      `Cutover schema + full copy ${formatSeconds(result.setup.copySeconds)}; before each timed ` +
      'check both servers write out their dirty pages, then sync',
    '',
    `${''.padEnd(width)}${columns}${'rows/s'.padStart(12)}${'ok'.padStart(7)}`,
    ...summaries.flatMap((s) => contenderLines(s, width)),
    sideLine('  of which CHECKSUM TABLE, source', sides.source),
    sideLine('  of which CHECKSUM TABLE, target', sides.target),
    '',
    ...perRunLines(result),
    '',
    'rows/s: the rows one server holds over the median time (Cutover and CHECKSUM TABLE (source ' +
      '+ target) read them on both).',
    `Cutover: ${chunkCount(cutover.chunks)} chunks per verification, none differing; by its own ` +
      `count (the comparison alone, without start-up) ${
        cutover.reportedMedian === undefined ? 'n/a' : formatSeconds(cutover.reportedMedian)
      } median.`,
    `pt-table-checksum: ${chunkCount(pt.chunks)} chunks, exit status ` +
      `${pt.exitCodes?.join('/') ?? 'n/a'}` +
      `${pt.exitCodes?.includes(8) ? ' (8: no replicas found, as expected here)' : ''}; ` +
      'CHECKSUM TABLE ' +
      `values ${same}.`,
    '',
    'Ratios (Cutover median time / reference median time; below 1.00 = Cutover faster):',
    ...Object.entries(result.ratios).map(
      ([name, value]) => `  ${name.padEnd(38)}${value === null ? 'n/a' : value.toFixed(2)}`,
    ),
    '',
    `Goal: Cutover's both-sides verification ≤ ${GOAL_RATIO.toFixed(1)}× pt-table-checksum's ` +
      `one-side time: ${ratio === null ? 'n/a' : ratio.toFixed(2)} — ${verdict(ratio)}`,
    '',
    ...detectionLines(result.detection),
    `Benchmark took ${formatSeconds(result.totalSeconds)}.`,
  ];
  console.log(lines.join('\n'));
}
