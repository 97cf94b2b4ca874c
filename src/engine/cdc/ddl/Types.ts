// The shapes a parsed DDL statement is reported in: table references, kinds and mentions.

/**
 * A table as the source server resolves it. An unqualified name in a statement logged without a
 * default database gets database '' (the server refuses such a statement, so it only shows up in
 * hand-made input).
 */
export interface TableRef {
  database: string;
  table: string;
}

export type DdlKind =
  | 'create-table'
  | 'create-table-like'
  | 'create-table-select' // CREATE TABLE ... [AS] SELECT / TABLE / VALUES / WITH (CTAS)
  | 'alter-table' // includes ALTER TABLE t RENAME [TO|AS] u, reported in `renames`
  | 'rename-table'
  | 'truncate'
  | 'drop-table'
  | 'create-index'
  | 'drop-index'
  | 'transaction' // BEGIN, COMMIT, ROLLBACK, XA ..., SAVEPOINT ...
  | 'ignored' // never touches rows or structure of replicated tables (users, views, temp tables...)
  | 'other'; // anything else, DML in statement format included

export interface TableMention {
  ref: TableRef;
  /** [start, end) in the original sql, covering the whole name as written (`db`.`t`, t, ...). */
  start: number;
  end: number;
  /**
   * subject: the table the statement acts on; source: a LIKE or query source; reference: FOREIGN
   * KEY ... REFERENCES, EXCHANGE PARTITION ... WITH TABLE, a MERGE table's UNION=(...).
   */
  role: 'subject' | 'source' | 'rename-from' | 'rename-to' | 'reference';
}

export type Role = TableMention['role'];

export interface DdlStatement {
  kind: DdlKind;
  sql: string;
  defaultDatabase: string | null;
  /**
   * Every table name mentioned in a table position, in order of appearance. 'transaction' and
   * 'ignored' statements carry none; 'other' carries the ones the reader is sure of (the written
   * table of INSERT/REPLACE/UPDATE/DELETE/LOAD DATA as 'subject', tables read as 'source').
   */
  mentions: TableMention[];
  /** For rename-table and alter-table ... RENAME: each from → to pair. */
  renames: { from: TableRef; to: TableRef }[];
  ifExists: boolean;
  ifNotExists: boolean;
}
