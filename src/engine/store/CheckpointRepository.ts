import type { Database, Statement } from 'better-sqlite3';
import { parseJson } from './json.js';

export interface Checkpoint {
  taskId: string;
  /** Which reader the position belongs to, e.g. one per binlog stream or copied table. */
  stream: string;
  position: unknown;
  updatedAt: string;
}

interface CheckpointRow {
  task_id: string;
  stream: string;
  position_json: string;
  updated_at: string;
}

/**
 * Resume positions. Callers put a position only after the sink acknowledged everything before it
 * (chunk or transaction boundary), so resuming from it never skips data.
 */
export class CheckpointRepository {
  private readonly upsert: Statement<[string, string, string, string]>;
  private readonly one: Statement<[string, string], CheckpointRow>;
  private readonly ofTask: Statement<[string], CheckpointRow>;

  constructor(db: Database) {
    this.upsert = db.prepare(`
      INSERT INTO checkpoints (task_id, stream, position_json, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (task_id, stream) DO UPDATE SET
        position_json = excluded.position_json,
        updated_at = excluded.updated_at`);
    this.one = db.prepare('SELECT * FROM checkpoints WHERE task_id = ? AND stream = ?');
    this.ofTask = db.prepare('SELECT * FROM checkpoints WHERE task_id = ? ORDER BY stream');
  }

  get(taskId: string, stream: string): Checkpoint | undefined {
    const row = this.one.get(taskId, stream);
    return row && toCheckpoint(row);
  }

  list(taskId: string): Checkpoint[] {
    return this.ofTask.all(taskId).map(toCheckpoint);
  }

  put(taskId: string, stream: string, position: unknown): void {
    this.upsert.run(taskId, stream, JSON.stringify(position), new Date().toISOString());
  }
}

function toCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    taskId: row.task_id,
    stream: row.stream,
    position: parseJson<unknown>(
      row.position_json,
      `checkpoints.${row.task_id}.${row.stream}.position_json`,
    ),
    updatedAt: row.updated_at,
  };
}
