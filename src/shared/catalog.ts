/** What the engine reads about a server and its objects. */

export type Flavor = 'mysql' | 'mariadb' | 'oceanbase';

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

export interface ServerInfo {
  flavor: Flavor;
  /** VERSION() as the server reports it. */
  versionString: string;
  /** MySQL-compatible version (for OceanBase: the MySQL version it emulates). */
  version: Version;
  /** OceanBase's own version (e.g. 4.2.1), when flavor is oceanbase. */
  obVersion: Version | null;
  versionComment: string;
  lowerCaseTableNames: number;
  sqlMode: string;
  timeZone: string;
  systemTimeZone: string;
  maxAllowedPacket: number;
  serverId: number;
  characterSetServer: string;
  collationServer: string;
}

/**
 * A column default, normalised across MySQL and MariaDB:
 * - literal: the value itself, unquoted (`x'y` for DEFAULT 'x''y', `1.50`, `2020-01-01 00:00:00`);
 *   BIT columns keep the `b'101'` form.
 * - expression: SQL as the server prints it (`current_timestamp(3)`, `(`c` * 2)`, `0x6162`).
 * MariaDB's JSON columns (LONGTEXT with CHECK (json_valid(col))) are reported as `json`.
 */
export type ColumnDefault =
  | { kind: 'none' }
  | { kind: 'null' }
  | { kind: 'literal'; value: string }
  | { kind: 'expression'; sql: string };

export interface ColumnDef {
  name: string;
  /** COLUMN_TYPE, e.g. `int(10) unsigned`, `enum('a','b')`, `varchar(20)`. */
  columnType: string;
  /** DATA_TYPE, lower case, e.g. `int`, `varchar`. */
  dataType: string;
  nullable: boolean;
  default: ColumnDefault;
  autoIncrement: boolean;
  /** `ON UPDATE` expression, e.g. `current_timestamp(3)`. */
  onUpdate: string | null;
  generated: { expression: string; stored: boolean } | null;
  charset: string | null;
  collation: string | null;
  comment: string;
  invisible: boolean;
}

export type IndexKind = 'primary' | 'unique' | 'index' | 'fulltext' | 'spatial';

export interface IndexPart {
  /** Null for an expression part. */
  column: string | null;
  expression: string | null;
  subPart: number | null;
  descending: boolean;
}

export interface IndexDef {
  name: string;
  kind: IndexKind;
  parts: IndexPart[];
  comment: string;
  invisible: boolean;
}

export interface ForeignKeyDef {
  name: string;
  columns: string[];
  refDatabase: string;
  refTable: string;
  refColumns: string[];
  onUpdate: string;
  onDelete: string;
}

export interface CheckDef {
  name: string;
  clause: string;
}

export interface TableDef {
  database: string;
  name: string;
  engine: string;
  charset: string;
  collation: string;
  comment: string;
  autoIncrement: number | null;
  rowFormat: string | null;
  columns: ColumnDef[];
  indexes: IndexDef[];
  foreignKeys: ForeignKeyDef[];
  checks: CheckDef[];
  /** The `PARTITION BY …` clause as the server prints it, or null. */
  partitionClause: string | null;
  estimatedRows: number;
  dataBytes: number;
}

export interface ViewDef {
  database: string;
  name: string;
  /** The SELECT statement. */
  definition: string;
  checkOption: string;
  securityType: string;
}

export interface TriggerDef {
  database: string;
  name: string;
  table: string;
  timing: string;
  event: string;
  statement: string;
  sqlMode: string;
}

export interface RoutineDef {
  database: string;
  name: string;
  type: 'PROCEDURE' | 'FUNCTION';
  /** SHOW CREATE … text without the DEFINER clause, when readable. */
  createSql: string | null;
}

export interface EventDef {
  database: string;
  name: string;
  createSql: string | null;
}

export interface DatabaseCatalog {
  name: string;
  charset: string;
  collation: string;
  tables: TableDef[];
  views: ViewDef[];
  triggers: TriggerDef[];
  routines: RoutineDef[];
  events: EventDef[];
}

/** A selected table and where it goes. */
export interface TableMapping {
  source: { database: string; table: string };
  target: { database: string; table: string };
  /** The columns to copy, in source order; null means all. */
  columns: string[] | null;
  /** Row filter over the source row, or null. */
  where: string | null;
}
