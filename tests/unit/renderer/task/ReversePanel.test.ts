// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TaskDetail } from '../../../../src/shared/api.js';
import type { TaskEvent } from '../../../../src/shared/events.js';
import { FakeNotification, installFakeNotification } from '../alerts/fakeNotification.js';
import { fakeApi, type FakeApi } from './fakeApi.js';
import { detail, spec, streamStatus, summary } from './fixtures.js';

const engine = vi.hoisted(() => ({ current: null as FakeApi | null }));
vi.mock('../../../../src/renderer/api.js', () => ({ api: () => engine.current?.api }));
installFakeNotification();

const { TaskView } = await import('../../../../src/renderer/task/TaskView.js');
const { useTaskStore } = await import('../../../../src/renderer/task/taskStore.js');
const { useNavigation } = await import('../../../../src/renderer/navigation.js');
const { useLagAlertSettings } = await import('../../../../src/renderer/alerts/lagAlertSettings.js');
const { useNotificationAccess } =
  await import('../../../../src/renderer/alerts/desktopNotifications.js');

const REVERSE = 'orders.reverse';

function reverseDetail(over: Partial<TaskDetail['summary']> = {}): TaskDetail {
  return detail({
    summary: summary({
      name: REVERSE,
      currentStep: 'incremental',
      steps: ['incremental'],
      fullProgress: null,
      source: 'ob:2881',
      target: 'src:3306',
      reverseOf: 'orders',
      ...over,
    }),
    spec: spec({ name: REVERSE, steps: ['incremental'] }),
    steps: [{ step: 'incremental', state: 'running', startedAt: null, finishedAt: null }],
    events: [
      { ts: '2025-01-01T10:00:00Z', level: 'info', message: 'Reverse stream started' },
      { ts: '2025-01-01T10:00:01Z', level: 'warn', message: 'Source reconnected' },
    ],
  });
}

let fake: FakeApi;

beforeEach(() => {
  localStorage.clear();
  FakeNotification.reset('granted');
  useNotificationAccess.setState({ access: 'granted' });
  useLagAlertSettings.setState({ saved: {} });
  fake = fakeApi();
  engine.current = fake;
  fake.handle('task:get', () => reverseDetail());
});
afterEach(() => {
  cleanup();
  useTaskStore.getState().open('');
  useNavigation.setState({ view: { kind: 'dashboard' } });
});

const send = (event: TaskEvent): void => act(() => fake.emit(event));

async function open(name = REVERSE): Promise<HTMLElement> {
  render(createElement(TaskView, { name, tab: 'run' }));
  await screen.findByRole('list', { name: 'Steps' });
  return screen.getByRole('region', { name: 'Reverse sync' });
}

