import { formatLag } from '../format.js';
import { formatThreshold } from './thresholdForm.js';

/** Whether a task's lag raises an alert, and above what. */
export interface LagAlertSetting {
  on: boolean;
  thresholdMs: number;
}

/**
 * After an alert, the lag must fall below this share of the threshold before the next one can
 * fire: a lag hovering around the threshold would otherwise alert on every measurement.
 */
export const REARM_FRACTION = 0.8;

/** Decides when a task's lag raises an alert: once each time it crosses its threshold. */
export class LagAlarm {
  /** Tasks whose alert fired and has not re-armed yet. */
  private readonly fired = new Set<string>();

  /** Takes a task's latest lag; true when it should alert now. */
  observe(task: string, lagMs: number, setting: LagAlertSetting): boolean {
    if (!setting.on) {
      // Turned on again later, a lag that is still high is news again.
      this.fired.delete(task);
      return false;
    }
    if (this.fired.has(task)) {
      if (lagMs < setting.thresholdMs * REARM_FRACTION) this.fired.delete(task);
      return false;
    }
    if (lagMs <= setting.thresholdMs) return false;
    this.fired.add(task);
    return true;
  }
}

/** "Reverse sync orders.reverse lags 12.4 s (threshold 10 s)". */
export function alertText(
  task: string,
  lagMs: number,
  thresholdMs: number,
  reverse: boolean,
): string {
  const stream = reverse ? 'Reverse sync' : 'The change stream of';
  return `${stream} ${task} lags ${formatLag(lagMs)} (threshold ${formatThreshold(thresholdMs)})`;
}
