/**
 * MySQL-dialect DDL from catalog definitions. Pure functions: no connection, no target quirks
 * (those are applied to the TableDef by the conversion rules before rendering).
 *
 * Text columns always carry CHARACTER SET and COLLATE, so information_schema on the target reports
 * the same charset and collation as the source whatever the database and table defaults are
 * (MySQL 8 would otherwise pick a charset's default collation, e.g. utf8mb4_0900_ai_ci).
 */
import type {
  CheckDef,
  ColumnDef,
  ColumnDefault,
  EventDef,
  ForeignKeyDef,
  IndexDef,
  IndexPart,
  RoutineDef,
  TableDef,
  TriggerDef,
  ViewDef,
} from '../../shared/catalog.js';
import type { SchemaChange } from '../../shared/schema.js';
import { isBinaryStringType, isCharacterType, isLobType, isNumericType } from './ColumnTypes.js';
import { parenthesize } from './Expressions.js';
import { qualify, quoteIdent } from '../sql/Identifiers.js';
import type { ObjectName } from '../sql/Identifiers.js';
import {
  hexLiteral,
  isBitOrHexLiteral,
  isNumericLiteral,
  quoteString,
  type LiteralOptions,
} from './Literals.js';
import { projectTable, type Projection } from './TableProjection.js';

export type RenderOptions = LiteralOptions;

export function renderCreateDatabase(name: string, charset: string, collation: string): string {
  return `CREATE DATABASE IF NOT EXISTS ${quoteIdent(name)} DEFAULT CHARACTER SET ${charset} COLLATE ${collation}`;
}

// CURRENT_TIMESTAMP and its synonyms are the only functions MySQL accepts bare after DEFAULT and
// ON UPDATE; everything else needs `(expr)` (MySQL 8.0.13+, MariaDB 10.2+).
const TEMPORAL_FUNCTION = /^(current_timestamp|now|localtime|localtimestamp)(\(\s*\d*\s*\))?$/i;

function renderLiteralDefault(column: ColumnDef, value: string, opts: RenderOptions): string {
  if (column.dataType === 'bit' && (isBitOrHexLiteral(value) || isNumericLiteral(value))) {
    return value;
  }
  if (isNumericType(column.dataType) && isNumericLiteral(value)) return value;
  if (isBinaryStringType(column.dataType)) return hexLiteral(value);
  const quoted = quoteString(value, opts);
  return isLobType(column.dataType) ? `(${quoted})` : quoted;
}

function renderExpressionDefault(sql: string): string {
  const text = sql.trim();
  return TEMPORAL_FUNCTION.test(text) || isBitOrHexLiteral(text) || isNumericLiteral(text)
    ? text
    : parenthesize(text);
}

function renderDefault(
  column: ColumnDef,
  value: ColumnDefault,
  opts: RenderOptions,
): string | null {
  switch (value.kind) {
    case 'none':
      return null;
    case 'null':
      // A NOT NULL column reported with a NULL default has no default at all.
      return column.nullable ? 'NULL' : null;
    case 'literal':
      return renderLiteralDefault(column, value.value, opts);
    case 'expression':
      return renderExpressionDefault(value.sql);
  }
}

export function renderColumn(column: ColumnDef, opts: RenderOptions = {}): string {
  const parts = [quoteIdent(column.name), column.columnType];
  if (isCharacterType(column.dataType) && column.charset) {
    parts.push(`CHARACTER SET ${column.charset}`);
    if (column.collation) parts.push(`COLLATE ${column.collation}`);
  }
  if (column.generated) {
    parts.push(
      `GENERATED ALWAYS AS ${parenthesize(column.generated.expression)} ${column.generated.stored ? 'STORED' : 'VIRTUAL'}`,
    );
  }
  // An explicit NULL matters for TIMESTAMP: with explicit_defaults_for_timestamp=OFF (MySQL 5.7's
  // default) a TIMESTAMP column without it becomes NOT NULL.
  if (!column.nullable) parts.push('NOT NULL');
  else if (column.dataType === 'timestamp') parts.push('NULL');
  if (!column.generated) {
    const value = renderDefault(column, column.default, opts);
    if (value !== null) parts.push(`DEFAULT ${value}`);
  }
  if (column.onUpdate) parts.push(`ON UPDATE ${column.onUpdate}`);
  if (column.autoIncrement) parts.push('AUTO_INCREMENT');
  if (column.invisible) parts.push('INVISIBLE');
  if (column.comment) parts.push(`COMMENT ${quoteString(column.comment, opts)}`);
  return parts.join(' ');
}

