import type { ErrorInfo } from './errors.js';
import type { StreamStatus } from './stream.js';
import type { StepName } from './task.js';

export type StepState = 'pending' | 'running' | 'done' | 'failed' | 'skipped';
export type TaskState = 'new' | 'running' | 'paused' | 'stopped' | 'failed' | 'done';
export type LogLevel = 'info' | 'warn' | 'error';

export interface ProgressCounters {
  done: number;
  total: number;
  /** What `done` and `total` count: objects, rows, … */
  unit: string;
}

export interface ProgressRate {
  rowsPerSecond: number;
  bytesPerSecond: number;
  /** null while there is no pace to go by. */
  etaSeconds: number | null;
}

/** What the engine tells its hosts while a task runs. */
export type TaskEvent =
  | { type: 'task'; task: string; state: TaskState; error?: ErrorInfo }
  | { type: 'step'; task: string; step: StepName; state: StepState; error?: ErrorInfo }
  | {
      type: 'progress';
      task: string;
      step: StepName;
      item: string;
      counters: ProgressCounters;
      rate?: ProgressRate;
      /** The item is complete (a table copied, an object created). */
      finished: boolean;
    }
  | { type: 'log'; task: string; level: LogLevel; message: string; code?: string }
  /** A change stream's lag and rates, about once a second while it runs. */
  | { type: 'stream'; task: string; step: StepName; stream: string; status: StreamStatus };