describe('the reverse sync panel', () => {
  it('says what the stream is for and links to the forward task', async () => {
    const panel = await open();
    expect(panel.textContent).toContain(
      'This stream carries the writes made on the target, the new primary (ob:2881), back to the old source (src:3306), so that a rollback stays possible.',
    );
    fireEvent.click(within(panel).getByRole('button', { name: 'Open the forward task orders' }));
    expect(useNavigation.getState().view).toEqual({
      kind: 'task',
      name: 'orders',
      tab: 'switchover',
    });
  });

  it('shows the reverse lag, rates and position as the stream reports them', async () => {
    const panel = await open();
    expect(within(panel).getByText(/has not measured its lag yet/)).toBeTruthy();
    send({
      type: 'stream',
      task: REVERSE,
      step: 'incremental',
      stream: 'reverse',
      status: streamStatus({ lagMs: 12_400, lagP99Ms: 15_000 }),
    });
    const figure = (label: string): string | null | undefined =>
      within(panel).getByText(label).nextElementSibling?.textContent;
    expect(figure('Reverse lag')).toBe('12.4 s');
    expect(figure('Reverse lag p99')).toBe('15.0 s');
    expect(figure('Transactions')).toBe('120 txn/s');
    expect(figure('Rows')).toBe('480 rows/s');
    expect(within(panel).getByText('Applied up to bin.000003:1234')).toBeTruthy();
  });

  it('counts the warnings and errors in the log and shows the latest', async () => {
    const panel = await open();
    expect(within(panel).getByText('1 warning or error in the log.')).toBeTruthy();
    send({ type: 'log', task: REVERSE, level: 'info', message: 'Caught up' });
    send({ type: 'log', task: REVERSE, level: 'error', message: 'Lost the target' });
    expect(within(panel).getByText('2 warnings and errors in the log.')).toBeTruthy();
    expect(within(panel).getByText(/Latest, at .*: Lost the target/)).toBeTruthy();
  });

  it('shows why the reverse stream failed, inside the panel, and that it is not running', async () => {
    fake.handle('task:get', () =>
      reverseDetail({ state: 'failed', active: false, error: 'APPLY_FAILED: x' }),
    );
    const panel = await open();
    send({
      type: 'task',
      task: REVERSE,
      state: 'failed',
      error: { code: 'APPLY_FAILED', message: 'A row could not be applied.', fix: 'Check it.' },
    });
    const alerts = screen.getAllByRole('alert');
    expect(alerts.every((a) => panel.contains(a))).toBe(true);
    expect(alerts.map((a) => a.textContent).join('\n')).toContain('The reverse stream failed');
    expect(panel.textContent).toContain('The reverse stream is not running (failed)');
    expect(panel.textContent).toContain('Resume it to keep a rollback possible.');
  });

  it('is not on a forward task’s screen, which has a lag alert that is off', async () => {
    fake.handle('task:get', () => detail());
    render(createElement(TaskView, { name: 'orders', tab: 'run' }));
    await screen.findByRole('list', { name: 'Steps' });
    expect(screen.queryByRole('region', { name: 'Reverse sync' })).toBeNull();
    const alert = screen.getByRole('region', { name: 'Lag alert' });
    expect(within(alert).getByLabelText('Alert when the lag passes the threshold')).toHaveProperty(
      'checked',
      false,
    );
    expect(alert.textContent).toContain('No lag alert for orders.');
  });
});

describe('the lag alert control', () => {
  it('is on at 10 s for a reverse task, and keeps a new threshold for that task', async () => {
    const panel = await open();
    const toggle = within(panel).getByLabelText('Alert when the lag passes the threshold');
    expect(toggle).toHaveProperty('checked', true);
    const field = within(panel).getByLabelText('Lag threshold (seconds)');
    expect(field).toHaveProperty('value', '10');
    expect(panel.textContent).toContain(
      'Alerts when the lag passes 10 s; once it has, again only after it fell below 8 s.',
    );
    const set = within(panel).getByRole('button', { name: 'Set threshold' });
    fireEvent.change(field, { target: { value: 'soon' } });
    expect(set).toHaveProperty('disabled', true);
    fireEvent.change(field, { target: { value: '2.5' } });
    fireEvent.click(set);
    expect(JSON.parse(localStorage.getItem('cutover.lagAlerts') ?? '{}')).toEqual({
      [REVERSE]: { on: true, thresholdMs: 2_500 },
    });
    expect(panel.textContent).toContain('Alerts when the lag passes 2.5 s');

    fireEvent.click(toggle);
    expect(useLagAlertSettings.getState().saved[REVERSE]).toEqual({
      on: false,
      thresholdMs: 2_500,
    });
    expect(panel.textContent).toContain(`No lag alert for ${REVERSE}.`);
  });

  it('asks for notifications when turned on, and says so when they are blocked', async () => {
    FakeNotification.reset('default');
    FakeNotification.answer = 'denied';
    useNotificationAccess.setState({ access: 'default' });
    fake.handle('task:get', () => detail());
    render(createElement(TaskView, { name: 'orders', tab: 'run' }));
    const alert = await screen.findByRole('region', { name: 'Lag alert' });
    fireEvent.click(within(alert).getByLabelText('Alert when the lag passes the threshold'));
    await waitFor(() => expect(FakeNotification.requestPermission).toHaveBeenCalledTimes(1));
    expect(
      (await within(alert).findByText(/Desktop notifications are blocked for Cutover/)).textContent,
    ).toContain('lag alerts show inside the window only');
  });

  it('offers to allow notifications while the person has not answered', async () => {
    FakeNotification.reset('default');
    useNotificationAccess.setState({ access: 'default' });
    const panel = await open();
    fireEvent.click(within(panel).getByRole('button', { name: 'Allow desktop notifications' }));
    await waitFor(() =>
      expect(
        within(panel).queryByRole('button', { name: 'Allow desktop notifications' }),
      ).toBeNull(),
    );
    expect(useNotificationAccess.getState().access).toBe('granted');
  });
});
