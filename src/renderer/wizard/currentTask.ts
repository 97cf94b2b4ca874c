import { catalogDatabases } from './objectsSlice.js';
import { buildObjects } from './selection.js';
import { buildTask, type TaskDraft } from './taskDraft.js';
import type { WizardState } from './wizardStore.js';

/** The task the wizard's state describes now. */
export function draftOf(state: WizardState): TaskDraft {
  return buildTask({
    name: state.name,
    source: state.endpoints.source,
    target: state.endpoints.target,
    kafka: state.targetType === 'kafka' ? state.kafka : null,
    objects: buildObjects(catalogDatabases(state.catalog), state.selection),
    run: state.run,
  });
}

/** Tells whether a plan was made for the task as it is now. */
export const taskKey = (task: TaskDraft): string => JSON.stringify(task);

/**
 * Tells whether a precheck was made for the task as it is now. It checks the source and the
 * brokers, never a message's format, so trying formats in the sample leaves it current.
 */
export function precheckKey(task: TaskDraft): string {
  if (task.target.kind !== 'kafka') return taskKey(task);
  return taskKey({ ...task, target: { ...task.target, format: 'json', schema: false } });
}

/** What a sample message depends on: steps and options aside, which the engine then defaults. */
export function sampleTask(
  task: TaskDraft,
): Pick<TaskDraft, 'name' | 'source' | 'target' | 'objects'> {
  const { name, source, target, objects } = task;
  return { name, source, target, objects };
}

/** Tells whether a sample message was made for the task as it is now. */
export const sampleKey = (task: TaskDraft): string => JSON.stringify(sampleTask(task));
