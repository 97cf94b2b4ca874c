import type { ServerInfo } from './catalog.js';
import type { ErrorInfo } from './errors.js';
import type { LogLevel, StepState, TaskEvent, TaskState } from './events.js';
import type { CheckResult } from './precheck.js';
import type { SchemaPlan } from './schema.js';
import type { StreamStatus } from './stream.js';
import type { SwitchoverStepName } from './switchover.js';
import type { AnyTaskSpec, StepName, UntilPoint } from './task.js';
import type { VerificationReport } from './verify.js';

export interface AppInfo {
  version: string;
  stateDir: string;
  /** 'electron' or 'browser': what hosts the window. */
  host: 'electron' | 'browser';
}

export interface TaskSummary {
  name: string;
  state: TaskState;
  currentStep: StepName | null;
  steps: StepName[];
  updatedAt: string;
  error: string | null;
  /** Running in this host's process, so pause and stop act on it. */
  active: boolean;
  /** `host:port` of each side. */
  source: string;
  target: string;
  /** Rows copied by the full step over rows to copy, 0–1; null before it has counted. */
  fullProgress: number | null;
  /** The change stream's latest lag, ms; null without a stream. */
  lagMs: number | null;
  /**
   * For a reverse task (`NAME.reverse`, prepared by the switchover), the forward task `NAME` it
   * carries the target's writes back for; null for every other task.
   */
  reverseOf: string | null;
}

