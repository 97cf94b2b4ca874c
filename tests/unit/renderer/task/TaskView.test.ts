// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TaskEvent } from '../../../../src/shared/events.js';
import { fakeApi, type FakeApi } from './fakeApi.js';
import { detail, spec, streamStatus, summary } from './fixtures.js';

const engine = vi.hoisted(() => ({ current: null as FakeApi | null }));
vi.mock('../../../../src/renderer/api.js', () => ({ api: () => engine.current?.api }));

const { TaskView } = await import('../../../../src/renderer/task/TaskView.js');
const { useTaskStore } = await import('../../../../src/renderer/task/taskStore.js');

let fake: FakeApi;

beforeEach(() => {
  fake = fakeApi();
  engine.current = fake;
  fake.handle('task:get', () =>
    detail({
      events: [
        { ts: '2025-01-01T10:00:00Z', level: 'info', message: 'Schema created' },
        { ts: '2025-01-01T10:00:01Z', level: 'warn', message: 'Skipped trigger shop.audit' },
        {
          ts: '2025-01-01T10:00:02Z',
          level: 'error',
          message: 'Lost the source',
          code: 'CONNECT_REFUSED',
        },
      ],
    }),
  );
});
afterEach(() => {
  cleanup();
  useTaskStore.getState().open('');
});

const send = (event: TaskEvent): void => act(() => fake.emit(event));

const copying = (item: string, done: number, total: number): TaskEvent => ({
  type: 'progress',
  task: 'orders',
  step: 'full',
  item,
  counters: { done, total, unit: 'rows' },
  rate: { rowsPerSecond: 1000, bytesPerSecond: 0, etaSeconds: (total - done) / 1000 },
  finished: false,
});

async function openRun(): Promise<void> {
  render(createElement(TaskView, { name: 'orders', tab: 'run' }));
  await screen.findByRole('list', { name: 'Steps' });
}

describe('TaskView, run tab', () => {
  it('shows the steps with their states', async () => {
    await openRun();
    const steps = screen.getByRole('list', { name: 'Steps' });
    const items = within(steps).getAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual([
      expect.stringMatching(/Schema.*done/),
      expect.stringMatching(/Full copy.*running/),
      expect.stringMatching(/Incremental sync.*pending/),
    ]);
  });

  it('moves the progress bars with the progress events of this task only', async () => {
    await openRun();
    send(copying('shop.orders', 1234, 3000));
    send(copying('shop.items', 0, 2000));
    send({ ...copying('shop.orders', 3000, 3000), task: 'other' });
    const overall = screen.getByRole('progressbar', { name: 'Full migration progress' });
    expect(overall.getAttribute('aria-valuenow')).toBe('24');
    expect(screen.getByText('1,234 / 5,000 rows (24%) · 2,000 rows/s · ETA 2 s')).toBeTruthy();
    const table = screen.getByRole('progressbar', { name: 'shop.orders progress' });
    expect(table.getAttribute('aria-valuenow')).toBe('41');
    expect(screen.getByText('1,234 / 3,000 rows · 1,000 rows/s · ETA 2 s')).toBeTruthy();
  });

  it('shows the change stream’s lag in ms, and in seconds from one second on', async () => {
    await openRun();
    const stream = (lagMs: number): TaskEvent => ({
      type: 'stream',
      task: 'orders',
      step: 'incremental',
      stream: 'forward',
      status: streamStatus({ lagMs }),
    });
    send(stream(3));
    expect(screen.getByText('Lag 3 ms')).toBeTruthy();
    expect(screen.getByText('120 txn/s')).toBeTruthy();
    expect(screen.getByText('Position bin.000003:1234')).toBeTruthy();
    send(stream(1500));
    expect(screen.getByText('Lag 1.5 s')).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Lag chart' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Throughput chart' })).toBeTruthy();
  });

  it('filters the log by level and text, and appends live lines', async () => {
    await openRun();
    const log = screen.getByRole('log', { name: 'Log' });
    expect(within(log).getByText(/Schema created/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Errors' }));
    expect(within(log).queryByText(/Schema created/)).toBeNull();
    expect(within(log).getByText(/Lost the source/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'All' }));
    fireEvent.change(screen.getByLabelText('Search log'), { target: { value: 'TRIGGER' } });
    expect(within(log).getByText(/Skipped trigger/)).toBeTruthy();
    expect(within(log).queryByText(/Lost the source/)).toBeNull();
    send({ type: 'log', task: 'orders', level: 'info', message: 'Trigger shop.audit created' });
    expect(within(log).getByText(/Trigger shop.audit created/)).toBeTruthy();
  });

  it('applies a throttle', async () => {
    fake.handle('task:throttle', (_name, limits) => limits);
    await openRun();
    fireEvent.change(screen.getByLabelText('Rows per second limit'), {
      target: { value: '50,000' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply throttle' }));
    await waitFor(() =>
      expect(fake.calls('task:throttle')).toEqual([
        ['orders', { rowsPerSecond: 50000, bytesPerSecond: 0 }],
      ]),
    );
    expect(
      await screen.findByText(/Throttle applied: 50,000 rows\/s, unlimited bytes\/s/),
    ).toBeTruthy();
  });

  it('refuses a throttle that is not a number', async () => {
    await openRun();
    fireEvent.change(screen.getByLabelText('Bytes per second limit'), { target: { value: '-1' } });
    expect(screen.getByRole('button', { name: 'Apply throttle' })).toHaveProperty('disabled', true);
  });

  it('enables the commands the state allows and sends them', async () => {
    fake.handle('task:pause', () => ({ stopping: true }));
    await openRun();
    expect(screen.getByRole('button', { name: 'Resume' })).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    await waitFor(() => expect(fake.calls('task:pause')).toEqual([['orders']]));
    send({ type: 'task', task: 'orders', state: 'paused' });
    expect(screen.getByRole('button', { name: 'Resume' })).toHaveProperty('disabled', false);
    expect(screen.getByRole('button', { name: 'Stop' })).toHaveProperty('disabled', true);
  });

  it('shows why a task failed and how to fix it', async () => {
    fake.handle('task:get', () =>
      detail({ summary: summary({ state: 'failed', active: false, error: 'APPLY_FAILED: x' }) }),
    );
    await openRun();
    send({
      type: 'task',
      task: 'orders',
      state: 'failed',
      error: {
        code: 'APPLY_FAILED',
        message: 'A row could not be applied.',
        fix: 'Check the key.',
      },
    });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('A row could not be applied.');
    expect(alert.textContent).toContain('Fix: Check the key.');
  });
});

describe('TaskView of a task streaming to Kafka', () => {
  it('offers its run alone: verification and the switchover need a database target', async () => {
    const base = spec();
    fake.handle('task:get', () =>
      detail({
        spec: {
          ...base,
          target: {
            kind: 'kafka',
            brokers: ['k1:9092'],
            format: 'json',
            topic: '{database}.{table}',
            ddlTopic: '{database}.schema-changes',
            schema: false,
            compression: 'none',
          },
          steps: ['full', 'incremental'],
        },
      }),
    );
    render(createElement(TaskView, { name: 'orders', tab: 'switchover' }));
    await screen.findByRole('list', { name: 'Steps' });
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Run']);
  });
});
