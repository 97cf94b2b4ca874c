// The contenders of the verify benchmark. Each `run(ctx)` checks the copied tables and resolves
// with `{ seconds, ... }` (its own figures besides the time), or rejects with why it failed.
//
// ctx: { db, tables, rows (in all, per server), source, target, taskFile, stateDir }

import { performance } from 'node:perf_hooks';
import { connect, quoteName } from '../support/mariadb.js';
import { run, whyItStopped } from '../support/proc.js';
import { CONCURRENCY, verify } from './cutover.js';

export const PT_TABLE_CHECKSUM = 'pt-table-checksum';

/** pt-table-checksum's exit status bits (its EXIT STATUS section). */
const PT_FATAL = 255;
const PT_NO_SLAVES_FOUND = 8;

function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * `cutover verify`: both servers, chunked checksums in parallel, then the rows of any chunk that
 * differs. It must exit 0, report the data consistent, and have counted every row on each side.
 */
async function cutoverVerify(ctx) {
  const { code, seconds, verification: v, failure } = await verify(ctx);
  if (!v) throw new Error(`cutover verify exited with code ${code}: ${failure}`);
  const rowsSource = sum(v.tables.map((t) => t.rowsSource));
  const rowsTarget = sum(v.tables.map((t) => t.rowsTarget));
  const differing = v.tables.filter((t) => t.differenceCount > 0).map((t) => t.source);
  if (code !== 0 || !v.consistent) {
    throw new Error(
      `cutover verify exited with code ${code}, consistent: ${v.consistent}` +
        (differing.length > 0 ? `; differences in ${differing.join(', ')}` : ''),
    );
  }
  if (v.tables.length !== ctx.tables.length || rowsSource !== ctx.rows || rowsTarget !== ctx.rows) {
    throw new Error(
      `cutover verify compared ${v.tables.length} table(s), ${rowsSource} source and ` +
        `${rowsTarget} target rows; expected ${ctx.tables.length} tables of ${ctx.rows} rows in all`,
    );
  }
  return {
    seconds,
    // Its own measure, from the start of the comparison: without Node's start and connecting.
    reportedSeconds: v.seconds,
    chunks: sum(v.tables.map((t) => t.chunks)),
    chunksDiffering: sum(v.tables.map((t) => t.chunksDiffering)),
  };
}

/**
 * pt-table-checksum's per-table lines (TS ERRORS DIFFS ROWS DIFF_ROWS CHUNKS SKIPPED TIME TABLE),
 * read by the names in its header line; progress and warnings on stderr are skipped.
 */
export function parsePtTables(output) {
  const lines = output.split('\n');
  const headerLine = lines.find((l) => /^\s*TS\s+ERRORS\s+DIFFS\s+ROWS\b/.test(l));
  if (!headerLine) return [];
  const header = headerLine.trim().split(/\s+/);
  return lines
    .filter((l) => /^\s*\d\d-\d\dT\d\d:\d\d:\d\d\s/.test(l))
    .map((l) => {
      const cells = l.trim().split(/\s+/);
      const row = Object.fromEntries(header.map((h, i) => [h, cells[i]]));
      return {
        table: row.TABLE,
        errors: Number(row.ERRORS),
        diffs: Number(row.DIFFS),
        rows: Number(row.ROWS),
        chunks: Number(row.CHUNKS),
        skipped: Number(row.SKIPPED),
        seconds: Number(row.TIME),
      };
    });
}

/** The command line: the source only, no replicas to find, nothing checked that needs them. */
export function ptArgs(ctx) {
  const { host, port, user } = ctx.source;
  return [
    `h=${host},P=${port},u=${user}`,
    `--databases=${ctx.db}`,
    // Replicas (none here) and how they would replicate the checksum statements.
    '--recursion-method=none',
    '--no-check-binlog-format',
    '--no-check-replication-filters',
    '--no-check-plan',
    // Its results table on the source, emptied for each table it checksums.
    '--replicate=percona.checksums',
    '--create-replicate-table',
    // No connection to Percona's servers.
    '--no-version-check',
  ];
}

