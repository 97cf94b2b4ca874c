import type { Database, Statement } from 'better-sqlite3';

export type SchemaObjectState = 'created' | 'skipped' | 'failed' | 'exists';

/** One object the schema step created (or decided not to) on the target. */
export interface SchemaObject {
  taskId: string;
  /** e.g. database, table, view, trigger, routine, event. */
  kind: string;
  /** Qualified target name, e.g. shop.orders. */
  object: string;
  /** Which pass handled it, e.g. `schema` before the full copy, `after-full` after it. */
  phase: string;
  state: SchemaObjectState;
  sql: string | null;
  error: string | null;
  updatedAt: string;
}

export interface SchemaObjectInput {
  kind: string;
  object: string;
  phase: string;
  state: SchemaObjectState;
  sql?: string | null;
  error?: string | null;
}

interface SchemaObjectRow {
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
  private readonly one: Statement<[string, string, string], SchemaObjectRow>;
  private readonly ofTask: Statement<[string], SchemaObjectRow>;

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
    this.one = db.prepare(
      'SELECT * FROM schema_objects WHERE task_id = ? AND kind = ? AND object = ?',
    );
    // An upsert keeps the rowid, so rowid order is the order objects were first recorded in.
    this.ofTask = db.prepare('SELECT * FROM schema_objects WHERE task_id = ? ORDER BY rowid');
  }

  record(taskId: string, entry: SchemaObjectInput): void {
    this.upsert.run({
      taskId,
      kind: entry.kind,
      object: entry.object,
      phase: entry.phase,
      state: entry.state,
      sql: entry.sql ?? null,
      error: entry.error ?? null,
      updatedAt: new Date().toISOString(),
    });
  }

  get(taskId: string, kind: string, object: string): SchemaObject | undefined {
    const row = this.one.get(taskId, kind, object);
    return row && toSchemaObject(row);
  }

  list(taskId: string): SchemaObject[] {
    return this.ofTask.all(taskId).map(toSchemaObject);
  }
}

function toSchemaObject(row: SchemaObjectRow): SchemaObject {
  return {
    taskId: row.task_id,
    kind: row.kind,
    object: row.object,
    phase: row.phase,
    state: row.state,
    sql: row.sql,
    error: row.error,
    updatedAt: row.updated_at,
  };
}
