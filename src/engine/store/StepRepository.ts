import type { Database, Statement } from 'better-sqlite3';
import type { ErrorInfo } from '../../shared/errors.js';
import type { StepState } from '../../shared/events.js';
import { STEP_NAMES, type StepName } from '../../shared/task.js';
import { returned } from './returning.js';
import { parseJsonColumn, toJsonColumn } from './json.js';

export interface TaskStep {
  taskId: string;
  step: StepName;
  state: StepState;
  /** When the step first started; kept across pause/resume, cleared when reset to pending. */
  startedAt: string | null;
  finishedAt: string | null;
  error: ErrorInfo | null;
  detail: unknown;
}

export interface StepStateChange {
  /** Cleared unless given. */
  error?: ErrorInfo | null;
  /** undefined keeps the current detail. */
  detail?: unknown;
}

interface StepRow {
  task_id: string;
  step: StepName;
  state: StepState;
  started_at: string | null;
  finished_at: string | null;
  error_json: string | null;
  detail_json: string | null;
}

interface SetStateParams {
  taskId: string;
  step: StepName;
  state: StepState;
  errorJson: string | null;
  keepDetail: 0 | 1;
  detailJson: string | null;
  now: string;
}

/** The state of each step of a task. */
export class StepRepository {
  private readonly insertPending: Statement<[string, StepName]>;
  private readonly upsert: Statement<SetStateParams, StepRow>;
  private readonly one: Statement<[string, StepName], StepRow>;
  private readonly ofTask: Statement<[string], StepRow>;

  constructor(db: Database) {
    this.insertPending = db.prepare(
      `INSERT INTO task_steps (task_id, step, state) VALUES (?, ?, 'pending') ON CONFLICT DO NOTHING`,
    );
    this.upsert = db.prepare(`
      INSERT INTO task_steps (task_id, step, state, started_at, finished_at, error_json, detail_json)
      VALUES (
        @taskId, @step, @state,
        CASE WHEN @state = 'running' THEN @now END,
        CASE WHEN @state IN ('done', 'failed', 'skipped') THEN @now END,
        @errorJson, @detailJson)
      ON CONFLICT (task_id, step) DO UPDATE SET
        state = excluded.state,
        started_at = CASE excluded.state
          WHEN 'pending' THEN NULL
          WHEN 'running' THEN COALESCE(task_steps.started_at, excluded.started_at)
          ELSE task_steps.started_at END,
        finished_at = excluded.finished_at,
        error_json = excluded.error_json,
        detail_json = CASE WHEN @keepDetail THEN task_steps.detail_json ELSE excluded.detail_json END
      RETURNING *`);
    this.one = db.prepare('SELECT * FROM task_steps WHERE task_id = ? AND step = ?');
    this.ofTask = db.prepare('SELECT * FROM task_steps WHERE task_id = ?');
  }

  /** Adds the steps a task runs as pending; steps already recorded keep their state. */
  plan(taskId: string, steps: readonly StepName[]): void {
    for (const step of steps) this.insertPending.run(taskId, step);
  }

  get(taskId: string, step: StepName): TaskStep | undefined {
    const row = this.one.get(taskId, step);
    return row && toStep(row);
  }

  /** The task's steps in the order they run. */
  list(taskId: string): TaskStep[] {
    return this.ofTask
      .all(taskId)
      .map(toStep)
      .sort((a, b) => STEP_NAMES.indexOf(a.step) - STEP_NAMES.indexOf(b.step));
  }

  set(taskId: string, step: StepName, state: StepState, change: StepStateChange = {}): TaskStep {
    const row = this.upsert.get({
      taskId,
      step,
      state,
      errorJson: toJsonColumn(change.error),
      keepDetail: change.detail === undefined ? 1 : 0,
      detailJson: toJsonColumn(change.detail),
      now: new Date().toISOString(),
    });
    return toStep(returned(row, `Setting step ${step} of task ${taskId}`));
  }
}

function toStep(row: StepRow): TaskStep {
  const where = `task_steps.${row.task_id}.${row.step}`;
  return {
    taskId: row.task_id,
    step: row.step,
    state: row.state,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: parseJsonColumn<ErrorInfo>(row.error_json, `${where}.error_json`),
    detail: parseJsonColumn<unknown>(row.detail_json, `${where}.detail_json`),
  };
}
