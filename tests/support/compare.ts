import mysql from 'mysql2/promise';
import type { Connection } from 'mysql2/promise';
import type { Connection as CoreConnection } from 'mysql2';
import type { Readable } from 'node:stream';

/**
 * Exact comparison of table contents across servers, for the copy, sync and verification tests.
 *
 * Every column is rendered by the server itself into a canonical ASCII text that is equal on two
 * servers iff the stored values are equal:
 *
 *   integers, DECIMAL       CAST(c AS CHAR): the exact digits (DECIMAL keeps its scale's zeros)
 *   FLOAT, DOUBLE           IF(c = 0 AND ATAN2(c, -1) < 0, '-0', CAST(CAST(c AS DOUBLE) AS CHAR))
 *   BIT                     CAST(c + 0 AS CHAR): the unsigned value
 *   DATE … TIME, YEAR       CAST(c AS CHAR) under session time_zone '+00:00' (set here)
 *   everything else         HEX(c): the stored bytes in the column's own charset, so values a
 *                           collation calls equal ('a'/'A', trailing spaces) still differ;
 *                           values over 64 KiB as 'len:<bytes>,sha256:<SHA2(c, 256)>'
 *   NULL                    SQL NULL (never equal to the '' that HEX('') gives)
 *
 * Why FLOAT/DOUBLE look like that (measured on MariaDB 10.11):
 * - Selecting a FLOAT column as text prints 6 significant digits (1.1000001 → '1.1', 16777216 →
 *   '16777200'), so it cannot tell values apart. Widening to DOUBLE is exact, and the server prints
 *   a DOUBLE with the shortest digits that parse back to the same double (checked on 20,000
 *   random bit patterns incl. subnormals, 5e-324 and 1.7976931348623157e308), so two FLOATs or
 *   two DOUBLEs print the same iff they have the same bit pattern (NaN/Inf cannot be stored).
 * - The one exception is the sign of zero: the server prints -0e0 as '0'. ATAN2(-0, -1) is -π
 *   and ATAN2(+0, -1) is +π, which tells them apart. MariaDB stores -0.0 as +0 in FLOAT and DOUBLE
 *   columns, so on MariaDB the '-0' form shows up only for computed values; MySQL keeps -0.
 */

export interface TableRef {
  conn: Connection;
  db: string;
  table: string;
}

export interface CanonicalOptions {
  /** Only these columns (default: every column of the table, in table order). */
  columns?: readonly string[];
  /**
   * Order and match rows by these columns (default: the primary key, else a unique key on NOT
   * NULL columns, else all compared columns, which matches keyless tables as multisets).
   */
  keyColumns?: readonly string[];
}

export interface ColumnInfo {
  name: string;
  dataType: string;
  columnType: string;
}

export interface CanonicalQuery {
  sql: string;
  /** Selected columns in select-list order: the key columns first, then the others. */
  columns: string[];
  keyColumns: string[];
  /** How each key column is ordered: 'int' numerically, 'text' by the canonical text's bytes. */
  keyKinds: KeyKind[];
}

export type KeyKind = 'int' | 'text';

export interface Difference {
  /** changed: a column differs; missing: the row is only in A; extra: the row is only in B. */
  kind: 'changed' | 'missing' | 'extra';
  /** The row's key columns in canonical text. */
  key: Record<string, string | null>;
  /** The differing column, or null for a missing/extra row. */
  column: string | null;
  /** Canonical value in A (null = SQL NULL, undefined = no such row in A). */
  a: string | null | undefined;
  b: string | null | undefined;
}

export interface CompareResult {
  equal: boolean;
  rowsA: number;
  rowsB: number;
  /** The first `maxDifferences` differences (default 20), in key order. */
  differences: Difference[];
  /** All differences found, including those not listed. */
  differenceCount: number;
}

export interface CompareOptions {
  /** Compare only these columns (present under the same names on both sides). */
  columns?: readonly string[];
  keyColumns?: readonly string[];
  /** How many differences to list (default 20). */
  maxDifferences?: number;
}

