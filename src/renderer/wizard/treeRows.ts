import type { BrowseDatabase, BrowseTable } from '../../shared/api.js';
import { tableMatcher } from './wildcard.js';

export type TreeRow =
  | {
      kind: 'database';
      database: BrowseDatabase;
      /** The tables the search shows (all of them without a search): what its checkbox acts on. */
      tables: readonly BrowseTable[];
      expanded: boolean;
    }
  | { kind: 'table'; database: string; table: BrowseTable };

/**
 * The object tree as a flat list of rows, which is what lets it be virtualised. While searching,
 * databases without a match are left out and the others are shown open, since a match nobody
 * can see answers nothing.
 */
export function treeRows(
  catalog: readonly BrowseDatabase[],
  search: string,
  expanded: ReadonlySet<string>,
): TreeRow[] {
  const matches = tableMatcher(search);
  const rows: TreeRow[] = [];
  for (const database of catalog) {
    const tables = matches
      ? database.tables.filter((t) => matches(database.name, t.name))
      : database.tables;
    if (matches && tables.length === 0) continue;
    const open = matches !== null || expanded.has(database.name);
    rows.push({ kind: 'database', database, tables, expanded: open });
    if (open)
      for (const table of tables) rows.push({ kind: 'table', database: database.name, table });
  }
  return rows;
}

/** The row that holds a table row: where Left arrow goes. */
export function parentRowIndex(rows: readonly TreeRow[], index: number): number {
  for (let i = index; i >= 0; i--) if (rows[i]?.kind === 'database') return i;
  return -1;
}
