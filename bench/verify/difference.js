// The verify benchmark's check that Cutover sees a difference, after the timed runs: one row
// changed on the target, `cutover verify` must exit 1 and name that row and column; then the row
// is put back and the target checked against the source again.

import { differences } from '../support/fingerprint.js';
import { query, quoteName } from '../support/mariadb.js';
import { round } from '../support/stats.js';
import { verify } from './cutover.js';

/** The column changed: sysbench's CHAR(120) `c`, in the middle of the row. */
const COLUMN = 'c';
const CHANGED = 'changed by the cutover verify benchmark';

/** `db.table` as Cutover names it (`\`db\`.\`table\``), without the quotes. */
function plainName(name) {
  return name.replaceAll('`', '');
}

/** `{ok, reason}` for what `cutover verify` said about the one changed row. */
function judge({ code, verification: v, failure }, table, id) {
  if (!v) return { ok: false, reason: `no verification record (exit ${code}): ${failure}` };
  const differing = v.tables.filter((t) => t.differenceCount > 0);
  const found = differing.flatMap((t) =>
    t.differences.map((d) => ({
      table: plainName(t.source),
      kind: d.kind,
      key: d.key,
      columns: d.columns,
    })),
  );
  const named = found.some(
    (d) =>
      d.table === table &&
      d.kind === 'changed' &&
      String(d.key.id) === String(id) &&
      d.columns.includes(COLUMN),
  );
  const total = differing.reduce((n, t) => n + t.differenceCount, 0);
  const problems = [
    code === 1 ? '' : `exit code ${code}, expected 1`,
    v.consistent ? 'reported the data consistent' : '',
    named ? '' : `did not name ${table} id=${id} (${COLUMN}) as changed`,
    total === 1 ? '' : `reported ${total} difference(s), expected 1`,
  ].filter(Boolean);
  return { ok: problems.length === 0, reason: problems.join('; '), found: found.slice(0, 5) };
}

/**
 * Changes `c` of the middle row of the first table on the target, runs `cutover verify`, puts the
 * row back and checks the target against the source. Resolves with what was seen.
 */
export async function checkDetection(ctx) {
  const table = ctx.tables[0];
  const qualified = `${ctx.db}.${table}`;
  const from = `${quoteName(ctx.db)}.${quoteName(table)}`;
  const id = Math.ceil(ctx.rowsPerTable / 2);
  const [row] = await query(ctx.target, `SELECT ${COLUMN} AS v FROM ${from} WHERE id = ?`, [id]);
  if (!row) throw new Error(`the target has no row id=${id} in ${qualified}`);
  await query(ctx.target, `UPDATE ${from} SET ${COLUMN} = ? WHERE id = ?`, [CHANGED, id]);
  let result;
  try {
    result = await verify(ctx);
  } finally {
    await query(ctx.target, `UPDATE ${from} SET ${COLUMN} = ? WHERE id = ?`, [row.v, id]);
  }
  const restoredDiff = await differences(ctx.target, ctx.queries, ctx.expected);
  return {
    table: qualified,
    id,
    column: COLUMN,
    exitCode: result.code,
    seconds: round(result.seconds),
    ...judge(result, qualified, id),
    restored: restoredDiff === '',
    restoredDiff,
  };
}
