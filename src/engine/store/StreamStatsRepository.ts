import type { Database, Statement } from 'better-sqlite3';
import { parseJson } from './json.js';

export interface StoredStreamStats<T> {
  stream: string;
  stats: T;
  updatedAt: string;
}

interface Row {
  stream: string;
  stats_json: string;
  updated_at: string;
}

/** The latest health figures of each change stream of a task. */
export class StreamStatsRepository {
  private readonly upsert: Statement<[string, string, string, string]>;
  private readonly ofTask: Statement<[string], Row>;

  constructor(db: Database) {
    this.upsert = db.prepare(`
      INSERT INTO stream_stats (task_id, stream, stats_json, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (task_id, stream) DO UPDATE SET
        stats_json = excluded.stats_json,
        updated_at = excluded.updated_at`);
    this.ofTask = db.prepare(
      'SELECT stream, stats_json, updated_at FROM stream_stats WHERE task_id = ? ORDER BY stream',
    );
  }

  put(taskId: string, stream: string, stats: unknown): void {
    this.upsert.run(taskId, stream, JSON.stringify(stats), new Date().toISOString());
  }

  list<T>(taskId: string): StoredStreamStats<T>[] {
    return this.ofTask.all(taskId).map((r) => ({
      stream: r.stream,
      stats: parseJson<T>(r.stats_json, `stream_stats.${taskId}.${r.stream}`),
      updatedAt: r.updated_at,
    }));
  }
}
