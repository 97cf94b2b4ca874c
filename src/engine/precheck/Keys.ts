/** Which key identifies a table's rows, and what to add when none does. Pure. */
import type { IndexDef, ServerInfo, TableDef } from '../../shared/catalog.js';
import { versionAtLeast } from '../connect/Flavor.js';
import { qualify, quoteIdent } from '../sql/Identifiers.js';

/**
 * The primary key, else the first unique key over NOT NULL columns only (NULLs are not unique, so
 * a nullable unique key cannot pick out one row). Expression parts cannot be matched on.
 */
export function identityKey(table: TableDef): IndexDef | null {
  const primary = table.indexes.find((i) => i.kind === 'primary');
  if (primary) return primary;
  const notNull = new Set(table.columns.filter((c) => !c.nullable).map((c) => c.name));
  return (
    table.indexes.find(
      (i) =>
        i.kind === 'unique' &&
        i.parts.length > 0 &&
        i.parts.every((p) => p.column !== null && notNull.has(p.column)),
    ) ?? null
  );
}

/** Key columns a column subset leaves out; empty when the subset is all columns or keeps the key. */
export function keyColumnsLeftOut(table: TableDef, columns: readonly string[] | null): string[] {
  const key = identityKey(table);
  if (!key || columns === null) return [];
  const kept = new Set(columns.map((c) => c.toLowerCase()));
  return key.parts.flatMap((p) =>
    p.column !== null && !kept.has(p.column.toLowerCase()) ? [p.column] : [],
  );
}

/** MySQL 8.0.23 and MariaDB 10.3.3 can hide a column from SELECT * and column-less INSERTs. */
function hasInvisibleColumns(server: ServerInfo): boolean {
  if (server.flavor === 'mysql') return versionAtLeast(server.version, 8, 0, 23);
  if (server.flavor === 'mariadb') return versionAtLeast(server.version, 10, 3, 3);
  return false;
}

/**
 * An ALTER TABLE that gives the table a primary key. An existing AUTO_INCREMENT column becomes
 * the key; otherwise a new one is added, invisible where the server can, so that applications'
 * `SELECT *` and INSERTs without a column list keep working.
 */
export function primaryKeySuggestion(table: TableDef, server: ServerInfo): string {
  const target = qualify(table.database, table.name);
  const auto = table.columns.find((c) => c.autoIncrement);
  if (auto) return `ALTER TABLE ${target} ADD PRIMARY KEY (${quoteIdent(auto.name)});`;
  const taken = new Set(table.columns.map((c) => c.name.toLowerCase()));
  // my_row_id is the name MySQL 8.0.30's generated invisible primary keys use.
  const name =
    ['my_row_id', 'cutover_row_id', '_cutover_row_id'].find((n) => !taken.has(n)) ?? 'my_row_id_';
  const invisible = hasInvisibleColumns(server) ? ' INVISIBLE' : '';
  return `ALTER TABLE ${target} ADD COLUMN ${quoteIdent(name)} BIGINT UNSIGNED NOT NULL AUTO_INCREMENT${invisible} PRIMARY KEY;`;
}
