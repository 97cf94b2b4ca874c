import type { StepInfo } from '../../shared/api.js';
import type { ErrorInfo } from '../../shared/errors.js';
import type { TaskEvent } from '../../shared/events.js';
import { isTableProgress, tableKey, type Failure, type TaskLive } from './liveState.js';
import { capLog } from './logLines.js';
import { recordSamples } from './throughput.js';

type EventOf<T extends TaskEvent['type']> = Extract<TaskEvent, { type: T }>;

const failureOf = (error: ErrorInfo): Failure => ({ message: error.message, fix: error.fix });

function onTask(state: TaskLive, e: EventOf<'task'>, now: number): TaskLive {
  const summary = state.summary && {
    ...state.summary,
    state: e.state,
    // Events come only from a run in this host: it is active until it says otherwise.
    active: e.state === 'running',
    error: e.error
      ? `${e.error.code}: ${e.error.message}`
      : e.state === 'running'
        ? null
        : state.summary.error,
  };
  const failure = e.error ? failureOf(e.error) : e.state === 'running' ? null : state.failure;
  return { ...state, summary, failure, stateEventAt: now };
}

function onStep(state: TaskLive, e: EventOf<'step'>, now: number): TaskLive {
  const at = new Date(now).toISOString();
  const ended = e.state === 'done' || e.state === 'failed' || e.state === 'skipped';
  const update = (s: StepInfo): StepInfo => ({
    step: e.step,
    state: e.state,
    startedAt: e.state === 'running' ? (s.startedAt ?? at) : s.startedAt,
    finishedAt: ended ? at : e.state === 'running' ? null : s.finishedAt,
  });
  const known = state.steps.some((s) => s.step === e.step);
  const steps = known
    ? state.steps.map((s) => (s.step === e.step ? update(s) : s))
    : [...state.steps, update({ step: e.step, state: e.state, startedAt: null, finishedAt: null })];
  const summary =
    state.summary && e.state === 'running'
      ? { ...state.summary, currentStep: e.step }
      : state.summary;
  const failure = e.error ? failureOf(e.error) : state.failure;
  return { ...state, steps, summary, failure, stateEventAt: now };
}

function onProgress(state: TaskLive, e: EventOf<'progress'>, now: number): TaskLive {
  if (!isTableProgress(e.step, e.counters.unit)) {
    return { ...state, stepCounters: { ...state.stepCounters, [e.step]: e.counters } };
  }
  const key = tableKey(e.step, e.item);
  const prev = state.tables[key];
  const tables = {
    ...state.tables,
    [key]: {
      step: e.step,
      source: e.item,
      target: prev?.target ?? null,
      state: e.finished ? ('done' as const) : ('running' as const),
      done: e.counters.done,
      total: e.counters.total,
      rate: e.finished || !e.rate ? null : { ...e.rate },
      rateAt: now,
      liveAt: now,
      polled: prev?.polled ?? null,
    },
  };
  return recordSamples({ ...state, tables }, now);
}

function onStream(state: TaskLive, e: EventOf<'stream'>, now: number): TaskLive {
  const prev = state.streams[e.stream];
  const streams = {
    ...state.streams,
    [e.stream]: { stream: e.stream, status: e.status, at: now, storedAt: prev?.storedAt ?? null },
  };
  return recordSamples({ ...state, streams }, now);
}

function onLog(state: TaskLive, e: EventOf<'log'>, now: number): TaskLive {
  const line = {
    id: state.nextLogId,
    ts: new Date(now).toISOString(),
    level: e.level,
    message: e.message,
    ...(e.code ? { code: e.code } : {}),
  };
  return { ...state, log: capLog([...state.log, line]), nextLogId: state.nextLogId + 1 };
}

/** Applies one live event of this task; events of other tasks leave the state as it is. */
export function applyEvent(state: TaskLive, event: TaskEvent, now: number): TaskLive {
  if (event.task !== state.name) return state;
  switch (event.type) {
    case 'task':
      return onTask(state, event, now);
    case 'step':
      return onStep(state, event, now);
    case 'progress':
      return onProgress(state, event, now);
    case 'stream':
      return onStream(state, event, now);
    case 'log':
      return onLog(state, event, now);
  }
}