const q = (name: string): string => `\`${name.replace(/`/g, '``')}\``;
const INT_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint']);
const EXACT_NUMERIC = new Set(['decimal', 'numeric']);
const FLOATING = new Set(['float', 'double', 'real', 'double precision']);
const TEMPORAL = new Set(['date', 'datetime', 'timestamp', 'time', 'year']);
/** Byte length above which a value is rendered as length + SHA-256 instead of hex. */
export const DIGEST_OVER_BYTES = 65536;

/**
 * The canonical text expression for one column (see the file comment), optionally qualified with
 * a table alias (needed in ORDER BY, where a bare name means the select-list alias).
 */
export function canonicalExpression(column: string, dataType: string, tableAlias?: string): string {
  const c = tableAlias ? `${q(tableAlias)}.${q(column)}` : q(column);
  const t = dataType.toLowerCase();
  if (INT_TYPES.has(t) || EXACT_NUMERIC.has(t) || TEMPORAL.has(t)) return `CAST(${c} AS CHAR)`;
  if (FLOATING.has(t)) {
    return `IF(${c} = 0 AND ATAN2(${c}, -1) < 0, '-0', CAST(CAST(${c} AS DOUBLE) AS CHAR))`;
  }
  if (t === 'bit') return `CAST(${c} + 0 AS CHAR)`;
  return (
    `IF(LENGTH(${c}) > ${DIGEST_OVER_BYTES}, ` +
    `CONCAT('len:', LENGTH(${c}), ',sha256:', SHA2(${c}, 256)), HEX(${c}))`
  );
}

async function select<T>(conn: Connection, sql: string, values: unknown[]): Promise<T[]> {
  const [rows] = await conn.query(sql, values);
  return rows as T[];
}

/** The table's columns from information_schema.COLUMNS, in table order. */
export async function tableColumns(
  conn: Connection,
  db: string,
  table: string,
): Promise<ColumnInfo[]> {
  const cols = await select<ColumnInfo>(
    conn,
    'SELECT COLUMN_NAME AS name, DATA_TYPE AS dataType, COLUMN_TYPE AS columnType ' +
      'FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ' +
      'ORDER BY ORDINAL_POSITION',
    [db, table],
  );
  if (cols.length === 0) throw new Error(`table ${db}.${table} not found or has no columns`);
  return cols.map((c) => ({
    name: String(c.name),
    dataType: String(c.dataType),
    columnType: String(c.columnType),
  }));
}

/** Primary key columns, else those of the first unique key on NOT NULL columns, else []. */
export async function tableKey(conn: Connection, db: string, table: string): Promise<string[]> {
  const parts = await select<{ index_name: string; column_name: string; nullable: string }>(
    conn,
    'SELECT INDEX_NAME AS index_name, COLUMN_NAME AS column_name, NULLABLE AS nullable ' +
      'FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ' +
      'AND NON_UNIQUE = 0 ORDER BY INDEX_NAME = ? DESC, INDEX_NAME, SEQ_IN_INDEX',
    [db, table, 'PRIMARY'],
  );
  const byIndex = new Map<string, { columns: string[]; nullable: boolean }>();
  for (const p of parts) {
    const entry = byIndex.get(p.index_name) ?? { columns: [], nullable: false };
    entry.columns.push(p.column_name);
    if (p.nullable === 'YES') entry.nullable = true;
    byIndex.set(p.index_name, entry);
  }
  for (const entry of byIndex.values()) if (!entry.nullable) return entry.columns;
  return [];
}

function keyKind(info: ColumnInfo): KeyKind {
  return INT_TYPES.has(info.dataType.toLowerCase()) ? 'int' : 'text';
}

function buildQuery(
  db: string,
  table: string,
  infos: ColumnInfo[],
  columns: readonly string[],
  keyColumns: readonly string[],
  keyKinds: readonly KeyKind[],
): CanonicalQuery {
  const byName = new Map(infos.map((c) => [c.name, c]));
  const info = (name: string): ColumnInfo => {
    const found = byName.get(name);
    if (!found) throw new Error(`column ${name} not found in ${db}.${table}`);
    return found;
  };
  const selected = [...keyColumns, ...columns.filter((c) => !keyColumns.includes(c))];
  // Column references are qualified: in ORDER BY a bare `id` would mean the CHAR alias.
  const list = selected.map((c) => `${canonicalExpression(c, info(c).dataType, 't')} AS ${q(c)}`);
  const order = keyColumns.map((c, i) =>
    keyKinds[i] === 'int'
      ? `\`t\`.${q(c)}`
      : `CAST(${canonicalExpression(c, info(c).dataType, 't')} AS BINARY)`,
  );
  const sql =
    `SELECT ${list.join(', ')} FROM ${q(db)}.${q(table)} AS \`t\`` +
    (order.length > 0 ? ` ORDER BY ${order.join(', ')}` : '');
  return { sql, columns: selected, keyColumns: [...keyColumns], keyKinds: [...keyKinds] };
}

