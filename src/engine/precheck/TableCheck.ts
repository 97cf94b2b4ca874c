/** The selected tables themselves: row identity, column subsets, row filters. */
import type { TableDef, TableMapping } from '../../shared/catalog.js';
import type { CheckResult } from '../../shared/precheck.js';
import { qualify } from '../sql/Identifiers.js';
import {
  fail,
  listSome,
  pass,
  serverMessage,
  warn,
  type SourceCheck,
  type SourceView,
} from './Check.js';
import { identityKey, keyColumnsLeftOut, primaryKeySuggestion } from './Keys.js';

const path = (m: TableMapping): string => `${m.source.database}.${m.source.table}`;

function selectedTables(session: SourceView): { mapping: TableMapping; table: TableDef }[] {
  return session.mappings.flatMap((mapping) => {
    const table = session.tableDef(mapping.source.database, mapping.source.table);
    return table ? [{ mapping, table }] : [];
  });
}

export function judgeKeys(session: SourceView): CheckResult {
  const id = 'source.tables.keys';
  const title = 'Tables with a primary key';
  const keyless = selectedTables(session).filter(({ table }) => identityKey(table) === null);
  if (keyless.length === 0) {
    return pass(id, title, 'Every selected table has a primary key or a NOT NULL unique key.');
  }
  const objects = keyless.map(({ mapping }) => path(mapping));
  return warn({
    id,
    title,
    detail: `${keyless.length} table(s) have no primary key and no NOT NULL unique key: ${listSome(objects)}. The full copy cannot split them into key ranges, so each is copied whole and copied again from the start after an interruption; incremental sync has to match rows on all their columns, which is slower and ambiguous for duplicate rows.`,
    fix: 'Consider adding a primary key on the source before the migration (statements below; each rebuilds the table, so run it in a maintenance window or with an online schema change tool).',
    sql: keyless.map(({ table }) => primaryKeySuggestion(table, session.source.info)).join('\n'),
    objects,
  });
}

export function judgeColumnSubsets(session: SourceView): CheckResult[] {
  const leftOut = selectedTables(session).flatMap(({ mapping, table }) => {
    const columns = keyColumnsLeftOut(table, mapping.columns);
    return columns.length ? [{ mapping, columns }] : [];
  });
  if (leftOut.length === 0) return [];
  return [
    warn({
      id: 'source.tables.column_subset',
      title: 'Column subsets keep the key',
      detail: `The chosen columns leave out key columns: ${leftOut
        .map(({ mapping, columns }) => `${path(mapping)} (${columns.join(', ')})`)
        .join(
          '; ',
        )}. The target table then has no key to match rows on: the copy cannot resume by key and incremental changes cannot find their rows reliably.`,
      fix: 'Add the key columns to the task’s objects[].columns for these tables.',
      objects: leftOut.map(({ mapping }) => path(mapping)),
    }),
  ];
}

export async function validateRowFilters(session: SourceView): Promise<CheckResult[]> {
  const filtered = session.mappings.filter((m) => m.where !== null);
  if (filtered.length === 0) return [];
  const id = 'source.tables.row_filters';
  const title = 'Row filters';
  const problems = (
    await Promise.all(
      filtered.map(async (m) => {
        const from = qualify(m.source.database, m.source.table);
        try {
          await session.source.query(`SELECT 1 FROM ${from} WHERE (${m.where}) LIMIT 0`);
          return [];
        } catch (e) {
          return [{ mapping: m, message: serverMessage(e) }];
        }
      }),
    )
  ).flat();
  if (problems.length === 0) {
    return [pass(id, title, `${filtered.length} row filter(s) are valid SQL on the source.`)];
  }
  return [
    fail({
      id,
      title,
      detail: problems
        .map(({ mapping, message }) => `${path(mapping)}: WHERE ${mapping.where} — ${message}`)
        .join('; '),
      fix: 'Correct the filter in the task’s objects[].where: it is an SQL condition over the source table’s columns, as in SELECT … FROM table WHERE <filter>.',
      objects: problems.map(({ mapping }) => path(mapping)),
    }),
  ];
}

export const tableCheck: SourceCheck = {
  id: 'source.tables',
  title: 'Selected tables',
  async run(session: SourceView) {
    return [
      judgeKeys(session),
      ...judgeColumnSubsets(session),
      ...(await validateRowFilters(session)),
    ];
  },
};
