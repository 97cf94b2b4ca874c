// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';

const load = async () => {
  vi.resetModules();
  return import('../../../../src/renderer/alerts/lagAlertSettings.js');
};

beforeEach(() => localStorage.clear());

describe('lag alert settings', () => {
  it('alerts reverse tasks above 10 s by default, and other tasks only when asked', async () => {
    const { settingOf } = await load();
    expect(settingOf({}, 'orders.reverse', true)).toEqual({ on: true, thresholdMs: 10_000 });
    expect(settingOf({}, 'orders', false)).toEqual({ on: false, thresholdMs: 10_000 });
    expect(settingOf({}, 'constructor', false)).toEqual({ on: false, thresholdMs: 10_000 });
  });

  it('keeps each task’s setting across starts', async () => {
    const first = await load();
    first.useLagAlertSettings.getState().save('orders.reverse', { on: false, thresholdMs: 10_000 });
    first.useLagAlertSettings.getState().save('orders', { on: true, thresholdMs: 2_500 });
    const again = await load();
    const { saved } = again.useLagAlertSettings.getState();
    expect(again.settingOf(saved, 'orders.reverse', true)).toEqual({
      on: false,
      thresholdMs: 10_000,
    });
    expect(again.settingOf(saved, 'orders', false)).toEqual({ on: true, thresholdMs: 2_500 });
  });

  it('starts from the defaults when the stored value is broken', async () => {
    localStorage.setItem(
      'cutover.lagAlerts',
      '{"a": {"on": "yes"}, "b": {"on": true, "thresholdMs": 5}',
    );
    expect((await load()).useLagAlertSettings.getState().saved).toEqual({});
    localStorage.setItem(
      'cutover.lagAlerts',
      '{"a": {"on": "yes"}, "b": {"on": true, "thresholdMs": 5}}',
    );
    expect((await load()).useLagAlertSettings.getState().saved).toEqual({
      b: { on: true, thresholdMs: 5 },
    });
  });
});
