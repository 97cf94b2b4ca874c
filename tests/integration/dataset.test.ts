import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Connection } from 'mysql2/promise';
import {
  ALL_TYPES_COLUMNS,
  ALL_TYPES_TABLE,
  EDGE,
  edgeRows,
  insertStatements,
  loadRows,
  randomRows,
  type SqlRow,
} from '../support/dataset.js';
import {
  canonicalExpression,
  canonicalQuery,
  canonicalSelect,
  compareTables,
  tableChecksum,
  type CompareResult,
  type TableRef,
} from '../support/compare.js';
import { admin, rows, uniqueName } from '../support/sql.js';

const servers = inject('servers');
const SEED = 20240229;
const RANDOM = 1000;
const TABLE = 'all_types';

/**
 * Proves the test-support helpers: the all-types data set loads with its edge values intact, two
 * identical loads on two servers compare equal, and every kind of planted difference is reported
 * with the right key and column (and changes the checksum).
 */
describe('all-types data set and exact table comparison', () => {
  const db = uniqueName('dataset');
  let src: Connection;
  let dst: Connection;
  const source = (): TableRef => ({ conn: src, db, table: TABLE });
  const target = (table = TABLE): TableRef => ({ conn: dst, db, table });

  /** The rows a given id was loaded from, for putting a planted row back. */
  const rowsWithIds = function* (ids: readonly number[]): Generator<SqlRow> {
    const wanted = new Set(ids.map(String));
    for (const r of edgeRows()) if (wanted.has(r.id ?? '')) yield r;
    for (const r of randomRows(RANDOM, SEED)) if (wanted.has(r.id ?? '')) yield r;
  };

  /**
   * Applies `mutation` to the target copy, compares, then restores the rows with `ids` and
   * checks the tables are equal again, so each planted difference is seen on its own.
   */
  async function planted(
    mutation: string,
    ids: readonly number[],
  ): Promise<{ result: CompareResult; checksumsDiffer: boolean }> {
    await dst.query(`SET SESSION sql_mode = '', time_zone = '+00:00'; ${mutation}`);
    try {
      const result = await compareTables(source(), target());
      const [a, b] = await Promise.all([
        tableChecksum(src, db, TABLE),
        tableChecksum(dst, db, TABLE),
      ]);
      return { result, checksumsDiffer: a.checksum !== b.checksum || a.rows !== b.rows };
    } finally {
      await dst.query(`DELETE FROM \`${db}\`.${TABLE} WHERE id IN (${ids.join(', ')})`);
      await loadRows(dst, db, TABLE, rowsWithIds(ids));
      expect((await compareTables(source(), target())).equal).toBe(true);
    }
  }

  const canonical = async (conn: Connection, column: string, id: number) => {
    const [row] = await rows<{ v: string | null }>(
      conn,
      `SELECT ${canonicalExpression(column, dataTypeOf(column))} AS v FROM \`${db}\`.${TABLE} WHERE id = ?`,
      [id],
    );
    return row?.v;
  };

  beforeAll(async () => {
    src = await admin(servers.source);
    dst = await admin(servers.target);
    for (const conn of [src, dst]) {
      await conn.query(`CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4`);
      await conn.query(ALL_TYPES_TABLE(db, TABLE));
      // The identical INSERT statements on both servers: the target is an exact copy.
      await loadRows(conn, db, TABLE, edgeRows());
      await loadRows(conn, db, TABLE, randomRows(RANDOM, SEED));
    }
  });

  afterAll(async () => {
    for (const conn of [src, dst]) {
      await conn?.query(`DROP DATABASE IF EXISTS \`${db}\``);
      await conn?.end();
    }
  });

  it('loads every edge value as intended', async () => {
    const [count] = await rows<{ n: string }>(src, `SELECT COUNT(*) AS n FROM \`${db}\`.${TABLE}`);
    expect(Number(count?.n)).toBe(edgeRows().length + RANDOM);
    await src.query("SET SESSION time_zone = '+00:00'");
    const [max] = await rows<Record<string, string>>(
      src,
      `SELECT CAST(c_bigint_u AS CHAR) AS bu, CAST(c_bit64 + 0 AS CHAR) AS bit, c_dec65 AS dec65,
              CAST(c_datetime6 AS CHAR) AS dt, CAST(UNIX_TIMESTAMP(c_timestamp6) AS CHAR) AS ts,
              CAST(c_time6 AS CHAR) AS t6, CAST(c_year AS CHAR) AS y
       FROM \`${db}\`.${TABLE} WHERE id = ?`,
      [EDGE.maximums],
    );
    expect(max).toEqual({
      bu: '18446744073709551615',
      bit: '18446744073709551615',
      dec65: '99999999999999999999999999999999999.999999999999999999999999999999',
      dt: '9999-12-31 23:59:59.999999',
      ts: '2147483647.999999',
      t6: '838:59:59.999999',
      y: '2155',
    });
    const [zero] = await rows<Record<string, string>>(
      src,
      `SELECT CAST(c_date AS CHAR) AS d, CAST(c_timestamp6 AS CHAR) AS ts, CAST(c_year AS CHAR) AS y,
              HEX(c_enum) AS e, c_enum + 0 AS ei, HEX(c_binary) AS bin, c_varchar IS NULL AS isnull
       FROM \`${db}\`.${TABLE} WHERE id = ?`,
      [EDGE.zeros],
    );
    expect(zero).toEqual({
      d: '0000-00-00',
      ts: '0000-00-00 00:00:00.000000',
      y: '0000',
      e: '',
      ei: 0,
      bin: '00'.repeat(16),
      isnull: 0,
    });
    const [min] = await rows<Record<string, string>>(
      src,
      `SELECT CAST(UNIX_TIMESTAMP(c_timestamp6) AS CHAR) AS ts, CAST(c_time AS CHAR) AS t
       FROM \`${db}\`.${TABLE} WHERE id = ?`,
      [EDGE.minimums],
    );
    expect(min).toEqual({ ts: '1.000000', t: '-838:59:59' });
    const [big] = await rows<Record<string, string>>(
      src,
      `SELECT LENGTH(c_longblob) AS lb, LENGTH(c_longtext) AS lt, LENGTH(c_mediumblob) AS mb,
              CHAR_LENGTH(c_mediumtext) AS mt, MD5(c_longblob) AS md5
       FROM \`${db}\`.${TABLE} WHERE id = ?`,
      [EDGE.bigValues],
    );
    expect(big).toEqual({
      lb: 1048576,
      lt: 1048576,
      mb: 1048576,
      mt: 262144,
      md5: 'aee60461ab9eb7f617e20849f90922a0',
    });
    const [bytes] = await rows<Record<string, string>>(
      src,
      `SELECT HEX(c_latin1) AS l1, HEX(c_varbinary) AS vb, HEX(c_varchar) AS v
       FROM \`${db}\`.${TABLE} WHERE id = ?`,
      [EDGE.escapes],
    );
    expect(bytes?.l1).toBe(
      Buffer.from(Array.from({ length: 128 }, (_, i) => 0x80 + i))
        .toString('hex')
        .toUpperCase(),
    );
    expect(bytes?.v).toBe(
      Buffer.from('a\0b\'c"d\\e\nf\r\tg\x1ah\\0', 'utf8').toString('hex').toUpperCase(),
    );
    const [emoji] = await rows<Record<string, string>>(
      src,
      `SELECT HEX(c_char) AS c, HEX(c_latin1) AS l1 FROM \`${db}\`.${TABLE} WHERE id = ?`,
      [EDGE.unicode],
    );
    expect(emoji).toEqual({ c: 'F09F9880F09D849E', l1: 'E920FF2080' });
    expect(await canonical(src, 'c_float', EDGE.decimals)).toBe('1.100000023841858');
    expect(await canonical(src, 'c_float', EDGE.negativeDecimals)).toBe('1.1000001430511475');
    expect(await canonical(src, 'c_float', EDGE.precisionFloats)).toBe('16777216');
    expect(await canonical(src, 'c_double', EDGE.precisionFloats)).toBe('16777217');
    expect(await canonical(src, 'c_double', EDGE.decimals)).toBe('0.30000000000000004');
    expect(await canonical(src, 'c_double', EDGE.tinyFloats)).toBe('5e-324');
    expect(await canonical(src, 'c_float', EDGE.subnormals)).toBe('1.401298464324817e-45');
    expect(await canonical(src, 'c_text', EDGE.allNull)).toBeNull();
    expect(await canonical(src, 'c_text', EDGE.emptyStrings)).toBe('');
  });

  it('generates the same random rows for the same seed, lazily', () => {
    const first = [...randomRows(50, 7)];
    expect([...randomRows(50, 7)]).toEqual(first);
    expect([...randomRows(50, 8)]).not.toEqual(first);
    expect(Object.keys(first[0] ?? {})).toEqual(['id', ...ALL_TYPES_COLUMNS.map(([c]) => c)]);
    // A generator: asking for a huge table costs nothing until rows are pulled.
    const huge = randomRows(10_000_000, 7);
    expect(huge.next().value).toEqual(first[0]);
  });

  it('batches rows into multi-row INSERT statements', async () => {
    const batches = [];
    for await (const b of insertStatements(db, 'x', randomRows(1200, 1), { batchRows: 500 })) {
      batches.push(b.rows);
    }
    expect(batches).toEqual([500, 500, 200]);
  });

  it('renders FLOAT/DOUBLE values canonically: every bit pattern and the sign of zero', async () => {
    const expr = (type: string, value: string) =>
      canonicalExpression('v', type).replaceAll('`v`', `(${value})`);
    const [r] = await rows<Record<string, string>>(
      src,
      `SELECT ${expr('double', '-0e0')} AS neg, ${expr('double', '0e0')} AS pos,
              ${expr('float', 'CAST(-0e0 AS FLOAT)')} AS fneg,
              ${expr('float', 'CAST(1.1 AS FLOAT)')} AS f1, ${expr('float', 'CAST(1.1000001 AS FLOAT)')} AS f2,
              ${expr('double', '1e0 + 2.220446049250313e-16')} AS d1, ${expr('double', '1e0')} AS d2,
              CAST(CAST(1.1000001 AS FLOAT) AS CHAR) AS lossy`,
    );
    expect(r).toEqual({
      neg: '-0',
      pos: '0',
      fneg: '-0',
      f1: '1.100000023841858',
      f2: '1.1000001430511475',
      d1: '1.0000000000000002',
      d2: '1',
      // What a text-protocol reader sees for a FLOAT: not enough digits to tell them apart.
      lossy: '1.1',
    });

    // Stored -0.0: MariaDB keeps +0 (so there is nothing to carry over); a server that keeps
    // -0 must show up as a difference against +0.
    const t = `neg_zero_${process.pid}`;
    await src.query(
      `CREATE TABLE \`${db}\`.${t} (id INT PRIMARY KEY, f FLOAT, d DOUBLE);
       INSERT INTO \`${db}\`.${t} VALUES (1, -0e0, -0e0), (2, 0e0, 0e0), (3, 1.1, 1.1);
       CREATE TABLE \`${db}\`.${t}_b LIKE \`${db}\`.${t};
       INSERT INTO \`${db}\`.${t}_b VALUES (1, 0e0, 0e0), (2, 0e0, 0e0), (3, 1.1000001, 1.1000000000000003);`,
    );
    const [stored] = await rows<{ v: string }>(
      src,
      `SELECT ${canonicalExpression('d', 'double')} AS v FROM \`${db}\`.${t} WHERE id = 1`,
    );
    const serverKeepsNegativeZero = stored?.v === '-0';
    const result = await compareTables(
      { conn: src, db, table: t },
      { conn: src, db, table: `${t}_b` },
    );
    const zeroDiffs = result.differences.filter((d) => d.key.id === '1');
    expect(zeroDiffs.length).toBe(serverKeepsNegativeZero ? 2 : 0);
    expect(result.differences.filter((d) => d.key.id === '3')).toEqual([
      {
        kind: 'changed',
        key: { id: '3' },
        column: 'f',
        a: '1.100000023841858',
        b: '1.1000001430511475',
      },
      { kind: 'changed', key: { id: '3' }, column: 'd', a: '1.1', b: '1.1000000000000003' },
    ]);
  });

  it('finds the two servers’ copies equal, by rows and by checksum', async () => {
    const result = await compareTables(source(), target());
    expect(result).toEqual({
      equal: true,
      rowsA: edgeRows().length + RANDOM,
      rowsB: edgeRows().length + RANDOM,
      differences: [],
      differenceCount: 0,
    });
    const [a, b] = await Promise.all([
      tableChecksum(src, db, TABLE),
      tableChecksum(dst, db, TABLE),
    ]);
    expect(a.rows).toBe(edgeRows().length + RANDOM);
    expect(b).toEqual(a);
    const sql = await canonicalSelect(src, db, TABLE);
    expect(sql).toMatch(/^SELECT CAST\(`t`\.`id` AS CHAR\) AS `id`, /);
    expect(sql).toMatch(/ORDER BY `t`\.`id`$/);
  });

  it('reports a changed byte in a 1 MiB BLOB and in a short one', async () => {
    const { result, checksumsDiffer } = await planted(
      `UPDATE \`${db}\`.${TABLE}
         SET c_longblob = INSERT(c_longblob, 500001, 1, CHAR(ASCII(SUBSTR(c_longblob, 500001, 1)) ^ 1)),
             c_varbinary = INSERT(c_varbinary, 1, 1, X'01')
       WHERE id IN (${EDGE.bigValues}, ${EDGE.binaries})`,
      [EDGE.bigValues, EDGE.binaries],
    );
    expect(checksumsDiffer).toBe(true);
    expect(result.equal).toBe(false);
    expect(result.differences.map((d) => [d.kind, d.key, d.column])).toEqual([
      ['changed', { id: String(EDGE.binaries) }, 'c_varbinary'],
      ['changed', { id: String(EDGE.bigValues) }, 'c_longblob'],
    ]);
    const [short, long] = result.differences;
    expect(short?.a).toBe(
      Buffer.from(Array.from({ length: 256 }, (_, i) => i))
        .toString('hex')
        .toUpperCase(),
    );
    expect(short?.b).toBe(`01${short?.a?.slice(2)}`);
    expect(long?.a).toMatch(/^len:1048576,sha256:[0-9a-f]{64}$/);
    expect(long?.b).toMatch(/^len:1048576,sha256:[0-9a-f]{64}$/);
    expect(long?.a).not.toBe(long?.b);
  });

  it("reports 'a' → 'A' although the collation calls them equal", async () => {
    const [same] = await rows<{ eq: number }>(src, "SELECT 'a' = 'A' AS eq");
    expect(same?.eq).toBe(1);
    const { result, checksumsDiffer } = await planted(
      `UPDATE \`${db}\`.${TABLE} SET c_varchar = 'A' WHERE id = ${EDGE.lowerCase}`,
      [EDGE.lowerCase],
    );
    expect(checksumsDiffer).toBe(true);
    expect(result.differences).toEqual([
      {
        kind: 'changed',
        key: { id: String(EDGE.lowerCase) },
        column: 'c_varchar',
        a: '61',
        b: '41',
      },
    ]);
  });

  it('reports an added trailing space', async () => {
    const { result, checksumsDiffer } = await planted(
      `UPDATE \`${db}\`.${TABLE} SET c_utf8_bin = 'a ' WHERE id = ${EDGE.lowerCase}`,
      [EDGE.lowerCase],
    );
    expect(checksumsDiffer).toBe(true);
    expect(result.differences).toEqual([
      {
        kind: 'changed',
        key: { id: String(EDGE.lowerCase) },
        column: 'c_utf8_bin',
        a: '61',
        b: '6120',
      },
    ]);
  });

  it("reports NULL → ''", async () => {
    const { result, checksumsDiffer } = await planted(
      `UPDATE \`${db}\`.${TABLE} SET c_text = '', c_blob = X'' WHERE id = ${EDGE.allNull}`,
      [EDGE.allNull],
    );
    expect(checksumsDiffer).toBe(true);
    expect(result.differences).toEqual([
      { kind: 'changed', key: { id: String(EDGE.allNull) }, column: 'c_text', a: null, b: '' },
      { kind: 'changed', key: { id: String(EDGE.allNull) }, column: 'c_blob', a: null, b: '' },
    ]);
  });

  it('reports a FLOAT off by one unit in the last place and a DECIMAL off in its last digit', async () => {
    const { result, checksumsDiffer } = await planted(
      `UPDATE \`${db}\`.${TABLE} SET c_float = 1.1000001 WHERE id = ${EDGE.decimals};
       UPDATE \`${db}\`.${TABLE} SET c_dec65 = c_dec65 + 0.000000000000000000000000000001
       WHERE id = ${EDGE.negativeDecimals}`,
      [EDGE.decimals, EDGE.negativeDecimals],
    );
    expect(checksumsDiffer).toBe(true);
    expect(result.differences).toEqual([
      {
        kind: 'changed',
        key: { id: String(EDGE.decimals) },
        column: 'c_float',
        a: '1.100000023841858',
        b: '1.1000001430511475',
      },
      {
        kind: 'changed',
        key: { id: String(EDGE.negativeDecimals) },
        column: 'c_dec65',
        a: '-12345678901234567890123456789012345.123456789012345678901234567890',
        b: '-12345678901234567890123456789012345.123456789012345678901234567889',
      },
    ]);
  });

  it('reports a TIMESTAMP one second off and a DATETIME(6) one microsecond off', async () => {
    const [picked] = await rows<{ id: string }>(
      dst,
      `SELECT MIN(id) AS id FROM \`${db}\`.${TABLE}
       WHERE id > 1000100 AND c_datetime6 BETWEEN '2000-01-01' AND '9000-01-01'`,
    );
    const randomId = Number(picked?.id);
    expect(randomId).toBeGreaterThan(1000100);
    const { result, checksumsDiffer } = await planted(
      `UPDATE \`${db}\`.${TABLE} SET c_timestamp6 = '2038-01-19 03:14:06.999999' WHERE id = ${EDGE.maximums};
       UPDATE \`${db}\`.${TABLE} SET c_datetime6 = c_datetime6 + INTERVAL 1 MICROSECOND WHERE id = ${randomId}`,
      [EDGE.maximums, randomId],
    );
    expect(checksumsDiffer).toBe(true);
    expect(result.differences.map((d) => [d.key, d.column])).toEqual([
      [{ id: String(EDGE.maximums) }, 'c_timestamp6'],
      [{ id: String(randomId) }, 'c_datetime6'],
    ]);
    expect(result.differences[0]).toMatchObject({
      a: '2038-01-19 03:14:07.999999',
      b: '2038-01-19 03:14:06.999999',
    });
  });

  it('reports TIMESTAMPs in UTC whatever the session time zone', async () => {
    await src.query("SET SESSION time_zone = '+05:30'");
    try {
      const result = await compareTables(source(), target());
      expect(result.equal).toBe(true);
      const [tz] = await rows<{ tz: string }>(src, 'SELECT @@SESSION.time_zone AS tz');
      expect(tz?.tz).toBe('+05:30');
    } finally {
      await src.query("SET SESSION time_zone = 'SYSTEM'");
    }
  });

  it('reports a changed latin1 byte and a changed BIT', async () => {
    const { result } = await planted(
      `UPDATE \`${db}\`.${TABLE} SET c_latin1 = REPLACE(c_latin1, X'FF', X'FE') WHERE id = ${EDGE.escapes};
       UPDATE \`${db}\`.${TABLE} SET c_bit64 = c_bit64 ^ 1 WHERE id = ${EDGE.maximums}`,
      [EDGE.escapes, EDGE.maximums],
    );
    expect(result.differences.map((d) => [d.key.id, d.column, d.b])).toEqual([
      [String(EDGE.maximums), 'c_bit64', '18446744073709551614'],
      [String(EDGE.escapes), 'c_latin1', expect.stringMatching(/FEFE$/)],
    ]);
  });

  it('reports a missing row and an extra row', async () => {
    const extraId = 999;
    const { result, checksumsDiffer } = await planted(
      `DELETE FROM \`${db}\`.${TABLE} WHERE id = ${EDGE.point};
       INSERT INTO \`${db}\`.${TABLE} (id, c_int) VALUES (${extraId}, 1)`,
      [EDGE.point, extraId],
    );
    expect(checksumsDiffer).toBe(true);
    expect(result.rowsA).toBe(edgeRows().length + RANDOM);
    expect(result.rowsB).toBe(edgeRows().length + RANDOM);
    expect(result.differences).toEqual([
      { kind: 'missing', key: { id: String(EDGE.point) }, column: null, a: 'row', b: undefined },
      { kind: 'extra', key: { id: String(extraId) }, column: null, a: undefined, b: 'row' },
    ]);
  });

  it('lists the first 20 differences and counts them all', async () => {
    const { result } = await planted(
      `UPDATE \`${db}\`.${TABLE} SET c_int = IFNULL(c_int, 0) ^ 1 WHERE id BETWEEN 1000000 AND 1000049`,
      Array.from({ length: 50 }, (_, i) => 1_000_000 + i),
    );
    expect(result.differenceCount).toBe(50);
    expect(result.differences).toHaveLength(20);
    expect(result.differences[19]?.key).toEqual({ id: '1000019' });
  });

  it('compares against a renamed table and on a subset of columns', async () => {
    const renamed = 'all_types_renamed';
    await dst.query(
      `CREATE TABLE \`${db}\`.${renamed} LIKE \`${db}\`.${TABLE};
       INSERT INTO \`${db}\`.${renamed} SELECT * FROM \`${db}\`.${TABLE};
       ALTER TABLE \`${db}\`.${renamed} DROP COLUMN c_json, DROP COLUMN c_geometry;
       UPDATE \`${db}\`.${renamed} SET c_point = NULL WHERE id = ${EDGE.point};`,
    );
    const kept = ['id', ...ALL_TYPES_COLUMNS.map(([c]) => c)].filter(
      (c) => !['c_json', 'c_geometry', 'c_point'].includes(c),
    );
    const subset = await compareTables(source(), target(renamed), { columns: kept });
    expect(subset.equal).toBe(true);
    await expect(compareTables(source(), target(renamed))).rejects.toThrow(/c_json, c_geometry/);
    const withPoint = await compareTables(source(), target(renamed), {
      columns: [...kept, 'c_point'],
    });
    expect(withPoint.differences.map((d) => [d.key, d.column, d.b])).toEqual([
      [{ id: String(EDGE.point) }, 'c_point', null],
    ]);
    expect((await canonicalQuery(dst, db, renamed, { columns: ['c_int'] })).columns).toEqual([
      'id',
      'c_int',
    ]);
  });

  it('compares keyless tables as multisets of rows, on one connection', async () => {
    await src.query(
      `CREATE TABLE \`${db}\`.keyless_a (v VARCHAR(10), n INT);
       CREATE TABLE \`${db}\`.keyless_b (v VARCHAR(10), n INT);
       INSERT INTO \`${db}\`.keyless_a VALUES ('x', 1), ('x', 1), (NULL, 2), ('', 2), ('y', NULL);
       INSERT INTO \`${db}\`.keyless_b VALUES ('y', NULL), ('', 2), ('x', 1), (NULL, 2), ('X', 1);`,
    );
    const result = await compareTables(
      { conn: src, db, table: 'keyless_a' },
      { conn: src, db, table: 'keyless_b' },
    );
    expect(result.differences).toEqual([
      { kind: 'extra', key: { v: '58', n: '1' }, column: null, a: undefined, b: 'row' },
      { kind: 'missing', key: { v: '78', n: '1' }, column: null, a: 'row', b: undefined },
    ]);
    expect(result.rowsA).toBe(5);
    expect(result.rowsB).toBe(5);
  });

  it('shows what a naive copy through the text protocol loses (FLOAT) and what it keeps', async () => {
    const copied = 'naive_copy';
    const cols = [
      'id',
      'c_float',
      'c_double',
      'c_bigint',
      'c_bigint_u',
      'c_dec65',
      'c_datetime6',
      'c_timestamp6',
      'c_time6',
      'c_year',
      'c_latin1',
      'c_varchar',
      'c_varbinary',
    ];
    await dst.query(
      `CREATE TABLE \`${db}\`.${copied} LIKE \`${db}\`.${TABLE};
       SET SESSION sql_mode = '', time_zone = '+00:00'`,
    );
    await src.query("SET SESSION time_zone = '+00:00'");
    // Text protocol (query): FLOAT arrives with 6 significant digits.
    const [textRows] = (await src.query(
      `SELECT ${cols.join(', ')} FROM \`${db}\`.${TABLE} ORDER BY id`,
    )) as unknown as [Record<string, unknown>[]];
    await dst.query(`INSERT INTO \`${db}\`.${copied} (${cols.join(', ')}) VALUES ?`, [
      textRows.map((r) => cols.map((c) => r[c])),
    ]);
    const naive = await compareTables(source(), target(copied), { columns: cols });
    const lossyColumns = new Set(naive.differences.map((d) => d.column));
    expect([...lossyColumns]).toEqual(['c_float']);
    expect(naive.differenceCount).toBeGreaterThan(RANDOM / 4);

    // Binary protocol (execute): FLOAT arrives as its exact value, and the copy is exact.
    await dst.query(`TRUNCATE \`${db}\`.${copied}`);
    const [binaryRows] = (await src.execute(
      `SELECT ${cols.join(', ')} FROM \`${db}\`.${TABLE} ORDER BY id`,
    )) as unknown as [Record<string, unknown>[]];
    await dst.query(`INSERT INTO \`${db}\`.${copied} (${cols.join(', ')}) VALUES ?`, [
      binaryRows.map((r) => cols.map((c) => r[c])),
    ]);
    const exact = await compareTables(source(), target(copied), { columns: cols });
    expect(exact.differences).toEqual([]);
  });
});

function dataTypeOf(column: string): string {
  const type = ALL_TYPES_COLUMNS.find(([c]) => c === column)?.[1];
  if (!type) throw new Error(`unknown column ${column}`);
  return type.split(/[ (]/)[0]?.toLowerCase() ?? '';
}
