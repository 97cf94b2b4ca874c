import type { Database, Statement } from 'better-sqlite3';
import { parseJsonColumn, toJsonColumn } from './json.js';

export const EVENT_LEVELS = ['info', 'warn', 'error'] as const;
export type EventLevel = (typeof EVENT_LEVELS)[number];

export interface TaskEvent {
  /** Increases with every event, so a reader can ask for what came after the last one it saw. */
  id: number;
  taskId: string;
  ts: string;
  level: EventLevel;
  code: string | null;
  message: string;
  data: unknown;
}

export interface TaskEventInput {
  taskId: string;
  level: EventLevel;
  code?: string;
  message: string;
  /** Must not hold secrets: events are shown and exported as they are. */
  data?: unknown;
}

interface EventRecord {
  id: number;
  task_id: string;
  ts: string;
  level: EventLevel;
  code: string | null;
  message: string;
  data_json: string | null;
}

interface AppendParams {
  taskId: string;
  ts: string;
  level: EventLevel;
  code: string | null;
  message: string;
  dataJson: string | null;
}

export const DEFAULT_EVENT_LIMIT = 500;

/** The task's event log, read incrementally by id. */
export class EventRepository {
  private readonly insert: Statement<AppendParams, EventRecord>;
  private readonly since: Statement<[string, number, number], EventRecord>;

  constructor(db: Database) {
    this.insert = db.prepare(`
      INSERT INTO task_events (task_id, ts, level, code, message, data_json)
      VALUES (@taskId, @ts, @level, @code, @message, @dataJson)
      RETURNING *`);
    this.since = db.prepare(
      'SELECT * FROM task_events WHERE task_id = ? AND id > ? ORDER BY id LIMIT ?',
    );
  }

  append(event: TaskEventInput): TaskEvent {
    const record = this.insert.get({
      taskId: event.taskId,
      ts: new Date().toISOString(),
      level: event.level,
      code: event.code ?? null,
      message: event.message,
      dataJson: toJsonColumn(event.data),
    });
    if (record === undefined)
      throw new Error(`Appending an event to task ${event.taskId} returned no row.`);
    return toEvent(record);
  }

  /** Events with an id above `afterId`, oldest first, at most `limit` of them. */
  listSince(taskId: string, afterId = 0, limit = DEFAULT_EVENT_LIMIT): TaskEvent[] {
    return this.since.all(taskId, afterId, limit).map(toEvent);
  }
}

function toEvent(record: EventRecord): TaskEvent {
  return {
    id: record.id,
    taskId: record.task_id,
    ts: record.ts,
    level: record.level,
    code: record.code,
    message: record.message,
    data: parseJsonColumn<unknown>(record.data_json, `task_events.${record.id}.data_json`),
  };
}
