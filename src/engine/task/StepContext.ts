import type { TaskEvent } from '../../shared/events.js';
import type { TaskSpec } from '../../shared/task.js';
import type { SchemaLedger } from '../schema/SchemaMigrator.js';
import { SchemaObjectRepository } from '../store/SchemaObjectRepository.js';
import type { Store } from '../store/Store.js';
import type { Task } from '../store/TaskRepository.js';
import type { TaskSession } from './TaskSession.js';

/** What a step gets from the runner: the task, its servers, the store, and how to report. */
export interface StepContext {
  task: Task;
  spec: TaskSpec;
  session: TaskSession;
  store: Store;
  signal: AbortSignal;
  log(level: 'info' | 'warn' | 'error', message: string, code?: string): void;
  emit(event: TaskEvent): void;
}

/** The schema_objects table as the SchemaMigrator's memory of what it created. */
export function schemaLedger(ctx: StepContext): SchemaLedger {
  const objects = new SchemaObjectRepository(ctx.store.db);
  return {
    recorded: (kind, object) => objects.get(ctx.task.id, kind, object)?.state ?? null,
    record: (entry) => objects.record(ctx.task.id, entry),
  };
}