/**
 * pt-table-checksum on the source alone: it checksums each table in chunks (sized to take half
 * a second each) and stores the results on the source, where replicas would compare their own.
 * Exit status 0, or 8 (NO_SLAVES_FOUND, expected here), with every row checksummed, no errors
 * and no skipped chunk.
 */
async function ptTableChecksum(ctx) {
  const result = await run(PT_TABLE_CHECKSUM, ptArgs(ctx));
  const code = result.code;
  const tables = parsePtTables(result.output);
  const harmless = code === 0 || code === PT_NO_SLAVES_FOUND;
  if (code === null || code === PT_FATAL || !harmless) {
    throw new Error(
      `${result.reason || `pt-table-checksum exited with ${code}`}: ${whyItStopped(result.output)}`,
    );
  }
  const rows = sum(tables.map((t) => t.rows));
  const errors = sum(tables.map((t) => t.errors));
  const skipped = sum(tables.map((t) => t.skipped));
  if (tables.length !== ctx.tables.length || rows !== ctx.rows || errors > 0 || skipped > 0) {
    throw new Error(
      `pt-table-checksum reported ${tables.length} table(s), ${rows} rows, ${errors} error(s), ` +
        `${skipped} skipped chunk(s); expected ${ctx.tables.length} tables of ${ctx.rows} rows ` +
        `in all:\n${result.output.trim().slice(-2000)}`,
    );
  }
  return {
    seconds: result.seconds,
    exitCode: code,
    chunks: sum(tables.map((t) => t.chunks)),
  };
}

/** `CHECKSUM TABLE` of every table on `server`, one statement; resolves with time and values. */
async function checksumTables(server, db, tables) {
  const conn = await connect(server, db);
  try {
    const list = tables.map(quoteName).join(', ');
    const began = performance.now();
    const [rows] = await conn.query(`CHECKSUM TABLE ${list}`);
    const seconds = (performance.now() - began) / 1000;
    const checksums = rows.map((r) => (r.Checksum === null ? null : String(r.Checksum)));
    const missing = rows.filter((r) => r.Checksum === null).map((r) => r.Table);
    if (rows.length !== tables.length || missing.length > 0) {
      throw new Error(`CHECKSUM TABLE on port ${server.port}: no checksum for ${missing}`);
    }
    return { seconds, checksums };
  } finally {
    await conn.end();
  }
}

/**
 * `CHECKSUM TABLE t1, t2, …` on the source, then on the target: each timed, the contender's time
 * their sum. Whether the values agree is noted, not required: they depend on the row format and
 * the column definitions as well as on the data.
 */
async function checksumTable(ctx) {
  const source = await checksumTables(ctx.source, ctx.db, ctx.tables);
  const target = await checksumTables(ctx.target, ctx.db, ctx.tables);
  return {
    seconds: source.seconds + target.seconds,
    sourceSeconds: source.seconds,
    targetSeconds: target.seconds,
    sameChecksums: source.checksums.every((c, i) => c === target.checksums[i]),
  };
}

/**
 * In report order; `key` names each in the JSON output and in the ratios, `short` in the per-run
 * table.
 */
export const CONTENDERS = [
  {
    key: 'cutover',
    short: 'Cutover',
    label: `Cutover verify (both sides, concurrency ${CONCURRENCY})`,
    run: cutoverVerify,
  },
  {
    key: 'ptTableChecksum',
    short: 'pt-table-checksum',
    label: 'pt-table-checksum (source only)',
    run: ptTableChecksum,
  },
  {
    key: 'checksumTable',
    short: 'CHECKSUM TABLE',
    label: 'CHECKSUM TABLE (source + target)',
    run: checksumTable,
  },
];
