import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { ErrorInfo } from '../../shared/errors.js';
import type { TaskState } from '../../shared/events.js';
import {
  isKafkaTask,
  type AnyTaskSpec,
  type DatabaseEndpointSpec,
  type StepName,
  type TaskSpec,
} from '../../shared/task.js';
import { CutoverError } from '../errors.js';
import { parseJson, parseJsonColumn, toJsonColumn } from './json.js';

export interface Task {
  id: string;
  name: string;
  /** As given, minus passwords: those live only in the environment or a sealed endpoint. */
  spec: AnyTaskSpec;
  state: TaskState;
  currentStep: StepName | null;
  error: ErrorInfo | null;
  createdAt: string;
  updatedAt: string;
}

export interface TaskStateChange {
  /** undefined keeps the current step. */
  currentStep?: StepName | null;
  /** Cleared unless given, so a resumed task does not keep showing its old failure. */
  error?: ErrorInfo | null;
}

interface TaskRow {
  id: string;
  name: string;
  spec_json: string;
  state: TaskState;
  current_step: StepName | null;
  error_json: string | null;
  created_at: string;
  updated_at: string;
}

interface InsertParams {
  id: string;
  name: string;
  specJson: string;
  now: string;
}

interface SetStateParams {
  id: string;
  state: TaskState;
  keepStep: 0 | 1;
  currentStep: StepName | null;
  errorJson: string | null;
  now: string;
}

export class TaskRepository {
  private readonly insert: Statement<InsertParams, TaskRow>;
  private readonly byId: Statement<[string], TaskRow>;
  private readonly byName: Statement<[string], TaskRow>;
  private readonly all: Statement<[], TaskRow>;
  private readonly update: Statement<SetStateParams, TaskRow>;
  private readonly remove: Statement<[string]>;
  private readonly replaceSpec: Statement<[string, string, string], TaskRow>;

  constructor(db: Database) {
    this.insert = db.prepare(`
      INSERT INTO tasks (id, name, spec_json, created_at, updated_at) VALUES (@id, @name, @specJson, @now, @now)
      ON CONFLICT (name) DO NOTHING
      RETURNING *`);
    this.byId = db.prepare('SELECT * FROM tasks WHERE id = ?');
    this.byName = db.prepare('SELECT * FROM tasks WHERE name = ?');
    this.all = db.prepare('SELECT * FROM tasks ORDER BY created_at, name');
    this.update = db.prepare(`
      UPDATE tasks SET
        state = @state,
        current_step = CASE WHEN @keepStep THEN current_step ELSE @currentStep END,
        error_json = @errorJson,
        updated_at = @now
      WHERE id = @id
      RETURNING *`);
    this.remove = db.prepare('DELETE FROM tasks WHERE id = ?');
    this.replaceSpec = db.prepare(
      'UPDATE tasks SET spec_json = ?, updated_at = ? WHERE id = ? RETURNING *',
    );
  }

  /** The task named `spec.name`, created from `spec` if there is none (an existing one is kept as is). */
  createOrGet(spec: AnyTaskSpec): { task: Task; created: boolean } {
    const inserted = this.insert.get({
      id: randomUUID(),
      name: spec.name,
      specJson: JSON.stringify(withoutPasswords(spec)),
      now: new Date().toISOString(),
    });
    if (inserted) return { task: toTask(inserted), created: true };
    const existing = this.byName.get(spec.name);
    if (existing === undefined) throw new Error(`Task ${spec.name} was neither created nor found.`);
    return { task: toTask(existing), created: false };
  }

  get(id: string): Task | undefined {
    const row = this.byId.get(id);
    return row && toTask(row);
  }

  getByName(name: string): Task | undefined {
    const row = this.byName.get(name);
    return row && toTask(row);
  }

  list(): Task[] {
    return this.all.all().map(toTask);
  }

  setState(id: string, state: TaskState, change: TaskStateChange = {}): Task {
    const row = this.update.get({
      id,
      state,
      keepStep: change.currentStep === undefined ? 1 : 0,
      currentStep: change.currentStep ?? null,
      errorJson: toJsonColumn(change.error),
      now: new Date().toISOString(),
    });
    if (row === undefined) {
      throw new CutoverError(
        'TASK_NOT_FOUND',
        `There is no task with id ${id} in this state dir.`,
        'Check the task name with `cutover status`, or check --state-dir.',
      );
    }
    return toTask(row);
  }

  /**
   * Replaces the saved spec of a task that has not started yet (the wizard saved it, the person
   * changed it before starting); a started task keeps the spec its checkpoints belong to.
   */
  updateSpec(id: string, spec: AnyTaskSpec): Task {
    const row = this.replaceSpec.get(
      JSON.stringify(withoutPasswords(spec)),
      new Date().toISOString(),
      id,
    );
    if (row === undefined) {
      throw new CutoverError('TASK_NOT_FOUND', `There is no task with id ${id}.`, '');
    }
    return toTask(row);
  }

  /** Deletes the task with its steps, checkpoints, progress, events and schema object records. */
  delete(id: string): boolean {
    return this.remove.run(id).changes > 0;
  }
}

/** The spec without source/target passwords: secrets never reach SQLite in clear text. */
export function withoutPasswords<S extends AnyTaskSpec>(spec: S): S {
  if (isKafkaTask(spec)) {
    const sasl = spec.target.sasl ? { ...spec.target.sasl } : undefined;
    if (sasl) delete sasl.password;
    return {
      ...spec,
      source: withoutPassword(spec.source),
      target: { ...spec.target, ...(sasl ? { sasl } : {}) },
    };
  }
  const db: TaskSpec = spec;
  return { ...db, source: withoutPassword(db.source), target: withoutPassword(db.target) } as S;
}

function withoutPassword<T extends DatabaseEndpointSpec>(endpoint: T): T {
  const copy = { ...endpoint };
  delete copy.password;
  return copy;
}

function toTask(row: TaskRow): Task {
  const where = `tasks.${row.name}`;
  return {
    id: row.id,
    name: row.name,
    spec: parseJson<TaskSpec>(row.spec_json, `${where}.spec_json`),
    state: row.state,
    currentStep: row.current_step,
    error: parseJsonColumn<ErrorInfo>(row.error_json, `${where}.error_json`),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
