import type { TaskState } from '../../shared/events.js';
import type { SwitchoverStepName } from '../../shared/switchover.js';
import type { StepName } from '../../shared/task.js';

/**
 * How values read in a report. A fixed locale and UTC, so the document a customer signs reads
 * the same wherever it was made, and its times match the servers' logs (kept in UTC).
 */
const numbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return numbers.format(n);
}

/** "2025-03-01 14:05:09 UTC"; a dash when there is no time. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Milliseconds between two ISO times; null unless both are known. */
export function elapsedMs(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? Math.max(0, ms) : null;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "0.4 s", "12.0 s", "3 min 20 s", "2 h 5 min", "1 d 3 h"; a dash when unknown. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < MINUTE * 1000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  const pair = (big: number, bigUnit: string, small: number, smallUnit: string): string =>
    small > 0 ? `${big} ${bigUnit} ${small} ${smallUnit}` : `${big} ${bigUnit}`;
  if (s < HOUR) return pair(Math.floor(s / MINUTE), 'min', s % MINUTE, 's');
  if (s < DAY) return pair(Math.floor(s / HOUR), 'h', Math.floor((s % HOUR) / MINUTE), 'min');
  return pair(Math.floor(s / DAY), 'd', Math.floor((s % DAY) / HOUR), 'h');
}

/** Milliseconds below a second (the heartbeat measures them), seconds with a tenth above. */
export function formatLag(lagMs: number | null | undefined): string {
  if (lagMs === null || lagMs === undefined || !Number.isFinite(lagMs)) return '—';
  if (lagMs < 1000) return `${Math.max(0, Math.round(lagMs))} ms`;
  return `${(lagMs / 1000).toFixed(1)} s`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${BYTE_UNITS[unit]}`;
}

const SWITCHOVER_TITLES: Record<SwitchoverStepName, string> = {
  checks: 'Pre-switch checks',
  'stop-writes': 'Stop writes on the source',
  drain: 'Drain the change stream',
  verify: 'Final verification',
  deferred: 'Create deferred objects',
  reverse: 'Prepare reverse sync',
  'move-app': 'Move the applications',
};

/** The titles the app's switchover checklist uses, so the report and the screen agree. */
export function switchoverStepTitle(step: SwitchoverStepName): string {
  return SWITCHOVER_TITLES[step];
}

const STEP_TITLES: Record<StepName, string> = {
  schema: 'Schema',
  full: 'Full copy',
  incremental: 'Incremental sync',
  verify: 'Verification',
};

export function stepTitle(step: StepName): string {
  return STEP_TITLES[step];
}

const TASK_STATES: Record<TaskState, string> = {
  new: 'prepared, not started',
  running: 'running',
  paused: 'paused',
  stopped: 'stopped',
  failed: 'failed',
  done: 'done',
};

export function taskStateText(state: TaskState): string {
  return TASK_STATES[state];
}
