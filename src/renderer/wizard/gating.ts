import { draftOf, precheckKey, taskKey } from './currentTask.js';
import { endpointErrors, SIDE_LABELS, SIDES } from './endpointForm.js';
import { kafkaErrors } from './kafkaForm.js';
import { catalogDatabases, filterKey } from './objectsSlice.js';
import { isCurrent } from './reviewSlice.js';
import { selectionProblems, tableSettings } from './selection.js';
import { runErrors, taskNameError } from './taskDraft.js';
import type { WizardState } from './wizardStore.js';

function connectionsBlocker(state: WizardState): string | null {
  const nameError = taskNameError(state.name);
  if (nameError) return `Task name: ${nameError}`;
  for (const side of SIDES) {
    const [first] = Object.values(
      side === 'target' && state.targetType === 'kafka'
        ? kafkaErrors(state.kafka)
        : endpointErrors(state.endpoints[side]),
    );
    if (first) return `${SIDE_LABELS[side]}: ${first}`;
  }
  return null;
}

function filtersBlocker(state: WizardState): string | null {
  let waiting = false;
  for (const db of catalogDatabases(state.catalog)) {
    const chosen = state.selection.selected[db.name];
    if (!chosen) continue;
    for (const table of chosen) {
      if (tableSettings(state.selection, db.name, table).where.trim() === '') continue;
      const filter = state.filters[filterKey(db.name, table)];
      if (filter?.status === 'invalid') {
        // The message itself shows under the field; the table is named here to find it by.
        return `The row filter of ${db.name}.${table} is not valid.`;
      }
      if (filter?.status !== 'valid') waiting = true;
    }
  }
  return waiting ? 'Waiting for the row filters to be checked.' : null;
}

function objectsBlocker(state: WizardState): string | null {
  switch (state.catalog.status) {
    case 'idle':
    case 'loading':
      return 'Reading the source’s tables…';
    case 'failed':
      return 'The source’s tables could not be read: see the error above.';
  }
  const [problem] = selectionProblems(state.catalog.databases, state.selection);
  return problem ?? filtersBlocker(state);
}

function precheckBlocker(state: WizardState): string | null {
  const { precheck } = state;
  if (precheck.status === 'idle') return 'Run the precheck.';
  if (!isCurrent(precheck, precheckKey(draftOf(state)))) {
    return 'The task changed since the precheck ran: run it again.';
  }
  if (precheck.status === 'running') return 'The precheck is running.';
  if (precheck.status === 'failed') return 'The precheck could not run: see the error above.';
  const failed = precheck.result.filter((c) => c.status === 'fail').length;
  return failed > 0
    ? `${failed} check${failed === 1 ? '' : 's'} failed: fix ${failed === 1 ? 'it' : 'them'}, then run the precheck again.`
    : null;
}

function planBlocker(state: WizardState): string | null {
  if (state.targetType === 'kafka') return null;
  const { plan } = state;
  if (plan.status === 'idle' || !isCurrent(plan, taskKey(draftOf(state)))) {
    return 'The schema plan has not been made for the task as it is now.';
  }
  if (plan.status === 'running') return 'Planning the schema…';
  if (plan.status === 'failed') return 'The schema could not be planned: see the error above.';
  return null;
}

function startBlocker(state: WizardState): string | null {
  if (state.submit.status === 'running') return 'Handing the task to the engine…';
  return runErrors(state.run, state.targetType)[0] ?? null;
}

const BLOCKERS = [
  connectionsBlocker,
  objectsBlocker,
  precheckBlocker,
  planBlocker,
  startBlocker,
] as const;

/** Why the person cannot go on from a step (or, on the last, start), or null when they can. */
export function stepBlocker(state: WizardState, step: number): string | null {
  return BLOCKERS[step]?.(state) ?? null;
}

/** A step can be opened when every step before it can be left. */
export function canOpen(state: WizardState, step: number): boolean {
  for (let i = 0; i < step; i++) if (stepBlocker(state, i) !== null) return false;
  return true;
}