function renderIndexPart(part: IndexPart): string {
  const target =
    part.column !== null
      ? quoteIdent(part.column) + (part.subPart !== null ? `(${part.subPart})` : '')
      : parenthesize(part.expression ?? '');
  return part.descending ? `${target} DESC` : target;
}

const INDEX_KEYWORD: Record<IndexDef['kind'], string> = {
  primary: 'PRIMARY KEY',
  unique: 'UNIQUE KEY',
  index: 'KEY',
  fulltext: 'FULLTEXT KEY',
  spatial: 'SPATIAL KEY',
};

/** The index as it appears inside CREATE TABLE. */
export function renderIndex(index: IndexDef, opts: RenderOptions = {}): string {
  const name = index.kind === 'primary' ? '' : ` ${quoteIdent(index.name)}`;
  let sql = `${INDEX_KEYWORD[index.kind]}${name} (${index.parts.map(renderIndexPart).join(', ')})`;
  if (index.comment) sql += ` COMMENT ${quoteString(index.comment, opts)}`;
  if (index.invisible) sql += ' INVISIBLE';
  return sql;
}

function renderCheck(check: CheckDef): string {
  return `CONSTRAINT ${quoteIdent(check.name)} CHECK ${parenthesize(check.clause)}`;
}

function renderTableOptions(table: TableDef, opts: RenderOptions): string {
  const options: string[] = [];
  if (table.engine) options.push(`ENGINE=${table.engine}`);
  if (table.autoIncrement !== null) options.push(`AUTO_INCREMENT=${table.autoIncrement}`);
  options.push(`DEFAULT CHARSET=${table.charset}`, `COLLATE=${table.collation}`);
  if (table.rowFormat) options.push(`ROW_FORMAT=${table.rowFormat}`);
  if (table.comment) options.push(`COMMENT=${quoteString(table.comment, opts)}`);
  return options.join(' ');
}

export interface CreateTableOptions extends Projection, RenderOptions {}

export interface RenderedTable {
  sql: string;
  /** What the projection (column subset) dropped. */
  changes: SchemaChange[];
}

/**
 * CREATE TABLE without foreign keys: they are added after the copy (renderAddForeignKeys), so
 * tables can be created and loaded in any order.
 */
export function renderCreateTable(source: TableDef, opts: CreateTableOptions = {}): RenderedTable {
  const { table, changes } = projectTable(source, opts);
  const lines = [
    ...table.columns.map((c) => renderColumn(c, opts)),
    ...table.indexes.map((i) => renderIndex(i, opts)),
    ...table.checks.map(renderCheck),
  ];
  let sql = `CREATE TABLE ${qualify(table.database, table.name)} (\n  ${lines.join(',\n  ')}\n) ${renderTableOptions(table, opts)}`;
  if (table.partitionClause) sql += `\n${table.partitionClause.trim()}`;
  return { sql, changes };
}

const REFERENTIAL_ACTIONS = new Set([
  'RESTRICT',
  'CASCADE',
  'SET NULL',
  'NO ACTION',
  'SET DEFAULT',
]);

/**
 * RESTRICT is the default and is left unsaid: MariaDB stores an explicit RESTRICT added with
 * foreign_key_checks=0 as NO ACTION (the same behaviour in InnoDB, but a visible difference).
 */
function referentialAction(clause: 'ON DELETE' | 'ON UPDATE', action: string): string {
  const normalized = action.trim().toUpperCase();
  if (normalized === 'RESTRICT') return '';
  return REFERENTIAL_ACTIONS.has(normalized) ? ` ${clause} ${normalized}` : '';
}

const columnList = (names: readonly string[]): string => names.map(quoteIdent).join(', ');