export interface StepInfo {
  step: StepName;
  state: StepState;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface TableProgressInfo {
  step: StepName;
  /** `db.table` on each side. */
  source: string;
  target: string;
  state: 'pending' | 'running' | 'done' | 'failed';
  rowsDone: number;
  rowsTotal: number | null;
  chunksDone: number;
}

export interface StreamInfo {
  stream: string;
  status: StreamStatus;
  updatedAt: string;
}

export interface LogEntry {
  ts: string;
  level: LogLevel;
  message: string;
  code?: string;
}

export interface ThrottleLimits {
  /** 0 means unlimited. */
  rowsPerSecond: number;
  bytesPerSecond: number;
}

/** Everything the task screen shows, as the store has it now. */
export interface TaskDetail {
  summary: TaskSummary;
  /** The task as saved: passwords are never included. */
  spec: AnyTaskSpec;
  steps: StepInfo[];
  tables: TableProgressInfo[];
  streams: StreamInfo[];
  verification: VerificationReport | null;
  throttle: ThrottleLimits;
  /** The latest log entries, oldest first. */
  events: LogEntry[];
}

/** A message a Kafka task would send for one row, to show before the task starts. */
export interface KafkaSample {
  /** The source `db.table` the row was read from. */
  table: string;
  topic: string;
  /** The message key (the row's key as JSON); null for a table without a key. */
  key: string | null;
  /** The message value, indented for reading. */
  value: string;
}

/** What a connection test found: the server, or what is wrong and how to fix it. */
export type ConnectionTest = { ok: true; server: ServerInfo } | { ok: false; error: ErrorInfo };

/**
 * What a test of a Kafka target's brokers found: the brokers the cluster reports and how long
 * connecting and reading them took, or what is wrong and how to fix it.
 */
export type KafkaTest =
  { ok: true; brokers: string[]; ms: number } | { ok: false; error: ErrorInfo };

/** A saved connection; its password stays sealed in the engine. */
export interface SavedConnection {
  id: string;
  name: string;
  kind: 'mysql' | 'oceanbase';
  host: string;
  port: number;
  user: string;
  hasPassword: boolean;
  updatedAt: string;
}

export interface BrowseColumn {
  name: string;
  columnType: string;
}

export interface BrowseTable {
  name: string;
  estimatedRows: number;
  dataBytes: number;
  /** Has a primary key or a NOT NULL unique key (tables without one copy and sync slower). */
  hasKey: boolean;
  columns: BrowseColumn[];
}

export interface BrowseDatabase {
  name: string;
  tables: BrowseTable[];
}

export type FilterCheck = { ok: true } | { ok: false; message: string };

export interface RepairPreview {
  table: string;
  statements: string[];
}

export interface VerifyResult {
  report: VerificationReport;
  /** The statements that would make (or, when applied, made) the target equal the source. */
  repairs: RepairPreview[];
  /** The repairs were applied and the tables verified again; `report` is that second pass. */
  repaired: boolean;
}

export type { SwitchoverStepName } from './switchover.js';

export interface SwitchoverStepView {
  step: SwitchoverStepName;
  state: 'pending' | 'running' | 'done' | 'failed';
  startedAt: string | null;
  finishedAt: string | null;
  /** What the step found or did, or why it failed. */
  detail: string | null;
  /** The forward stream's lag when the step ended, ms (checks and drain). */
  lagMs: number | null;
}

export interface SwitchoverRunOptions {
  /** Set the source read-only at step 2 instead of asking that writes stopped. */
  setReadOnly: boolean;
  /** With setReadOnly: super_read_only (MySQL 5.7.8+), which stops SUPER accounts too. */
  superReadOnly?: boolean;
  /** The most lag the forward stream may show in the checks, ms (default 5000). */
  maxLagMs?: number;
  /** The final verification compares the tables changed since the last one (default), or all. */
  finalVerification?: 'changed' | 'full';
  /** Steps whose question the person already answered yes. */
  confirmed: SwitchoverStepName[];
}

/** A task's switchover as the checklist screen shows it. */
export interface SwitchoverView {
  /** Empty before the first attempt. */
  steps: SwitchoverStepView[];
  /** Running in this process now. */
  active: boolean;
  /** The step waits for the person to answer this (then call switchover:run with it confirmed). */
  question: { step: SwitchoverStepName; text: string } | null;
  /** Cutover set the source read-only. */
  readOnlySet: boolean;
  /** The applications were moved: the reverse task keeps the old source current. */
  switchedOver: boolean;
  rolledBack: boolean;
  /** The reverse task's name once prepared. */
  reverseTask: string | null;
  /** The last failure, with its fix. */
  error: { message: string; fix: string } | null;
}

/**
 * Arguments that come from a form are checked by the engine (as a task file is), so they are
 * `unknown` here: the wizard sends what the person typed.
 *
 * Wherever an endpoint is accepted (alone or inside a task), it may name a saved connection
 * with `"connection": "<name>"` instead of carrying a password; the engine fills the password
 * in, so the window never holds it.
 */
export interface ApiCalls {
  'app:info': { args: []; result: AppInfo };
  'tasks:list': { args: []; result: TaskSummary[] };
  'task:get': { args: [name: string]; result: TaskDetail };
  /** Saves a new task (state `new`) with its passwords sealed, so it can be started later. */
  'task:save': { args: [task: unknown]; result: TaskSummary };
  'connection:test': { args: [endpoint: unknown]; result: ConnectionTest };
  'connections:list': { args: []; result: SavedConnection[] };
  /** `{name, kind, host, port, user, password?}`; without a password the saved one is kept. */
  'connection:save': { args: [connection: unknown]; result: SavedConnection };
  'connection:delete': { args: [name: string]; result: { deleted: boolean } };
  /** Databases and tables on the server, system schemas left out. */
  'catalog:browse': { args: [endpoint: unknown]; result: BrowseDatabase[] };
  /** Checks a row filter against a table's columns, as the engine would evaluate it. */
  'filter:check': {
    args: [endpoint: unknown, database: string, table: string, expression: string];
    result: FilterCheck;
  };
  'task:precheck': { args: [task: unknown]; result: CheckResult[] };
  /** A task streaming to Kafka has no schema to plan: refused with USAGE. */
  'task:plan': { args: [task: unknown]; result: SchemaPlan };
  /**
   * For a task whose target is Kafka: one row of the first selected table holding one, read
   * from the source and formatted as the full copy would send it (a read event). Nothing is
   * sent: the brokers need not be reachable.
   */
  'kafka:sample': { args: [task: unknown]; result: KafkaSample };
  /**
   * Connects to a Kafka target's brokers (the target alone, as in a task, SASL password and
   * all) and reads the cluster's brokers; nothing is sent. A target that is not valid is
   * refused with TASK_FILE_INVALID, as `connection:test` refuses an endpoint.
   */
  'kafka:test': { args: [target: unknown]; result: KafkaTest };
  /**
   * Saves the task (sealing its passwords) and starts it in the engine's process; its events
   * follow as 'task:event'.
   */
  'task:run': { args: [task: unknown, until?: UntilPoint]; result: { started: boolean } };
  /** Starts a saved task again from its last checkpoint. */
  'task:resume': { args: [name: string, until?: UntilPoint]; result: { started: boolean } };
  /** Stops a running task at its next checkpoint, leaving it `paused`. */
  'task:pause': { args: [name: string]; result: { stopping: boolean } };
  /** Stops a running task at its next checkpoint, leaving it `stopped`. */
  'task:stop': { args: [name: string]; result: { stopping: boolean } };
  /** Forgets a task that is not running: its record, checkpoints and sealed passwords. */
  'task:delete': { args: [name: string]; result: { deleted: boolean } };
  'task:throttle': { args: [name: string, limits: ThrottleLimits]; result: ThrottleLimits };
  /** Compares every table of the task; with repair, applies the repairs and compares again. */
  'task:verify': { args: [name: string, options: { repair: boolean }]; result: VerifyResult };
  /** The task's cutover report: one self-contained HTML document, from the store alone. */
  'task:report': { args: [name: string]; result: { html: string; fileName: string } };
  'switchover:get': { args: [name: string]; result: SwitchoverView };
  /**
   * Starts (or continues) the switchover in the background; it runs until done, until a step
   * asks a question not yet confirmed in `confirmed`, or until a step fails.
   */
  'switchover:run': {
    args: [name: string, options: SwitchoverRunOptions];
    result: { started: boolean };
  };
  /** Goes back to the source (after the move: drains the reverse stream first). */
  'switchover:rollback': { args: [name: string]; result: SwitchoverView };
}

export interface ApiEvents {
  'task:event': TaskEvent;
}

export type CallName = keyof ApiCalls;
export type EventName = keyof ApiEvents;

export const CALL_NAMES: readonly CallName[] = [
  'app:info',
  'tasks:list',
  'task:get',
  'task:save',
  'connection:test',
  'connections:list',
  'connection:save',
  'connection:delete',
  'catalog:browse',
  'filter:check',
  'task:precheck',
  'task:plan',
  'kafka:sample',
  'kafka:test',
  'task:run',
  'task:resume',
  'task:pause',
  'task:stop',
  'task:delete',
  'task:throttle',
  'task:verify',
  'task:report',
  'switchover:get',
  'switchover:run',
  'switchover:rollback',
];
export const EVENT_NAMES: readonly EventName[] = ['task:event'];

export interface CutoverApi {
  invoke<K extends CallName>(name: K, ...args: ApiCalls[K]['args']): Promise<ApiCalls[K]['result']>;
  on<K extends EventName>(name: K, listener: (payload: ApiEvents[K]) => void): () => void;
}

/** The IPC channels the Electron preload uses; names inside them are checked by main. */
export const IPC_INVOKE = 'cutover:invoke';
export const IPC_EVENT = 'cutover:event';
