import type { ColumnDef, IndexPart, TableDef } from '../../shared/catalog.js';
import type { SchemaChange } from '../../shared/schema.js';
import { CutoverError } from '../errors.js';
import { objectPath } from '../sql/Identifiers.js';
import { mentionedNames, partitionExpressions } from './Expressions.js';

/** Where a table goes and which of its columns come along. */
export interface Projection {
  database?: string;
  name?: string;
  /** The columns to copy; null or absent means all. */
  columns?: readonly string[] | null;
}

export interface ProjectedTable {
  table: TableDef;
  changes: SchemaChange[];
}

export const COLUMN_SUBSET_RULE = 'schema.column-subset';
const REASON =
  'The task copies only some columns; a definition that uses a column not copied cannot be created.';

function change(object: string, action: string, severity: SchemaChange['severity']): SchemaChange {
  return { object, rule: COLUMN_SUBSET_RULE, action, reason: REASON, severity };
}

const lower = (s: string): string => s.toLowerCase();

/** Dropped column names among `names` (column names compare case-insensitively). */
function droppedAmong(names: readonly string[], dropped: ReadonlySet<string>): string[] {
  return names.filter((n) => dropped.has(lower(n)));
}

function partColumns(part: IndexPart, dropped: readonly string[]): string[] {
  return part.column !== null ? [part.column] : mentionedNames(part.expression ?? '', dropped);
}

function assertKnown(table: TableDef, requested: readonly string[]): void {
  const known = new Set(table.columns.map((c) => lower(c.name)));
  const unknown = requested.filter((c) => !known.has(lower(c)));
  if (unknown.length > 0) {
    throw new CutoverError(
      'SELECTION_INVALID',
      `Table ${objectPath(table.database, table.name)} has no column ${unknown.join(', ')}.`,
      'Refresh the catalog and choose the columns again.',
    );
  }
}

/**
 * The requested columns, minus generated columns whose expression needs a column that is not
 * kept (repeated, since a generated column may build on another one).
 */
function keptColumns(table: TableDef, requested: readonly string[]): ColumnDef[] {
  const wanted = new Set(requested.map(lower));
  let kept = table.columns.filter((c) => wanted.has(lower(c.name)));
  for (;;) {
    const missing = table.columns.filter((c) => !kept.includes(c)).map((c) => c.name);
    const next = kept.filter(
      (c) => c.generated === null || mentionedNames(c.generated.expression, missing).length === 0,
    );
    if (next.length === kept.length) return kept;
    kept = next;
  }
}

/** Renames a table and narrows it to a column subset, dropping what depends on the rest. */
export function projectTable(source: TableDef, projection: Projection = {}): ProjectedTable {
  const table: TableDef = {
    ...source,
    database: projection.database ?? source.database,
    name: projection.name ?? source.name,
  };
  const requested = projection.columns;
  if (!requested) return { table, changes: [] };
  assertKnown(source, requested);

  const kept = keptColumns(source, requested);
  const dropped = source.columns.filter((c) => !kept.includes(c)).map((c) => c.name);
  if (dropped.length === 0) return { table, changes: [] };
  const droppedSet = new Set(dropped.map(lower));
  const at = (...rest: string[]): string => objectPath(table.database, table.name, ...rest);
  const changes: SchemaChange[] = [
    change(at(), `columns not copied: ${dropped.join(', ')}`, 'info'),
  ];

  for (const c of source.columns) {
    if (
      c.generated &&
      droppedSet.has(lower(c.name)) &&
      requested.some((r) => lower(r) === lower(c.name))
    ) {
      changes.push(
        change(
          at(c.name),
          'generated column dropped: its expression uses a column not copied',
          'warn',
        ),
      );
    }
  }

  const indexes = source.indexes.filter((index) => {
    const missing = droppedAmong(
      index.parts.flatMap((p) => partColumns(p, dropped)),
      droppedSet,
    );
    if (missing.length === 0) return true;
    const what = index.kind === 'primary' ? 'primary key' : `index ${index.name}`;
    changes.push(change(at(index.name), `${what} dropped: uses ${missing.join(', ')}`, 'warn'));
    return false;
  });

  const checks = source.checks.filter((check) => {
    const missing = mentionedNames(check.clause, dropped);
    if (missing.length === 0) return true;
    changes.push(
      change(at(check.name), `check ${check.name} dropped: uses ${missing.join(', ')}`, 'warn'),
    );
    return false;
  });

  const foreignKeys = source.foreignKeys.filter((fk) => {
    const missing = droppedAmong(fk.columns, droppedSet);
    if (missing.length === 0) return true;
    changes.push(
      change(at(fk.name), `foreign key ${fk.name} dropped: uses ${missing.join(', ')}`, 'warn'),
    );
    return false;
  });

  let partitionClause = source.partitionClause;
  const partitionUses = mentionedNames(
    partitionExpressions(partitionClause ?? '').join(' '),
    dropped,
  );
  if (partitionUses.length > 0) {
    partitionClause = null;
    changes.push(change(at(), `partitioning removed: it uses ${partitionUses.join(', ')}`, 'warn'));
  }

  return {
    table: { ...table, columns: kept, indexes, checks, foreignKeys, partitionClause },
    changes,
  };
}
