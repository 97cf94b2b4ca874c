import type { SwitchoverStepName, SwitchoverStepView, SwitchoverView } from '../../shared/api.js';
import { SWITCHOVER_STEPS } from '../../shared/switchover.js';

const TITLES: Record<SwitchoverStepName, string> = {
  checks: 'Pre-switch checks',
  'stop-writes': 'Stop writes on the source',
  drain: 'Drain the change stream',
  verify: 'Final verification',
  deferred: 'Create deferred objects',
  reverse: 'Prepare reverse sync',
  'move-app': 'Move the applications',
};

export function stepTitle(step: SwitchoverStepName): string {
  return TITLES[step];
}

/**
 * One row per step, in order. Before the first attempt the engine sends no steps; the
 * checklist still shows all seven so the person sees what will happen.
 */
export function checklistRows(steps: readonly SwitchoverStepView[]): SwitchoverStepView[] {
  return SWITCHOVER_STEPS.map(
    (step) =>
      steps.find((s) => s.step === step) ?? {
        step,
        state: 'pending',
        startedAt: null,
        finishedAt: null,
        detail: null,
        lagMs: null,
      },
  );
}

/** Whether any step has begun: then the button continues rather than starts. */
export function hasStarted(view: SwitchoverView): boolean {
  return view.steps.some((s) => s.state !== 'pending' || s.startedAt !== null);
}

export function runLabel(view: SwitchoverView): string {
  return hasStarted(view) ? 'Continue switchover' : 'Start switchover';
}

export interface SwitchoverControls {
  canRun: boolean;
  /** The pending question to show, with its answer buttons. */
  question: SwitchoverView['question'];
  canRollBack: boolean;
  /** Once writes are stopped the choice has been acted on, so it can no longer change. */
  readOnlyLocked: boolean;
}

/** `busy`: a call from this window has not returned yet, so a second click would double it. */
export function switchoverControls(view: SwitchoverView, busy: boolean): SwitchoverControls {
  const idle = !view.active && !busy;
  return {
    canRun: idle && !view.switchedOver,
    // While a run is under way the question may already be answered by it: wait for it to stop.
    question: idle ? view.question : null,
    canRollBack: idle && view.steps.length > 0 && !view.rolledBack,
    readOnlyLocked: view.steps.some((s) => s.step === 'stop-writes' && s.state === 'done'),
  };
}

/** The lag limit typed in seconds, as ms; null when it is not a number of seconds ≥ 0. */
export function lagLimitMs(seconds: string): number | null {
  const text = seconds.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  return Math.round(Number(text) * 1000);
}
