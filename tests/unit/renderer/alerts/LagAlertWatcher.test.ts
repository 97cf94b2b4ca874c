// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TaskEvent } from '../../../../src/shared/events.js';
import { fakeApi, type FakeApi } from '../task/fakeApi.js';
import { streamStatus, summary } from '../task/fixtures.js';
import { FakeNotification, installFakeNotification } from './fakeNotification.js';

const engine = vi.hoisted(() => ({ current: null as FakeApi | null }));
vi.mock('../../../../src/renderer/api.js', () => ({ api: () => engine.current?.api }));
installFakeNotification();

const { LagAlertWatcher } = await import('../../../../src/renderer/alerts/LagAlertWatcher.js');
const { useLagAlertSettings } = await import('../../../../src/renderer/alerts/lagAlertSettings.js');
const { useNotificationAccess } =
  await import('../../../../src/renderer/alerts/desktopNotifications.js');
const { useNavigation } = await import('../../../../src/renderer/navigation.js');

let fake: FakeApi;

beforeEach(() => {
  localStorage.clear();
  FakeNotification.reset('granted');
  useNotificationAccess.setState({ access: 'granted' });
  useLagAlertSettings.setState({ saved: {} });
  fake = fakeApi();
  engine.current = fake;
  fake.handle('tasks:list', () => [
    summary({ name: 'orders' }),
    summary({ name: 'orders.reverse', reverseOf: 'orders' }),
  ]);
});
afterEach(() => {
  cleanup();
  useNavigation.setState({ view: { kind: 'dashboard' } });
});

const lag = (task: string, lagMs: number): TaskEvent => ({
  type: 'stream',
  task,
  step: 'incremental',
  stream: 'forward',
  status: streamStatus({ lagMs }),
});

async function watch(): Promise<void> {
  render(createElement(LagAlertWatcher));
  await waitFor(() => expect(fake.calls('tasks:list')).toHaveLength(1));
  await act(async () => undefined);
}

const send = (...events: TaskEvent[]): void =>
  act(() => {
    for (const e of events) fake.emit(e);
  });

describe('LagAlertWatcher', () => {
  it('notifies once when a reverse task’s lag passes 10 s, and again after it recovered', async () => {
    await watch();
    send(lag('orders.reverse', 3_000), lag('orders.reverse', 12_400));
    expect(FakeNotification.shown.map((n) => n.title)).toEqual([
      'Reverse sync orders.reverse lags 12.4 s (threshold 10 s)',
    ]);
    expect(screen.getByRole('alert').textContent).toContain(
      'Reverse sync orders.reverse lags 12.4 s (threshold 10 s)',
    );

    send(
      lag('orders.reverse', 15_000),
      lag('orders.reverse', 9_000),
      lag('orders.reverse', 11_000),
    );
    expect(FakeNotification.shown).toHaveLength(1);
    send(lag('orders.reverse', 2_000), lag('orders.reverse', 10_100));
    expect(FakeNotification.shown).toHaveLength(2);
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });

  it('leaves a forward task alone until its alert is turned on, then uses its threshold', async () => {
    await watch();
    send(lag('orders', 60_000));
    expect(FakeNotification.shown).toHaveLength(0);
    act(() => useLagAlertSettings.getState().save('orders', { on: true, thresholdMs: 2_000 }));
    send(lag('orders', 2_500));
    expect(FakeNotification.shown.map((n) => n.title)).toEqual([
      'The change stream of orders lags 2.5 s (threshold 2 s)',
    ]);
  });

  it('opens the task when the notification is clicked', async () => {
    const focus = vi.spyOn(window, 'focus').mockImplementation(() => undefined);
    await watch();
    send(lag('orders.reverse', 20_000));
    const [shown] = FakeNotification.shown;
    act(() => shown?.onclick?.());
    expect(focus).toHaveBeenCalled();
    expect(shown?.closed).toBe(true);
    expect(useNavigation.getState().view).toEqual({
      kind: 'task',
      name: 'orders.reverse',
      tab: 'run',
    });
  });

  it('shows the alert in the window when notifications are blocked, and opens the task from it', async () => {
    FakeNotification.reset('denied');
    useNotificationAccess.setState({ access: 'denied' });
    await watch();
    send(lag('orders.reverse', 20_000));
    expect(FakeNotification.shown).toHaveLength(0);
    expect(screen.getByRole('alert').textContent).toContain('lags 20.0 s');
    fireEvent.click(screen.getByRole('button', { name: 'Show orders.reverse' }));
    expect(useNavigation.getState().view).toMatchObject({ name: 'orders.reverse' });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('learns of a task it did not know from the task list, and asks for permission once', async () => {
    FakeNotification.reset('default');
    useNotificationAccess.setState({ access: 'default' });
    await watch();
    await waitFor(() => expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1));
    fake.handle('tasks:list', () => [summary({ name: 'late.reverse', reverseOf: 'late' })]);
    send(lag('late.reverse', 30_000));
    await waitFor(() => expect(fake.calls('tasks:list')).toHaveLength(2));
    await act(async () => undefined);
    send(lag('late.reverse', 30_000));
    expect(FakeNotification.shown).toHaveLength(1);
    // Still unanswered (the prompt was dismissed): a new window does not ask again.
    FakeNotification.reset('default');
    cleanup();
    render(createElement(LagAlertWatcher));
    await waitFor(() => expect(fake.calls('tasks:list')).toHaveLength(3));
    await act(async () => undefined);
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
  });
});
