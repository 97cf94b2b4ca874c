/**
 * Row filters of a task that streams changes: the full copy hands them to the source as WHERE
 * clauses, while the change stream evaluates them itself on every row image. A filter the
 * stream's evaluator cannot read would make the two disagree on which rows belong.
 */
import type { TableDef, TableMapping } from '../../shared/catalog.js';
import type { CheckResult } from '../../shared/precheck.js';
import { compileRowFilter } from '../cdc/RowFilter.js';
import { isCutoverError } from '../errors.js';
import { fail, pass, type SourceCheck, type SourceView } from './Check.js';

const ID = 'task.row-filters';
const TITLE = 'Row filters usable by the change stream';

export function judgeRowFilters(
  mappings: readonly TableMapping[],
  tableDef: (database: string, table: string) => TableDef | undefined,
): CheckResult[] {
  const filtered = mappings.filter((m) => m.where !== null);
  if (filtered.length === 0) return [];
  const results: CheckResult[] = [];
  for (const m of filtered) {
    const table = `${m.source.database}.${m.source.table}`;
    const def = tableDef(m.source.database, m.source.table);
    if (!def) continue;
    try {
      compileRowFilter(m.where ?? '', def.columns);
    } catch (e) {
      if (!isCutoverError(e)) throw e;
      results.push(
        fail({
          id: ID,
          title: TITLE,
          detail: `${table}: ${e.message}`,
          fix: e.fix,
          objects: [table],
        }),
      );
    }
  }
  if (results.length === 0) {
    results.push(pass(ID, TITLE, `${filtered.length} filter(s) can be evaluated on row changes`));
  }
  return results;
}

export const rowFilterCheck: SourceCheck = {
  id: ID,
  title: TITLE,
  async run(session: SourceView): Promise<CheckResult[]> {
    if (!session.spec.steps.includes('incremental')) return [];
    return judgeRowFilters(session.mappings, (db, t) => session.tableDef(db, t));
  },
};
