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
    objects: buildObjects(catalogDatabases(state.catalog), state.selection),
    run: state.run,
  });
}

/** Tells whether a precheck or plan was made for the task as it is now. */
export const taskKey = (task: TaskDraft): string => JSON.stringify(task);
