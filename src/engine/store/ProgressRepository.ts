import type { Database, Statement } from 'better-sqlite3';
import type { StepName } from '../../shared/task.js';
import type { StepState } from './StepRepository.js';

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

interface ProgressRecord {
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
  private readonly ofTask: Statement<[string], ProgressRecord>;
  private readonly ofStep: Statement<[string, StepName], ProgressRecord>;

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
    const records = step === undefined ? this.ofTask.all(taskId) : this.ofStep.all(taskId, step);
    return records.map(toProgress);
  }
}

function toProgress(record: ProgressRecord): TableProgress {
  return {
    taskId: record.task_id,
    step: record.step,
    sourceDb: record.source_db,
    sourceTable: record.source_table,
    targetDb: record.target_db,
    targetTable: record.target_table,
    state: record.state,
    rowsDone: record.rows_done,
    rowsTotal: record.rows_total,
    bytesDone: record.bytes_done,
    chunksDone: record.chunks_done,
    chunksTotal: record.chunks_total,
    updatedAt: record.updated_at,
  };
}
