import type { KafkaSample } from '../../shared/api.js';
import type { CheckResult } from '../../shared/precheck.js';
import type { PlannedStatement, SchemaPlan } from '../../shared/schema.js';
import type { ObjectChoice, StepName } from '../../shared/task.js';
import { shownError, type ShownError } from '../errors.js';
import { catalogDatabases } from './objectsSlice.js';
import { splitObject } from './planView.js';
import { selectTables, setObjectChoice, type ObjectKind } from './selection.js';
import { DEFAULT_RUN, type RunSettings, type TaskDraft, type WizardOptions } from './taskDraft.js';
import { draftOf, precheckKey, sampleKey, sampleTask, taskKey } from './currentTask.js';
import type { SliceContext } from './wizardStore.js';

/**
 * A call made for the task as it was when asked: `key` tells whether the task still is so. A
 * repeated call keeps the last result to show until the new one comes.
 */
export type TaskCall<T> =
  | { status: 'idle' }
  | { status: 'running'; key: string; last: T | null }
  | { status: 'done'; key: string; result: T }
  | { status: 'failed'; key: string; error: ShownError };

export type SubmitState =
  { status: 'idle' } | { status: 'running' } | { status: 'failed'; error: ShownError };

export interface ReviewData {
  precheck: TaskCall<CheckResult[]>;
  plan: TaskCall<SchemaPlan>;
  /** A message the Kafka target would get, for a task streaming to Kafka. */
  sample: TaskCall<KafkaSample>;
  /** Tables unticked in the schema preview: they leave the plan, and are listed to tick again. */
  planExcluded: PlannedStatement[];
  run: RunSettings;
  submit: SubmitState;
}

export interface ReviewActions {
  runPrecheck(): Promise<void>;
  runPlan(): Promise<void>;
  runSample(): Promise<void>;
  /** Ticks or unticks a table's CREATE in the preview: in or out of the selection, then re-plans. */
  setTableCreated(statement: PlannedStatement, created: boolean): Promise<void>;
  setObjectChoice(database: string, kind: ObjectKind, choice: ObjectChoice): Promise<void>;
  setStep(step: StepName, on: boolean): void;
  setOptions(options: Partial<WizardOptions>): void;
  /** Saves and starts the task; true once the engine has it. */
  start(): Promise<boolean>;
  /** Saves the task without starting it; true once the engine has it. */
  saveTask(): Promise<boolean>;
}

export function reviewData(): ReviewData {
  return {
    precheck: { status: 'idle' },
    plan: { status: 'idle' },
    sample: { status: 'idle' },
    planExcluded: [],
    run: { steps: [...DEFAULT_RUN.steps], options: { ...DEFAULT_RUN.options } },
    submit: { status: 'idle' },
  };
}

/** Whether a call's result describes the task as it is now. */
export function isCurrent(call: TaskCall<unknown>, key: string): boolean {
  return call.status !== 'idle' && call.key === key;
}

/** The newest result a call has, even while it runs again. */
export function lastResult<T>(call: TaskCall<T>): T | null {
  if (call.status === 'done') return call.result;
  return call.status === 'running' ? call.last : null;
}

export function reviewActions({ set, get, client }: SliceContext): ReviewActions {
  // Numbers each request, so only the latest one's answer is shown: asked twice for the same
  // task, the first answer may well arrive last.
  let requests = 0;
  const latest: Record<'precheck' | 'plan' | 'sample', number> = {
    precheck: 0,
    plan: 0,
    sample: 0,
  };

  async function taskCall<T>(
    name: 'precheck' | 'plan' | 'sample',
    current: () => TaskCall<T>,
    put: (state: TaskCall<T>) => void,
    call: (task: TaskDraft) => Promise<T>,
    keyOf: (task: TaskDraft) => string = taskKey,
  ): Promise<void> {
    const request = ++requests;
    latest[name] = request;
    const task = draftOf(get());
    const key = keyOf(task);
    put({ status: 'running', key, last: lastResult(current()) });
    let outcome: TaskCall<T>;
    try {
      outcome = { status: 'done', key, result: await call(task) };
    } catch (e) {
      outcome = { status: 'failed', key, error: shownError(e) };
    }
    // Not running any more means the wizard was reset meanwhile.
    if (latest[name] === request && current().status === 'running') put(outcome);
  }

  const submit = async (send: () => Promise<unknown>): Promise<boolean> => {
    set({ submit: { status: 'running' } });
    try {
      await send();
      set({ submit: { status: 'idle' } });
      return true;
    } catch (e) {
      set({ submit: { status: 'failed', error: shownError(e) } });
      return false;
    }
  };

  const runPlan = () =>
    taskCall(
      'plan',
      () => get().plan,
      (plan) => set({ plan }),
      (task) => client().invoke('task:plan', task),
    );

  return {
    runPrecheck: () =>
      taskCall(
        'precheck',
        () => get().precheck,
        (precheck) => set({ precheck }),
        (task) => client().invoke('task:precheck', task),
        precheckKey,
      ),

    runPlan,

    runSample: () =>
      taskCall(
        'sample',
        () => get().sample,
        (sample) => set({ sample }),
        (task) => client().invoke('kafka:sample', sampleTask(task)),
        sampleKey,
      ),

    async setTableCreated(statement, created) {
      const databases = catalogDatabases(get().catalog).map((db) => db.name);
      const at = splitObject(statement.sourceObject, databases);
      if (!at) return;
      set((s) => ({
        selection: selectTables(s.selection, at.database, [at.name], created),
        planExcluded: [
          ...s.planExcluded.filter((p) => p.sourceObject !== statement.sourceObject),
          ...(created ? [] : [statement]),
        ],
      }));
      await runPlan();
    },

    async setObjectChoice(database, kind, choice) {
      set((s) => ({ selection: setObjectChoice(s.selection, database, kind, choice) }));
      await runPlan();
    },

    setStep: (step, on) =>
      set((s) => ({
        run: {
          ...s.run,
          steps: on ? [...new Set([...s.run.steps, step])] : s.run.steps.filter((x) => x !== step),
        },
      })),

    setOptions: (options) =>
      set((s) => ({ run: { ...s.run, options: { ...s.run.options, ...options } } })),

    start: () => submit(() => client().invoke('task:run', draftOf(get()))),

    saveTask: () => submit(() => client().invoke('task:save', draftOf(get()))),
  };
}
