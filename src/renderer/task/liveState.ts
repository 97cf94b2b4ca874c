import type {
  StepInfo,
  TableProgressInfo,
  TaskDetail,
  TaskSummary,
  ThrottleLimits,
} from '../../shared/api.js';
import type { ProgressCounters } from '../../shared/events.js';
import type { StreamStatus } from '../../shared/stream.js';
import type { AnyTaskSpec, StepName } from '../../shared/task.js';
import type { VerificationReport } from '../../shared/verify.js';
import { type LogLine, seedLog } from './logLines.js';
import { type Sample, STALE_MS } from './samples.js';
import { recordSamples } from './throughput.js';

export interface TableRate {
  rowsPerSecond: number;
  /** null when the rate was worked out from stored counts, which carry no bytes. */
  bytesPerSecond: number | null;
  etaSeconds: number | null;
}

export interface TableProgress {
  step: StepName;
  /** `db.table` on each side; the target is known once the store has the table. */
  source: string;
  target: string | null;
  state: TableProgressInfo['state'];
  done: number;
  total: number | null;
  rate: TableRate | null;
  /** When `rate` was measured, ms. */
  rateAt: number;
  /** When a live event last told about the table, ms; null while only the store has. */
  liveAt: number | null;
  /** The stored count at the last poll, to work a rate out of when no events come. */
  polled: { done: number; at: number } | null;
}

export interface StreamView {
  stream: string;
  status: StreamStatus;
  /** When it arrived here, ms. */
  at: number;
  /** The store's `updatedAt` of the last polled status, to tell a new one from a repeat. */
  storedAt: string | null;
}

export interface Failure {
  message: string;
  fix?: string;
}

/** What the task screen knows of one task: the stored detail with live events applied. */
export interface TaskLive {
  name: string;
  summary: TaskSummary | null;
  spec: AnyTaskSpec | null;
  steps: StepInfo[];
  /** The latest counters of each step's items that are not table rows (objects, tables). */
  stepCounters: Partial<Record<StepName, ProgressCounters>>;
  tables: Record<string, TableProgress>;
  streams: Record<string, StreamView>;
  throttle: ThrottleLimits | null;
  verification: VerificationReport | null;
  failure: Failure | null;
  log: LogLine[];
  logSeeded: boolean;
  nextLogId: number;
  throughput: Sample[];
  lag: Sample[];
  /** When a task or step event last changed the state, ms. */
  stateEventAt: number;
}

export function initialLive(name: string): TaskLive {
  return {
    name,
    summary: null,
    spec: null,
    steps: [],
    stepCounters: {},
    tables: {},
    streams: {},
    throttle: null,
    verification: null,
    failure: null,
    log: [],
    logSeeded: false,
    nextLogId: 0,
    throughput: [],
    lag: [],
    stateEventAt: 0,
  };
}

export const tableKey = (step: StepName, source: string): string => `${step}\u0000${source}`;

/** The full copy's tables are the ones with rows to count; other items count objects. */
export const isTableProgress = (step: StepName, unit: string): boolean =>
  step === 'full' && unit === 'rows';

function polledRate(
  prev: TableProgress | undefined,
  info: TableProgressInfo,
  now: number,
): TableRate | null {
  if (!prev?.polled || info.state !== 'running') return null;
  const seconds = (now - prev.polled.at) / 1000;
  const rows = info.rowsDone - prev.polled.done;
  if (seconds <= 0 || rows < 0) return null;
  const rowsPerSecond = rows / seconds;
  const left = info.rowsTotal === null ? null : Math.max(0, info.rowsTotal - info.rowsDone);
  return {
    rowsPerSecond,
    bytesPerSecond: null,
    etaSeconds: left === null || rowsPerSecond <= 0 ? null : left / rowsPerSecond,
  };
}

/**
 * A table as the store has it, unless live events are flowing for it: the store lags them by
 * up to a checkpoint, and taking its counts between two events would make the bar jump back.
 */
function mergeTable(
  prev: TableProgress | undefined,
  info: TableProgressInfo,
  now: number,
): TableProgress {
  const polled = { done: info.rowsDone, at: now };
  const settled = info.state === 'done' || info.state === 'failed';
  if (prev && prev.liveAt !== null && now - prev.liveAt < STALE_MS && !settled) {
    return { ...prev, target: info.target, polled };
  }
  return {
    step: info.step,
    source: info.source,
    target: info.target,
    state: info.state,
    done: info.rowsDone,
    total: info.rowsTotal,
    rate: settled ? null : polledRate(prev, info, now),
    rateAt: now,
    liveAt: prev?.liveAt ?? null,
    polled,
  };
}

function mergeStreams(
  current: Record<string, StreamView>,
  detail: TaskDetail,
  asOf: number,
  now: number,
): Record<string, StreamView> {
  const streams = { ...current };
  for (const s of detail.streams) {
    const prev = streams[s.stream];
    if (prev && (prev.storedAt === s.updatedAt || prev.at > asOf)) continue;
    streams[s.stream] = { stream: s.stream, status: s.status, at: now, storedAt: s.updatedAt };
  }
  return streams;
}

/**
 * Applies a `task:get` answer. `asOf` is when it was asked for: events that came after that
 * are newer than it, so the state they set is kept.
 */
export function applyDetail(
  state: TaskLive,
  detail: TaskDetail,
  asOf: number,
  now: number,
): TaskLive {
  const eventsNewer = state.stateEventAt > asOf && state.summary !== null;
  const summary: TaskSummary =
    eventsNewer && state.summary
      ? {
          ...detail.summary,
          state: state.summary.state,
          active: state.summary.active,
          currentStep: state.summary.currentStep,
        }
      : detail.summary;
  const tables = { ...state.tables };
  for (const info of detail.tables) {
    const key = tableKey(info.step, info.source);
    tables[key] = mergeTable(tables[key], info, now);
  }
  const failure =
    summary.state === 'failed'
      ? (state.failure ?? (summary.error ? { message: summary.error } : null))
      : summary.state === 'running'
        ? null
        : state.failure;
  const next: TaskLive = {
    ...state,
    summary,
    spec: detail.spec,
    steps: eventsNewer ? state.steps : detail.steps,
    tables,
    streams: mergeStreams(state.streams, detail, asOf, now),
    throttle: detail.throttle,
    verification: detail.verification,
    failure,
  };
  if (!state.logSeeded) {
    next.log = seedLog(detail.events, state.log, state.nextLogId);
    next.nextLogId = state.nextLogId + detail.events.length;
    next.logSeeded = true;
  }
  return summary.state === 'running' ? recordSamples(next, now) : next;
}
