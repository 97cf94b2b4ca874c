import type { ServerInfo } from './catalog.js';
import type { ErrorInfo } from './errors.js';
import type { TaskEvent, TaskState } from './events.js';
import type { CheckResult } from './precheck.js';
import type { SchemaPlan } from './schema.js';
import type { StepName, UntilPoint } from './task.js';

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
/** What a connection test found: the server, or what is wrong and how to fix it. */
export type ConnectionTest = { ok: true; server: ServerInfo } | { ok: false; error: ErrorInfo };

/**
 * Arguments that come from a form are checked by the engine (as a task file is), so they are
 * `unknown` here: the wizard sends what the person typed.
 */
export interface ApiCalls {
  'app:info': { args: []; result: AppInfo };
  'tasks:list': { args: []; result: TaskSummary[] };
  'connection:test': { args: [endpoint: unknown]; result: ConnectionTest };
  'task:precheck': { args: [task: unknown]; result: CheckResult[] };
  'task:plan': { args: [task: unknown]; result: SchemaPlan };
  /** Starts (or resumes) a task in the engine's process; its events follow as 'task:event'. */
  'task:run': { args: [task: unknown, until?: UntilPoint]; result: { started: boolean } };
  /** Asks a running task to stop at its next checkpoint. */
  'task:stop': { args: [name: string]; result: { stopping: boolean } };
}

export interface ApiEvents {
  'task:event': TaskEvent;
}

export type CallName = keyof ApiCalls;
export type EventName = keyof ApiEvents;

export const CALL_NAMES: readonly CallName[] = [
  'app:info',
  'tasks:list',
  'connection:test',
  'task:precheck',
  'task:plan',
  'task:run',
  'task:stop',
];
export const EVENT_NAMES: readonly EventName[] = ['task:event'];

export interface CutoverApi {
  invoke<K extends CallName>(name: K, ...args: ApiCalls[K]['args']): Promise<ApiCalls[K]['result']>;
  on<K extends EventName>(name: K, listener: (payload: ApiEvents[K]) => void): () => void;
}

/** The IPC channels the Electron preload uses; names inside them are checked by main. */
export const IPC_INVOKE = 'cutover:invoke';
export const IPC_EVENT = 'cutover:event';
