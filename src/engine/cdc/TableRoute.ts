import type { ColumnSchema } from '@vlasky/zongji';
import type { ColumnDef, TableDef, TableMapping } from '../../shared/catalog.js';
import { isCharacterType } from '../schema/ColumnTypes.js';
import { bestRowKey } from '../snapshot/CopyKey.js';
import { qualify } from '../sql/Identifiers.js';
import { compileRowFilter, type RowFilter } from './RowFilter.js';

/** Where one source table's changes go and how they are matched there. */
export interface TableRoute {
  /** Small number naming the route in conflict keys. */
  id: number;
  mapping: TableMapping;
  def: TableDef;
  /** `db`.`table` on the target. */
  target: string;
  /** Source columns written to the target: the selected ones, minus generated columns. */
  written: Set<string>;
  /** The key changes are matched by: primary key, else a NOT NULL unique key; null: none. */
  key: string[] | null;
  /**
   * Every unique key among the written columns (the primary key first). Two changes sharing a
   * value of any of them must reach the target in order.
   */
  uniqueKeys: string[][];
  /** Columns whose comparisons ignore case, accents and trailing spaces. */
  foldedColumns: Set<string>;
  /**
   * How a key column's values name a row: 'case' for case-insensitive PAD SPACE collations,
   * where 'A' and 'a ' are the same row to the target's index; 'exact' for the others.
   */
  rowKeyFolds: Map<string, 'exact' | 'case'>;
  /** Column charsets, to read text key values. */
  charsets: Map<string, string | null>;
  filter: RowFilter | null;
}

function folds(column: ColumnDef): boolean {
  return (
    isCharacterType(column.dataType) &&
    !(column.collation ?? '').endsWith('_bin') &&
    column.charset !== 'binary'
  );
}

/** Column name → the charset its bytes are stored in on the source. */
export function charsetsOf(def: TableDef): Map<string, string | null> {
  return new Map(def.columns.map((c) => [c.name, c.charset]));
}

/**
 * Only case is folded for row identity, and only where the collation surely ignores it with
 * trailing spaces (MySQL's 0900 collations and *_nopad_* ones do not pad); accents and anything
 * finer count as different rows. Folding more would merge rows the target keeps apart.
 */
function rowKeyFold(column: ColumnDef): 'exact' | 'case' {
  const collation = (column.collation ?? '').toLowerCase();
  return folds(column) && collation.endsWith('_ci') && !/nopad|_0900_|_uca1400_/.test(collation)
    ? 'case'
    : 'exact';
}

export function buildRoute(id: number, mapping: TableMapping, def: TableDef): TableRoute {
  const selected = mapping.columns ?? def.columns.map((c) => c.name);
  const written = new Set(
    def.columns.filter((c) => selected.includes(c.name) && c.generated === null).map((c) => c.name),
  );
  const uniqueKeys = def.indexes
    .filter((i) => i.kind === 'primary' || i.kind === 'unique')
    .filter((i) => i.parts.every((p) => p.column !== null && written.has(p.column)))
    .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'primary' ? -1 : 1))
    .map((i) => i.parts.map((p) => p.column as string));
  const best = bestRowKey(def, [...written]);
  return {
    id,
    mapping,
    def,
    target: qualify(mapping.target.database, mapping.target.table),
    written,
    key: best ? best.parts.map((p) => p.column as string) : null,
    uniqueKeys,
    foldedColumns: new Set(def.columns.filter(folds).map((c) => c.name)),
    rowKeyFolds: new Map(def.columns.map((c) => [c.name, rowKeyFold(c)])),
    charsets: new Map(def.columns.map((c) => [c.name, c.charset])),
    filter: mapping.where ? compileRowFilter(mapping.where, def.columns) : null,
  };
}

/** Routes by source table, rebuilt as DDL changes the tables. */
export class RouteTable {
  private readonly routes = new Map<string, TableRoute>();
  private readonly charsets = new Map<string, Map<string, string | null>>();
  private nextId = 1;

  private static name(database: string, table: string): string {
    return `${database}\u0000${table}`;
  }

  get(database: string, table: string): TableRoute | undefined {
    return this.routes.get(RouteTable.name(database, table));
  }

  /**
   * `def` describes the table as the stream has reached it. `sourceCharsets` keeps the charsets
   * the source stores each column's bytes in, where the target's copy converted them.
   */
  set(
    mapping: TableMapping,
    def: TableDef,
    sourceCharsets?: Map<string, string | null>,
  ): TableRoute {
    const key = RouteTable.name(mapping.source.database, mapping.source.table);
    const charsets = sourceCharsets ?? this.charsets.get(key) ?? new Map<string, string | null>();
    const route = buildRoute(this.nextId++, mapping, def);
    this.routes.set(key, route);
    this.charsets.set(key, charsets);
    return route;
  }

  /** The table's columns in the decoder's terms, or null for a table not replicated. */
  describe(database: string, table: string): ColumnSchema[] | null {
    const key = RouteTable.name(database, table);
    const route = this.routes.get(key);
    if (!route) return null;
    const charsets = this.charsets.get(key);
    return route.def.columns.map((c) => ({
      COLUMN_NAME: c.name,
      COLLATION_NAME: c.collation,
      CHARACTER_SET_NAME: charsets?.has(c.name) ? (charsets.get(c.name) ?? null) : c.charset,
      COLUMN_COMMENT: c.comment,
      COLUMN_TYPE: c.columnType,
    }));
  }

  delete(database: string, table: string): void {
    this.routes.delete(RouteTable.name(database, table));
    this.charsets.delete(RouteTable.name(database, table));
  }

  all(): TableRoute[] {
    return [...this.routes.values()];
  }
}