/**
 * The canonical SELECT for db.table and how its rows are ordered. Run it under session
 * time_zone '+00:00' (compareTables and tableChecksum do) so TIMESTAMP renders as UTC.
 */
export async function canonicalQuery(
  conn: Connection,
  db: string,
  table: string,
  opts: CanonicalOptions = {},
): Promise<CanonicalQuery> {
  const infos = await tableColumns(conn, db, table);
  const columns = opts.columns ? [...opts.columns] : infos.map((c) => c.name);
  let keyColumns = opts.keyColumns ? [...opts.keyColumns] : await tableKey(conn, db, table);
  if (keyColumns.length === 0) keyColumns = columns;
  const byName = new Map(infos.map((c) => [c.name, c]));
  const kinds = keyColumns.map((k) => {
    const info = byName.get(k);
    return info ? keyKind(info) : 'text';
  });
  return buildQuery(db, table, infos, columns, keyColumns, kinds);
}

/**
 * An SQL SELECT rendering every column (or `opts.columns`) of db.table in canonical text, key
 * columns first, ordered by the key. Run it under session time_zone '+00:00'.
 */
export async function canonicalSelect(
  conn: Connection,
  db: string,
  table: string,
  opts: CanonicalOptions = {},
): Promise<string> {
  return (await canonicalQuery(conn, db, table, opts)).sql;
}

// ---------------------------------------------------------------------------------------------
// Streaming comparison

type CanonicalRow = (string | null)[];

/** The callback connection under a mysql2/promise connection (mysql2 keeps it as `.connection`). */
function coreOf(conn: Connection): CoreConnection {
  const core = (conn as unknown as { connection?: CoreConnection }).connection;
  if (!core || typeof core.query !== 'function') {
    throw new Error('compare needs a mysql2/promise connection (its .connection streams rows)');
  }
  return core;
}

interface RowSource {
  rows: AsyncGenerator<CanonicalRow>;
  /** Lets the rest of the result set through (unread) so the connection can be used again. */
  settle(): Promise<void>;
}

/** Streams `sql` with backpressure: mysql2 pauses the socket while the buffer is full. */
function streamRows(conn: Connection, sql: string): RowSource {
  const core = coreOf(conn);
  const query = core.query({ sql, rowsAsArray: true });
  let finished = false;
  const done = new Promise<void>((resolve) => {
    const finish = (): void => {
      finished = true;
      resolve();
    };
    query.on('end', finish);
    query.on('error', finish);
  });
  const stream: Readable = query.stream({ highWaterMark: 32 });
  return {
    rows: rowsOf(stream),
    async settle() {
      if (finished) return;
      stream.destroy();
      core.resume();
      await done;
    },
  };
}

const text = (v: unknown): string | null =>
  v === null || v === undefined ? null : Buffer.isBuffer(v) ? v.toString('latin1') : String(v);

async function* rowsOf(stream: Readable): AsyncGenerator<CanonicalRow> {
  for await (const row of stream as AsyncIterable<unknown[]>) yield row.map(text);
}

