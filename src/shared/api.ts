import type { TaskEvent, TaskState } from './events.js';
import type { StepName } from './task.js';

export interface AppInfo {
  version: string;
  stateDir: string;
}

export interface TaskSummary {
  name: string;
  state: TaskState;
  currentStep: StepName | null;
  steps: StepName[];
  updatedAt: string;
  error: string | null;
}

/**
 * The one API between the engine and every host: name → arguments and result. The Electron
 * preload, the browser-mode server and the CLI all bind these same names.
 */
export interface ApiCalls {
  'app:info': { args: []; result: AppInfo };
  'tasks:list': { args: []; result: TaskSummary[] };
}

export interface ApiEvents {
  'task:event': TaskEvent;
}

export type CallName = keyof ApiCalls;
export type EventName = keyof ApiEvents;

export const CALL_NAMES: readonly CallName[] = ['app:info', 'tasks:list'];
export const EVENT_NAMES: readonly EventName[] = ['task:event'];

export interface CutoverApi {
  invoke<K extends CallName>(name: K, ...args: ApiCalls[K]['args']): Promise<ApiCalls[K]['result']>;
  on<K extends EventName>(name: K, listener: (payload: ApiEvents[K]) => void): () => void;
}

/** The IPC channels the Electron preload uses; names inside them are checked by main. */
export const IPC_INVOKE = 'cutover:invoke';
export const IPC_EVENT = 'cutover:event';
