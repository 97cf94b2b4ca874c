import { qualify, quoteIdent } from '../sql/Identifiers.js';
import type { TaskSession } from '../task/TaskSession.js';

/**
 * Moves every copied AUTO_INCREMENT on the target past the source's: rows inserted through the
 * binlog carry their ids, but the counter the target hands out next is its own. With writes
 * stopped and the stream drained, the source's counter and largest id are final.
 */
export async function advanceAutoIncrements(session: TaskSession): Promise<number> {
  let advanced = 0;
  for (const mapping of session.mappings) {
    const def = session.tableDef(mapping.source.database, mapping.source.table);
    const column = def?.columns.find((c) => c.autoIncrement);
    if (!def || !column) continue;
    if (mapping.columns && !mapping.columns.includes(column.name)) continue;
    const source = qualify(mapping.source.database, mapping.source.table);
    const target = qualify(mapping.target.database, mapping.target.table);
    const col = quoteIdent(column.name);
    const [fromSource] = await session.source.query<{ next: string | number | null }>(
      `SELECT COALESCE(MAX(${col}), 0) + 1 AS next FROM ${source}`,
    );
    const [fromTarget] = await session.target.query<{ next: string | number | null }>(
      `SELECT COALESCE(MAX(${col}), 0) + 1 AS next FROM ${target}`,
    );
    const next = [def.autoIncrement ?? 0, fromSource?.next ?? 0, fromTarget?.next ?? 0]
      .map((v) => BigInt(v))
      .reduce((a, b) => (a > b ? a : b));
    await session.target.execute(`ALTER TABLE ${target} AUTO_INCREMENT = ${next.toString()}`);
    advanced += 1;
  }
  return advanced;
}