function compareKeyPart(kind: KeyKind, a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (kind === 'int') {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Runs `fn` with session time_zone '+00:00' on each connection, restoring it afterwards. */
async function inUtc<T>(conns: Connection[], fn: () => Promise<T>): Promise<T> {
  const unique = [...new Set(conns)];
  const saved: string[] = [];
  for (const c of unique) {
    const [row] = await select<{ tz: string }>(c, 'SELECT @@SESSION.time_zone AS tz', []);
    saved.push(row?.tz ?? 'SYSTEM');
    await c.query("SET SESSION time_zone = '+00:00'");
  }
  try {
    return await fn();
  } finally {
    for (const [i, c] of unique.entries()) await c.query('SET SESSION time_zone = ?', [saved[i]]);
  }
}

/** A second connection to the same server and database, for streaming two queries at once. */
async function sibling(conn: Connection): Promise<Connection> {
  const cfg = conn.config;
  return mysql.createConnection({
    host: cfg.host,
    port: cfg.port,
    user: cfg.user,
    password: cfg.password,
    database: cfg.database,
    socketPath: cfg.socketPath,
    ssl: cfg.ssl,
  });
}

/**
 * Compares two tables row by row on the canonical form, streaming both sides in key order (the
 * server sorts; only one row per side is held here). The tables may have different names and
 * live on different servers; `opts.columns` restricts the comparison to those columns, which must
 * exist on both sides. Key columns default to A's primary key; keyless tables are compared as
 * multisets of whole rows. Passing the same connection for both sides is fine (a second
 * connection is opened for B).
 */
export async function compareTables(
  a: TableRef,
  b: TableRef,
  opts: CompareOptions = {},
): Promise<CompareResult> {
  const maxDifferences = opts.maxDifferences ?? 20;
  const infosA = await tableColumns(a.conn, a.db, a.table);
  const infosB = await tableColumns(b.conn, b.db, b.table);
  const columns = opts.columns ? [...opts.columns] : infosA.map((c) => c.name);
  const namesB = new Set(infosB.map((c) => c.name));
  const absent = columns.filter((c) => !namesB.has(c));
  if (absent.length > 0) {
    throw new Error(`${b.db}.${b.table} lacks compared column(s): ${absent.join(', ')}`);
  }
  let keyColumns = opts.keyColumns ? [...opts.keyColumns] : await tableKey(a.conn, a.db, a.table);
  if (keyColumns.length === 0) keyColumns = columns;
  const kindOf = (infos: ColumnInfo[], name: string): KeyKind => {
    const info = infos.find((c) => c.name === name);
    if (!info) throw new Error(`key column ${name} not found`);
    return keyKind(info);
  };
  // Both sides must order the same way: numerically only where both keys are integers.
  const kinds = keyColumns.map((k) =>
    kindOf(infosA, k) === 'int' && kindOf(infosB, k) === 'int' ? 'int' : 'text',
  );
  const queryA = buildQuery(a.db, a.table, infosA, columns, keyColumns, kinds);
  const queryB = buildQuery(b.db, b.table, infosB, columns, keyColumns, kinds);

  const connB = b.conn === a.conn ? await sibling(a.conn) : b.conn;
  try {
    return await inUtc([a.conn, connB], () =>
      merge(a.conn, connB, queryA, queryB.sql, maxDifferences),
    );
  } finally {
    if (connB !== b.conn) await connB.end();
  }
}

async function merge(
  connA: Connection,
  connB: Connection,
  query: CanonicalQuery,
  sqlB: string,
  maxDifferences: number,
): Promise<CompareResult> {
  const { columns, keyColumns, keyKinds } = query;
  const k = keyColumns.length;
  const sourceA = streamRows(connA, query.sql);
  const sourceB = streamRows(connB, sqlB);
  const differences: Difference[] = [];
  let differenceCount = 0;
  let rowsA = 0;
  let rowsB = 0;
  const note = (d: Difference): void => {
    differenceCount += 1;
    if (differences.length < maxDifferences) differences.push(d);
  };
  const keyOf = (row: CanonicalRow): Record<string, string | null> =>
    Object.fromEntries(keyColumns.map((c, i) => [c, row[i] ?? null]));
  const cmp = (x: CanonicalRow, y: CanonicalRow): number => {
    for (let i = 0; i < k; i++) {
      const d = compareKeyPart(keyKinds[i] ?? 'text', x[i] ?? null, y[i] ?? null);
      if (d !== 0) return d;
    }
    return 0;
  };
  /** The side's rows, checked to arrive in the order the merge assumes. */
  async function* ordered(side: 'A' | 'B', source: RowSource): AsyncGenerator<CanonicalRow> {
    let previous: CanonicalRow | undefined;
    for await (const row of source.rows) {
      if (previous && cmp(previous, row) > 0) {
        throw new Error(
          `rows of ${side} arrive out of key order: ${JSON.stringify(keyOf(previous))} before ` +
            JSON.stringify(keyOf(row)),
        );
      }
      previous = row;
      yield row;
    }
  }
  const itA = ordered('A', sourceA);
  const itB = ordered('B', sourceB);
  try {
    let ra = await itA.next();
    let rb = await itB.next();
    while (!ra.done || !rb.done) {
      const order = ra.done ? 1 : rb.done ? -1 : cmp(ra.value, rb.value);
      if (order < 0 && !ra.done) {
        rowsA += 1;
        note({ kind: 'missing', key: keyOf(ra.value), column: null, a: 'row', b: undefined });
        ra = await itA.next();
      } else if (order > 0 && !rb.done) {
        rowsB += 1;
        note({ kind: 'extra', key: keyOf(rb.value), column: null, a: undefined, b: 'row' });
        rb = await itB.next();
      } else if (!ra.done && !rb.done) {
        rowsA += 1;
        rowsB += 1;
        for (let i = k; i < columns.length; i++) {
          const va = ra.value[i] ?? null;
          const vb = rb.value[i] ?? null;
          if (va !== vb) {
            note({ kind: 'changed', key: keyOf(ra.value), column: columns[i] ?? '', a: va, b: vb });
          }
        }
        ra = await itA.next();
        rb = await itB.next();
      }
    }
  } catch (err) {
    // Let both result sets run out so neither connection is left paused mid-result.
    await Promise.allSettled([sourceA.settle(), sourceB.settle()]);
    throw err;
  }
  return { equal: differenceCount === 0, rowsA, rowsB, differences, differenceCount };
}

// ---------------------------------------------------------------------------------------------
// Checksums

export interface TableChecksum {
  rows: number;
  /** `<SUM of CRC32>-<BIT_XOR of the first 64 bits of MD5>` over the canonical rows. */
  checksum: string;
}

/**
 * A cheap, order-independent checksum of the canonical form of db.table (or `opts.columns`):
 * the row count, the SUM of each row's CRC32 and the BIT_XOR of 64 bits of its MD5. Equal tables
 * give equal checksums on any server; different ones almost surely differ (use compareTables to
 * find where). Computed by the server in one pass, under time_zone '+00:00'.
 */
export async function tableChecksum(
  conn: Connection,
  db: string,
  table: string,
  opts: Pick<CanonicalOptions, 'columns'> = {},
): Promise<TableChecksum> {
  const infos = await tableColumns(conn, db, table);
  const columns = opts.columns ? [...opts.columns] : infos.map((c) => c.name);
  const byName = new Map(infos.map((c) => [c.name, c]));
  const parts = columns.map((c) => {
    const info = byName.get(c);
    if (!info) throw new Error(`column ${c} not found in ${db}.${table}`);
    // HEX, digits and the digest form never contain '|' or 'N', so the row text is unambiguous.
    return `IFNULL(${canonicalExpression(c, info.dataType)}, 'N')`;
  });
  const sql =
    'SELECT CAST(COUNT(*) AS CHAR) AS n, CAST(SUM(r IS NULL) AS CHAR) AS too_long, ' +
    'CAST(COALESCE(SUM(CRC32(r)), 0) AS CHAR) AS crc, ' +
    'CAST(COALESCE(BIT_XOR(CAST(CONV(LEFT(MD5(r), 16), 16, 10) AS UNSIGNED)), 0) AS CHAR) AS x ' +
    `FROM (SELECT CONCAT_WS('|', ${parts.join(', ')}) AS r FROM ${q(db)}.${q(table)}) AS canon`;
  return inUtc([conn], async () => {
    const [row] = await select<{ n: string; too_long: string | null; crc: string; x: string }>(
      conn,
      sql,
      [],
    );
    if (!row) throw new Error('checksum query returned no row');
    if (row.too_long !== null && Number(row.too_long) > 0) {
      throw new Error(`${db}.${table}: ${row.too_long} row(s) exceed max_allowed_packet as text`);
    }
    return { rows: Number(row.n), checksum: `${row.crc}-${row.x}` };
  });
}
