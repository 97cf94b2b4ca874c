import type { Database, Statement } from 'better-sqlite3';
import type { StepState } from '../../shared/events.js';
import type { StepName } from '../../shared/task.js';

export interface TableProgress {
  taskId: string;
  step: StepName;
  sourceDb: string;
  sourceTable: string;
  targetDb: string;
  targetTable: string;
  state: StepState;
  rowsDone: number;
  /** null while unknown (not yet estimated). */
  rowsTotal: number | null;
  bytesDone: number;
  chunksDone: number;
  /** null until the table has been split into chunks. */
  chunksTotal: number | null;
  updatedAt: string;
}

export type TableProgressInput = Omit<TableProgress, 'updatedAt'>;

interface ProgressRow {
  task_id: string;
  step: StepName;
  source_db: string;
  source_table: string;
  target_db: string;
  target_table: string;
  state: StepState;
  rows_done: number;
  rows_total: number | null;
  bytes_done: number;
  chunks_done: number;
  chunks_total: number | null;
  updated_at: string;
}

/** Per-table progress of a step, for progress bars and for `cutover status`. */
export class ProgressRepository {
  private readonly upsertOne: Statement<TableProgressInput & { updatedAt: string }>;
  private readonly ofTask: Statement<[string], ProgressRow>;
  private readonly ofStep: Statement<[string, StepName], ProgressRow>;

  constructor(db: Database) {
    this.upsertOne = db.prepare(`
      INSERT INTO table_progress (
        task_id, step, source_db, source_table, target_db, target_table, state,
        rows_done, rows_total, bytes_done, chunks_done, chunks_total, updated_at)
      VALUES (
        @taskId, @step, @sourceDb, @sourceTable, @targetDb, @targetTable, @state,
        @rowsDone, @rowsTotal, @bytesDone, @chunksDone, @chunksTotal, @updatedAt)
      ON CONFLICT (task_id, step, source_db, source_table) DO UPDATE SET
        target_db = excluded.target_db,
        target_table = excluded.target_table,
        state = excluded.state,
        rows_done = excluded.rows_done,
        rows_total = excluded.rows_total,
        bytes_done = excluded.bytes_done,
        chunks_done = excluded.chunks_done,
        chunks_total = excluded.chunks_total,
        updated_at = excluded.updated_at`);
    const select = 'SELECT * FROM table_progress WHERE task_id = ?';
    const order = 'ORDER BY step, source_db, source_table';
    this.ofTask = db.prepare(`${select} ${order}`);
    this.ofStep = db.prepare(`${select} AND step = ? ${order}`);
  }

  upsert(progress: TableProgressInput): void {
    this.upsertOne.run({ ...progress, updatedAt: new Date().toISOString() });
  }

  list(taskId: string, step?: StepName): TableProgress[] {
    const rows = step === undefined ? this.ofTask.all(taskId) : this.ofStep.all(taskId, step);
    return rows.map(toProgress);
  }
}

function toProgress(row: ProgressRow): TableProgress {
  return {
    taskId: row.task_id,
    step: row.step,
    sourceDb: row.source_db,
    sourceTable: row.source_table,
    targetDb: row.target_db,
    targetTable: row.target_table,
    state: row.state,
    rowsDone: row.rows_done,
    rowsTotal: row.rows_total,
    bytesDone: row.bytes_done,
    chunksDone: row.chunks_done,
    chunksTotal: row.chunks_total,
    updatedAt: row.updated_at,
  };
}
