import type { TaskLive, TableProgress } from './liveState.js';
import { addSample, STALE_MS } from './samples.js';

export interface FullCopyProgress {
  tables: number;
  tablesDone: number;
  rowsDone: number;
  rowsTotal: number;
  /** 0–1; null before any table has been counted. */
  fraction: number | null;
  rowsPerSecond: number;
  /** null when the rates came from stored counts, which carry no bytes. */
  bytesPerSecond: number | null;
  etaSeconds: number | null;
  /** Some table is being copied with a measured pace. */
  moving: boolean;
}

const fresh = (t: TableProgress, now: number): boolean =>
  t.state === 'running' && t.rate !== null && now - t.rateAt < STALE_MS;

export function fullTables(state: TaskLive): TableProgress[] {
  return Object.values(state.tables).filter((t) => t.step === 'full');
}

/**
 * The full copy in all. Tables copy side by side, so the time left is the rows left over the
 * combined pace rather than the slowest table's estimate.
 */
export function fullCopyProgress(state: TaskLive, now: number): FullCopyProgress {
  const tables = fullTables(state);
  let rowsDone = 0;
  let rowsTotal = 0;
  let rowsPerSecond = 0;
  let bytesPerSecond: number | null = null;
  let moving = false;
  for (const t of tables) {
    rowsDone += t.done;
    rowsTotal += Math.max(t.total ?? 0, t.done);
    if (!fresh(t, now) || !t.rate) continue;
    moving = true;
    rowsPerSecond += t.rate.rowsPerSecond;
    if (t.rate.bytesPerSecond !== null) {
      bytesPerSecond = (bytesPerSecond ?? 0) + t.rate.bytesPerSecond;
    }
  }
  const tablesDone = tables.filter((t) => t.state === 'done').length;
  const allDone = tables.length > 0 && tablesDone === tables.length;
  const left = Math.max(0, rowsTotal - rowsDone);
  return {
    tables: tables.length,
    tablesDone,
    rowsDone,
    rowsTotal,
    fraction: allDone ? 1 : rowsTotal > 0 ? rowsDone / rowsTotal : null,
    rowsPerSecond,
    bytesPerSecond,
    etaSeconds: allDone ? 0 : rowsPerSecond > 0 ? left / rowsPerSecond : null,
    moving,
  };
}

/** Rows a second going to the target now: the full copy's and every change stream's. */
export function currentThroughput(state: TaskLive, now: number): number {
  let rows = fullCopyProgress(state, now).rowsPerSecond;
  for (const s of Object.values(state.streams)) {
    if (now - s.at < STALE_MS) rows += s.status.rowsPerSecond;
  }
  return rows;
}

/** The largest lag of the streams heard from lately; null without one. */
export function currentLag(state: TaskLive, now: number): number | null {
  let lag: number | null = null;
  for (const s of Object.values(state.streams)) {
    if (now - s.at >= STALE_MS || s.status.lagMs === null) continue;
    lag = Math.max(lag ?? 0, s.status.lagMs);
  }
  return lag;
}

/** Adds this moment to the throughput and lag charts. */
export function recordSamples(state: TaskLive, now: number): TaskLive {
  const lag = currentLag(state, now);
  return {
    ...state,
    throughput: addSample(state.throughput, now, currentThroughput(state, now)),
    lag: lag === null ? state.lag : addSample(state.lag, now, lag),
  };
}
