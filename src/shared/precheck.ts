export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface CheckResult {
  /** Stable identifier, e.g. `source.binlog.format`. */
  id: string;
  title: string;
  status: CheckStatus;
  /** What was found. */
  detail: string;
  /** What to do about it (empty on pass). */
  fix: string;
  /** SQL that fixes it, where the fix is SQL. */
  sql?: string;
  /** The objects concerned, `db.table` or `db.table.column`. */
  objects?: string[];
}
