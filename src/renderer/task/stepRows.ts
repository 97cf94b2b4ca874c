import type { StepState, ProgressCounters } from '../../shared/events.js';
import type { StepName } from '../../shared/task.js';
import type { TaskLive } from './liveState.js';

export const STEP_LABELS: Record<StepName, string> = {
  schema: 'Schema',
  full: 'Full copy',
  incremental: 'Incremental sync',
  verify: 'Verification',
};

export interface StepRow {
  step: StepName;
  label: string;
  state: StepState;
  startedAt: string | null;
  finishedAt: string | null;
  /** How long it ran, or has been running; null before it started. */
  seconds: number | null;
  counters: ProgressCounters | null;
}

/** The task's steps in the order they run, with what is known of each. */
export function stepRows(live: TaskLive, now: number): StepRow[] {
  const order = live.spec?.steps ?? live.summary?.steps ?? live.steps.map((s) => s.step);
  return order.map((step) => {
    const info = live.steps.find((s) => s.step === step);
    const startedAt = info?.startedAt ?? null;
    const finishedAt = info?.finishedAt ?? null;
    const start = startedAt ? Date.parse(startedAt) : NaN;
    const end = finishedAt ? Date.parse(finishedAt) : info?.state === 'running' ? now : NaN;
    return {
      step,
      label: STEP_LABELS[step],
      state: info?.state ?? 'pending',
      startedAt,
      finishedAt,
      seconds: Number.isNaN(start) || Number.isNaN(end) ? null : Math.max(0, (end - start) / 1000),
      counters: live.stepCounters[step] ?? null,
    };
  });
}
