/** The schema plan a user reviews before anything is created on the target. */

export type ChangeSeverity = 'info' | 'warn';

export interface SchemaChange {
  /** `db.table`, `db.table.column` or `db.table.index`. */
  object: string;
  /** Identifier of the conversion rule that made the change. */
  rule: string;
  /** What was changed, in words a DBA reads: "utf8mb4_0900_ai_ci → utf8mb4_general_ci". */
  action: string;
  /** Why the rule exists. */
  reason: string;
  severity: ChangeSeverity;
}

export type PlannedObjectKind =
  'database' | 'table' | 'foreign-key' | 'view' | 'trigger' | 'routine' | 'event';

/**
 * When a statement runs: before the copy, after it (foreign keys, triggers), or at the
 * switchover (triggers and events of a task that streams changes).
 */
export type PlanPhase = 'schema' | 'after-full' | 'switchover';

export interface PlannedStatement {
  kind: PlannedObjectKind;
  /** Target object, `db` or `db.name`. */
  object: string;
  /** Source object it comes from. */
  sourceObject: string;
  phase: PlanPhase;
  sql: string;
  /** Objects the user chose to skip, or that cannot be created on the target, stay in the plan. */
  skipped: boolean;
  skipReason?: string;
}

export interface SchemaPlan {
  statements: PlannedStatement[];
  changes: SchemaChange[];
}
