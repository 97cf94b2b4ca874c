import { create } from 'zustand';
import type { LagAlertSetting } from './lagAlarm.js';

const KEY = 'cutover.lagAlerts';

export const DEFAULT_THRESHOLD_MS = 10_000;

/**
 * Reverse tasks alert unless told not to: while the reverse stream lags, a rollback would leave
 * the old source without the target's latest writes. Other tasks alert only when asked to.
 */
export function defaultSetting(reverse: boolean): LagAlertSetting {
  return { on: reverse, thresholdMs: DEFAULT_THRESHOLD_MS };
}

/** The task's own setting, or the default for its kind. */
export function settingOf(
  saved: Readonly<Record<string, LagAlertSetting>>,
  task: string,
  reverse: boolean,
): LagAlertSetting {
  // Own keys only: a task may be called "constructor".
  return (Object.hasOwn(saved, task) ? saved[task] : undefined) ?? defaultSetting(reverse);
}

function isSetting(value: unknown): value is LagAlertSetting {
  if (typeof value !== 'object' || value === null) return false;
  const { on, thresholdMs } = value as Record<string, unknown>;
  return typeof on === 'boolean' && typeof thresholdMs === 'number' && thresholdMs > 0;
}

function load(): Record<string, LagAlertSetting> {
  const text = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY);
  if (text === null) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((e): e is [string, LagAlertSetting] => isSetting(e[1])),
    );
  } catch {
    // Broken by hand or by another version: the defaults are a safe start.
    return {};
  }
}

interface LagAlertSettingsState {
  /** The settings the person chose, by task; tasks not in it use the default. */
  saved: Record<string, LagAlertSetting>;
  save(task: string, setting: LagAlertSetting): void;
}

/** Lag alert settings per task, kept across starts like the theme. */
export const useLagAlertSettings = create<LagAlertSettingsState>((set, get) => ({
  saved: load(),
  save(task, setting) {
    const saved = { ...get().saved, [task]: setting };
    localStorage.setItem(KEY, JSON.stringify(saved));
    set({ saved });
  },
}));
