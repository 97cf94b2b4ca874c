import type { Database, Statement } from 'better-sqlite3';

export const SCHEMA_OBJECT_STATES = ['created', 'skipped', 'failed', 'exists'] as const;
export type SchemaObjectState = (typeof SCHEMA_OBJECT_STATES)[number];

/** One object the schema step created (or decided not to) on the target. */
export interface SchemaObject {
  taskId: string;
  /** e.g. database, table, view, trigger, routine, event, index, foreign-key. */
  kind: string;
  /** Qualified target name, e.g. `shop`.`orders`. */
  object: string;
  /** Which pass created it, e.g. tables before foreign keys. */
  phase: string;
  state: SchemaObjectState;
  sql: string | null;
  error: string | null;
  updatedAt: string;
}

export interface SchemaObjectInput {
  taskId: string;
  kind: string;
  object: string;
  phase: string;
  state: SchemaObjectState;
  sql?: string | null;
  error?: string | null;
}

interface SchemaObjectRecord {
  task_id: string;
  kind: string;
  object: string;
  phase: string;
  state: SchemaObjectState;
  sql: string | null;
  error: string | null;
  updated_at: string;
}

interface RecordParams {
  taskId: string;
  kind: string;
  object: string;
  phase: string;
  state: SchemaObjectState;
  sql: string | null;
  error: string | null;
  updatedAt: string;
}

/** What the schema step did on the target, so a rerun skips what exists and a report can list it. */
export class SchemaObjectRepository {
  private readonly upsert: Statement<RecordParams>;
  private readonly ofTask: Statement<[string], SchemaObjectRecord>;

  constructor(db: Database) {
    this.upsert = db.prepare(`
      INSERT INTO schema_objects (task_id, kind, object, phase, state, sql, error, updated_at)
      VALUES (@taskId, @kind, @object, @phase, @state, @sql, @error, @updatedAt)
      ON CONFLICT (task_id, kind, object) DO UPDATE SET
        phase = excluded.phase,
        state = excluded.state,
        sql = excluded.sql,
        error = excluded.error,
        updated_at = excluded.updated_at`);
    // rowid order is the order objects were first recorded, i.e. the order they were created in.
    this.ofTask = db.prepare('SELECT * FROM schema_objects WHERE task_id = ? ORDER BY rowid');
  }

  record(object: SchemaObjectInput): void {
    this.upsert.run({
      taskId: object.taskId,
      kind: object.kind,
      object: object.object,
      phase: object.phase,
      state: object.state,
      sql: object.sql ?? null,
      error: object.error ?? null,
      updatedAt: new Date().toISOString(),
    });
  }

  list(taskId: string): SchemaObject[] {
    return this.ofTask.all(taskId).map((record) => ({
      taskId: record.task_id,
      kind: record.kind,
      object: record.object,
      phase: record.phase,
      state: record.state,
      sql: record.sql,
      error: record.error,
      updatedAt: record.updated_at,
    }));
  }
}
