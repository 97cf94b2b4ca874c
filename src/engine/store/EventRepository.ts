import type { Database, Statement } from 'better-sqlite3';
import type { LogLevel } from '../../shared/events.js';
import { returned } from './returning.js';
import { parseJsonColumn, toJsonColumn } from './json.js';

/** One entry of a task's event log as stored. */
export interface StoredEvent {
  /** Increases with every event, so a reader can ask for what came after the last one it saw. */
  id: number;
  taskId: string;
  ts: string;
  level: LogLevel;
  code: string | null;
  message: string;
  data: unknown;
}

export interface EventInput {
  level: LogLevel;
  code?: string;
  message: string;
  /** Must not hold secrets: events are shown and exported as they are. */
  data?: unknown;
}

export interface EventQuery {
  /** Only events with a higher id; 0 (the default) for all. */
  afterId?: number;
  limit?: number;
  /** The newest `limit` events instead of the oldest; still returned oldest first. */
  latest?: boolean;
}

interface EventRow {
  id: number;
  task_id: string;
  ts: string;
  level: LogLevel;
  code: string | null;
  message: string;
  data_json: string | null;
}

interface AppendParams {
  taskId: string;
  ts: string;
  level: LogLevel;
  code: string | null;
  message: string;
  dataJson: string | null;
}

export const DEFAULT_EVENT_LIMIT = 500;

/** The task's event log, read incrementally by id. */
export class EventRepository {
  private readonly insert: Statement<AppendParams, EventRow>;
  private readonly oldest: Statement<[string, number, number], EventRow>;
  private readonly newest: Statement<[string, number, number], EventRow>;
  private readonly newestProblems: Statement<[string, number], EventRow>;
  private readonly problemCount: Statement<[string], { n: number }>;

  constructor(db: Database) {
    this.insert = db.prepare(`
      INSERT INTO task_events (task_id, ts, level, code, message, data_json)
      VALUES (@taskId, @ts, @level, @code, @message, @dataJson)
      RETURNING *`);
    const after = 'SELECT * FROM task_events WHERE task_id = ? AND id > ?';
    this.oldest = db.prepare(`${after} ORDER BY id LIMIT ?`);
    this.newest = db.prepare(`SELECT * FROM (${after} ORDER BY id DESC LIMIT ?) ORDER BY id`);
    const problems = "FROM task_events WHERE task_id = ? AND level IN ('warn', 'error')";
    this.newestProblems = db.prepare(
      `SELECT * FROM (SELECT * ${problems} ORDER BY id DESC LIMIT ?) ORDER BY id`,
    );
    this.problemCount = db.prepare(`SELECT count(*) AS n ${problems}`);
  }

  append(taskId: string, event: EventInput): StoredEvent {
    const row = this.insert.get({
      taskId,
      ts: new Date().toISOString(),
      level: event.level,
      code: event.code ?? null,
      message: event.message,
      dataJson: toJsonColumn(event.data),
    });
    return toEvent(returned(row, `Appending an event to task ${taskId}`));
  }

  /** The task's events in id order, at most `limit` (default 500) of them. */
  list(taskId: string, query: EventQuery = {}): StoredEvent[] {
    const statement = query.latest ? this.newest : this.oldest;
    return statement
      .all(taskId, query.afterId ?? 0, query.limit ?? DEFAULT_EVENT_LIMIT)
      .map(toEvent);
  }

  /** The newest `limit` warnings and errors, oldest first, and how many the task has in all. */
  problems(taskId: string, limit: number): { events: StoredEvent[]; total: number } {
    return {
      events: this.newestProblems.all(taskId, limit).map(toEvent),
      total: this.problemCount.get(taskId)?.n ?? 0,
    };
  }
}

function toEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    taskId: row.task_id,
    ts: row.ts,
    level: row.level,
    code: row.code,
    message: row.message,
    data: parseJsonColumn<unknown>(row.data_json, `task_events.${row.id}.data_json`),
  };
}
