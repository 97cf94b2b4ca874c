import type { TaskSummary } from '../../shared/api.js';
import type { TaskState } from '../../shared/events.js';

/** What the screens call a task's state: `interrupted` is a run whose app closed mid-way. */
export type ShownState = TaskState | 'interrupted';

export interface TaskActions {
  resume: boolean;
  pause: boolean;
  stop: boolean;
  delete: boolean;
}

type Summary = Pick<TaskSummary, 'state' | 'active'>;

/**
 * A task whose record says running but that no process of this host runs was cut off (the
 * app or the machine went down); it resumes from its checkpoints like a paused one.
 */
export function shownState(task: Summary): ShownState {
  return task.state === 'running' && !task.active ? 'interrupted' : task.state;
}

/** Pause and stop reach only a run in this host; delete would pull the record from under one. */
export function actionsFor(task: Summary): TaskActions {
  const state = shownState(task);
  return {
    resume: !task.active && state !== 'done',
    pause: task.active,
    stop: task.active,
    delete: !task.active,
  };
}

/** Tasks that stopped short of done and that nothing runs now. */
export function unfinishedTasks<T extends Summary>(tasks: readonly T[]): T[] {
  return tasks.filter((t) => t.state !== 'done' && !t.active);
}
