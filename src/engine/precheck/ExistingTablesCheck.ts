/** Target tables that are already there before the task creates or fills them. */
import type { TableMapping } from '../../shared/catalog.js';
import type { CheckResult } from '../../shared/precheck.js';
import type { TaskOptions } from '../../shared/task.js';
import { qualify } from '../sql/Identifiers.js';
import type { TaskSession } from '../task/TaskSession.js';
import { fail, listSome, pass, warn, type Check } from './Check.js';

export interface TargetTable {
  /** As the target spells it. */
  database: string;
  table: string;
}

export interface ExistingTable extends TargetTable {
  hasRows: boolean;
}

const ID = 'target.tables.existing';
const TITLE = 'Target tables not in the way';

const OVERWRITE =
  'Copied rows with the same key overwrite the rows there, rows with other keys stay (verification reports them as extra), and tables without a key get duplicate rows.';

const nameOf = (t: TargetTable): string => `${t.database}.${t.table}`;

export interface ExistingTablesContext {
  policy: TaskOptions['existingTables'];
  /** The task has a schema step. Without one the tables must exist, and `policy` (which governs the schema step) does not apply. */
  createsTables: boolean;
  /** The task has a full copy step, which writes rows next to those already there. */
  copiesRows: boolean;
}

export function judgeExistingTables(
  existing: readonly ExistingTable[],
  missing: readonly TargetTable[],
  { policy, createsTables, copiesRows }: ExistingTablesContext,
): CheckResult[] {
  const results: CheckResult[] = [];
  if (!createsTables && missing.length > 0) {
    const names = missing.map(nameOf);
    results.push(
      fail({
        id: 'target.tables.missing',
        title: 'Target tables exist',
        detail: `The task has no schema step, but these target tables do not exist: ${listSome(names)}.`,
        fix: 'Add "schema" to the task’s steps, or create the tables on the target first.',
        objects: names,
      }),
    );
  }
  if (existing.length === 0) {
    return createsTables
      ? [...results, pass(ID, TITLE, 'None of the target tables exist yet.')]
      : results;
  }
  const withRows = existing.filter((t) => t.hasRows);
  const empty = existing.filter((t) => !t.hasRows);
  const found = [
    withRows.length ? `with rows: ${listSome(withRows.map(nameOf))}` : '',
    empty.length ? `empty: ${listSome(empty.map(nameOf))}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  const objects = existing.map(nameOf);

  if (createsTables && policy === 'fail') {
    const dropEmpty = withRows.length === 0;
    results.push(
      fail({
        id: ID,
        title: TITLE,
        detail: `These target tables already exist (${found}); the schema step does not touch existing tables while options.existingTables is "fail".`,
        fix: dropEmpty
          ? 'Drop the empty tables (SQL below), or set options.existingTables to "keep" to use them as they are.'
          : 'Drop or rename the tables on the target if their rows are not needed, or set options.existingTables to "keep" to copy into them as they are.',
        // Only empty tables get a ready DROP: dropping rows is the user's decision to type out.
        ...(dropEmpty
          ? { sql: empty.map((t) => `DROP TABLE ${qualify(t.database, t.table)};`).join('\n') }
          : {}),
        objects,
      }),
    );
  } else if (copiesRows && withRows.length > 0) {
    results.push(
      warn({
        id: ID,
        title: TITLE,
        detail: `These target tables already exist and are used as they are (${found}). ${OVERWRITE}`,
        fix: 'Empty the tables first if only the source’s rows should be there, and check that their definitions match the source.',
        objects,
      }),
    );
  } else if (createsTables) {
    results.push(
      warn({
        id: ID,
        title: TITLE,
        detail: `These target tables already exist and are used as they are instead of the planned definitions (${found}).`,
        fix: 'Check that their columns, keys and charsets match the schema plan, or drop them so the schema step creates them.',
        objects,
      }),
    );
  } else {
    results.push(
      pass(ID, TITLE, 'The target tables exist, as a task without a schema step needs.'),
    );
  }
  return results;
}

/** Target tables present now, matched the way the target compares names. */
async function findExisting(session: TaskSession): Promise<{
  existing: ExistingTable[];
  missing: TargetTable[];
}> {
  const targets = session.mappings.map((m: TableMapping) => m.target);
  if (targets.length === 0) return { existing: [], missing: [] };
  const databases = [...new Set(targets.map((t) => t.database))];
  const rows = await session.target.query<{ db: string; name: string }>(
    `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS name FROM information_schema.TABLES
      WHERE TABLE_SCHEMA IN (${databases.map(() => '?').join(',')})`,
    databases,
  );
  const fold = session.target.info.lowerCaseTableNames !== 0;
  const key = (db: string, table: string): string =>
    fold ? `${db}\u0000${table}`.toLowerCase() : `${db}\u0000${table}`;
  const present = new Map(rows.map((r) => [key(String(r.db), String(r.name)), r]));
  const existing: ExistingTable[] = [];
  const missing: TargetTable[] = [];
  await Promise.all(
    targets.map(async (t) => {
      const row = present.get(key(t.database, t.table));
      if (!row) {
        missing.push(t);
        return;
      }
      const found = { database: String(row.db), table: String(row.name) };
      const sample = await session.target.query(
        `SELECT 1 AS x FROM ${qualify(found.database, found.table)} LIMIT 1`,
      );
      existing.push({ ...found, hasRows: sample.length > 0 });
    }),
  );
  const byName = (a: TargetTable, b: TargetTable): number => nameOf(a).localeCompare(nameOf(b));
  return { existing: existing.sort(byName), missing: missing.sort(byName) };
}

export const existingTablesCheck: Check = {
  id: ID,
  title: TITLE,
  async run(session: TaskSession) {
    const { existing, missing } = await findExisting(session);
    return judgeExistingTables(existing, missing, {
      policy: session.spec.options.existingTables,
      createsTables: session.spec.steps.includes('schema'),
      copiesRows: session.spec.steps.includes('full'),
    });
  },
};