/** One foreign key as an ALTER TABLE; `parent` is where the referenced table lives on the target. */
export function renderAddForeignKey(
  table: TableDef,
  fk: ForeignKeyDef,
  parent?: ObjectName,
): string {
  const ref = parent ?? { database: fk.refDatabase, name: fk.refTable };
  return (
    `ALTER TABLE ${qualify(table.database, table.name)} ADD CONSTRAINT ${quoteIdent(fk.name)}` +
    ` FOREIGN KEY (${columnList(fk.columns)})` +
    ` REFERENCES ${qualify(ref.database, ref.name)} (${columnList(fk.refColumns)})` +
    referentialAction('ON DELETE', fk.onDelete) +
    referentialAction('ON UPDATE', fk.onUpdate)
  );
}

export interface ForeignKeyOptions extends Projection {
  /** Where each referenced table lives on the target; by default where it lives on the source. */
  parentOf?: (fk: ForeignKeyDef) => ObjectName;
}

/** The table's foreign keys (those the projection keeps), to run after the copy. */
export function renderAddForeignKeys(source: TableDef, opts: ForeignKeyOptions = {}): string[] {
  const { table } = projectTable(source, opts);
  return table.foreignKeys.map((fk) => renderAddForeignKey(table, fk, opts.parentOf?.(fk)));
}

const CHECK_OPTIONS = new Set(['CASCADED', 'LOCAL']);
const SECURITY_TYPES = new Set(['DEFINER', 'INVOKER']);

/**
 * CREATE OR REPLACE VIEW without DEFINER (the target user becomes the definer). OR REPLACE because
 * a view holds no data, so re-running the schema step must not fail on it. The definition is
 * used as read: names inside it are not rewritten.
 */
export function renderCreateView(view: ViewDef, target?: ObjectName): string {
  const name = target ?? { database: view.database, name: view.name };
  const security = view.securityType.toUpperCase();
  const checkOption = view.checkOption.toUpperCase();
  return (
    'CREATE OR REPLACE' +
    (SECURITY_TYPES.has(security) ? ` SQL SECURITY ${security}` : '') +
    ` VIEW ${qualify(name.database, name.name)} AS ${view.definition.trim()}` +
    (CHECK_OPTIONS.has(checkOption) ? ` WITH ${checkOption} CHECK OPTION` : '')
  );
}

/**
 * CREATE TRIGGER on the table's target name; a trigger lives in its table's database. The body is
 * used as read.
 */
export function renderCreateTrigger(trigger: TriggerDef, table?: ObjectName): string {
  const on = table ?? { database: trigger.database, name: trigger.table };
  return (
    `CREATE TRIGGER ${qualify(on.database, trigger.name)}` +
    ` ${trigger.timing.toUpperCase()} ${trigger.event.toUpperCase()}` +
    ` ON ${qualify(on.database, on.name)} FOR EACH ROW ${trigger.statement.trim()}`
  );
}

const IDENT = '(?:`(?:[^`]|``)*`|[\\w$]+)';
const STORED_OBJECT_HEAD = new RegExp(
  `^(\\s*CREATE\\s+(?:DEFINER\\s*=\\s*\\S+\\s+)?(?:AGGREGATE\\s+)?(?:PROCEDURE|FUNCTION|EVENT)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?)(?:${IDENT}\\s*\\.\\s*)?(${IDENT})`,
  'i',
);

function unquote(ident: string): string {
  return ident.startsWith('`') ? ident.slice(1, -1).replaceAll('``', '`') : ident;
}

/**
 * SHOW CREATE PROCEDURE/FUNCTION/EVENT text with its name qualified by the target database
 * (the server prints the bare name, which would land in the session's current database).
 * Null when the text has no definition or no recognisable name.
 */
function qualifyStoredObject(createSql: string | null, database: string): string | null {
  if (createSql === null) return null;
  const m = STORED_OBJECT_HEAD.exec(createSql);
  if (!m?.[1] || !m[2]) return null;
  return `${m[1]}${qualify(database, unquote(m[2]))}${createSql.slice(m[0].length)}`;
}

export function renderCreateRoutine(
  routine: RoutineDef,
  database = routine.database,
): string | null {
  return qualifyStoredObject(routine.createSql, database);
}

export function renderCreateEvent(event: EventDef, database = event.database): string | null {
  return qualifyStoredObject(event.createSql, database);
}
