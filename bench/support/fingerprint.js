// Whether a copy holds exactly the source's rows: per table a row count and a sum of CRC32s over
// every column. Cheap enough to run after every timed run (one scan per table, in parallel), and
// independent of how each contender created the table (CHECKSUM TABLE is not: it depends on the
// row format and column definitions).

import { query, quoteName } from './mariadb.js';

/** One fingerprint query per table of `database`, built from the source's column lists. */
export async function fingerprintQueries(source, database, tables) {
  const columns = await query(
    source,
    `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS col FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    [database],
  );
  return tables.map((table) => {
    const names = columns.filter((c) => c.tbl === table).map((c) => quoteName(c.col));
    const crc = `SUM(CRC32(CONCAT_WS('#', ${names.join(', ')})))`;
    const from = `${quoteName(database)}.${quoteName(table)}`;
    return { table, sql: `SELECT COUNT(*) AS n, COALESCE(${crc}, 0) AS crc FROM ${from}` };
  });
}

/** Runs the queries on `server`; a table that cannot be read gets an `error` instead. */
export async function fingerprint(server, queries) {
  return Promise.all(
    queries.map(async ({ table, sql }) => {
      try {
        const [{ n, crc }] = await query(server, sql);
        return { table, n: String(n), crc: String(crc) };
      } catch (e) {
        return { table, error: e.message };
      }
    }),
  );
}

/** What differs between the tables on `server` and the `expected` fingerprints; '' if nothing. */
export async function differences(server, queries, expected) {
  const actual = await fingerprint(server, queries);
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
