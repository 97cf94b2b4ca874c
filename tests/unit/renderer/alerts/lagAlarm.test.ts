import { describe, expect, it } from 'vitest';
import { alertText, LagAlarm } from '../../../../src/renderer/alerts/lagAlarm.js';
import {
  formatThreshold,
  parseThreshold,
  thresholdText,
} from '../../../../src/renderer/alerts/thresholdForm.js';

const on = (thresholdMs: number) => ({ on: true, thresholdMs });

/** The readings at which the alarm fired. */
function firings(alarm: LagAlarm, task: string, lags: number[], thresholdMs = 10_000): number[] {
  return lags.filter((lag) => alarm.observe(task, lag, on(thresholdMs)));
}

describe('LagAlarm', () => {
  it('fires once when the lag crosses the threshold, and stays silent while above', () => {
    const alarm = new LagAlarm();
    expect(firings(alarm, 't', [3, 9_000, 10_000, 12_400, 15_000, 30_000, 11_000])).toEqual([
      12_400,
    ]);
  });

  it('re-arms only once the lag has dropped below 80% of the threshold', () => {
    const alarm = new LagAlarm();
    // 9,000 and 8,000 are under the threshold but not under 80% of it: no second alert.
    expect(firings(alarm, 't', [12_000, 9_000, 11_000, 8_000, 13_000])).toEqual([12_000]);
    expect(firings(alarm, 't', [7_999, 10_500, 9_500, 10_600])).toEqual([10_500]);
  });

  it('keeps each task to its own threshold and its own crossing', () => {
    const alarm = new LagAlarm();
    expect(alarm.observe('a', 3_000, on(2_000))).toBe(true);
    expect(alarm.observe('b', 3_000, on(10_000))).toBe(false);
    expect(alarm.observe('b', 12_000, on(10_000))).toBe(true);
    expect(alarm.observe('a', 12_000, on(2_000))).toBe(false);
    expect(alarm.observe('a', 1_000, on(2_000))).toBe(false);
    expect(alarm.observe('a', 2_500, on(2_000))).toBe(true);
  });

  it('never fires while off, and a high lag is news again once turned back on', () => {
    const alarm = new LagAlarm();
    const off = { on: false, thresholdMs: 1 };
    expect([5, 50_000, 1e9].some((lag) => alarm.observe('t', lag, off))).toBe(false);
    expect(alarm.observe('t', 50_000, on(10_000))).toBe(true);
    expect(alarm.observe('t', 50_000, { on: false, thresholdMs: 10_000 })).toBe(false);
    expect(alarm.observe('t', 50_000, on(10_000))).toBe(true);
  });

  it('re-arms at once when the threshold is raised above the lag’s re-arm point', () => {
    const alarm = new LagAlarm();
    expect(alarm.observe('t', 12_000, on(10_000))).toBe(true);
    expect(alarm.observe('t', 12_000, on(20_000))).toBe(false);
    expect(alarm.observe('t', 21_000, on(20_000))).toBe(true);
  });
});

describe('lag alert text and threshold form', () => {
  it('names the task, its lag and the threshold', () => {
    expect(alertText('orders.reverse', 12_400, 10_000, true)).toBe(
      'Reverse sync orders.reverse lags 12.4 s (threshold 10 s)',
    );
    expect(alertText('orders', 2_500, 2_000, false)).toBe(
      'The change stream of orders lags 2.5 s (threshold 2 s)',
    );
  });

  it('reads seconds as typed, and refuses what is not a positive number', () => {
    expect(parseThreshold('10')).toEqual({ ok: true, ms: 10_000 });
    expect(parseThreshold(' 2.5 ')).toEqual({ ok: true, ms: 2_500 });
    expect(parseThreshold('0,5')).toEqual({ ok: true, ms: 500 });
    expect(parseThreshold('0')).toMatchObject({ ok: false });
    expect(parseThreshold('-3')).toMatchObject({ ok: false });
    expect(parseThreshold('ten')).toMatchObject({ ok: false });
    expect(parseThreshold('')).toMatchObject({ ok: false });
  });

  it('writes thresholds without trailing zeros', () => {
    expect(formatThreshold(10_000)).toBe('10 s');
    expect(formatThreshold(8_000)).toBe('8 s');
    expect(formatThreshold(2_500)).toBe('2.5 s');
    expect(formatThreshold(800)).toBe('800 ms');
    expect(thresholdText(2_500)).toBe('2.5');
  });
});
