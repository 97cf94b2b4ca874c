// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SwitchoverView } from '../../../../src/shared/api.js';
import { fakeApi, type FakeApi } from './fakeApi.js';
import { detail } from './fixtures.js';

const engine = vi.hoisted(() => ({ current: null as FakeApi | null }));
vi.mock('../../../../src/renderer/api.js', () => ({ api: () => engine.current?.api }));

const { TaskView } = await import('../../../../src/renderer/task/TaskView.js');
const { useTaskStore } = await import('../../../../src/renderer/task/taskStore.js');
const { useNavigation } = await import('../../../../src/renderer/navigation.js');

let fake: FakeApi;
let current: SwitchoverView;

function view(over: Partial<SwitchoverView> = {}): SwitchoverView {
  return {
    steps: [],
    active: false,
    question: null,
    readOnlySet: false,
    switchedOver: false,
    rolledBack: false,
    reverseTask: null,
    error: null,
    ...over,
  };
}

const done = (step: SwitchoverView['steps'][number]['step'], detail: string | null = null) => ({
  step,
  state: 'done' as const,
  startedAt: '2025-01-01T10:00:00.000Z',
  finishedAt: '2025-01-01T10:00:05.000Z',
  detail,
  lagMs: null,
});

beforeEach(() => {
  fake = fakeApi();
  engine.current = fake;
  current = view();
  fake.handle('task:get', () => detail());
  fake.handle('switchover:get', () => current);
  fake.handle('switchover:run', () => ({ started: true }));
  fake.handle('switchover:rollback', () => current);
});
afterEach(() => {
  cleanup();
  useTaskStore.getState().open('');
});

async function openSwitchover(): Promise<void> {
  render(createElement(TaskView, { name: 'orders', tab: 'switchover' }));
  await screen.findByRole('table', { name: 'Switchover steps' });
}

describe('TaskView, switchover tab', () => {
  it('lists all seven steps as pending and starts with the read-only choice', async () => {
    await openSwitchover();
    const rows = within(screen.getByRole('table', { name: 'Switchover steps' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows).toHaveLength(7);
    expect(rows[0]?.textContent).toContain('Pre-switch checks');
    expect(rows.every((r) => r.textContent.includes('pending'))).toBe(true);
    expect(screen.getByRole('button', { name: 'Roll back' })).toHaveProperty('disabled', true);

    const lag = screen.getByRole('textbox', { name: 'Lag limit for the checks (s)' });
    fireEvent.change(lag, { target: { value: 'soon' } });
    expect(screen.getByRole('button', { name: 'Start switchover' })).toHaveProperty(
      'disabled',
      true,
    );
    fireEvent.change(lag, { target: { value: '2.5' } });
    fireEvent.click(screen.getByRole('checkbox', { name: /With super_read_only/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Start switchover' }));
    await waitFor(() =>
      expect(fake.calls('switchover:run')).toEqual([
        [
          'orders',
          {
            setReadOnly: true,
            superReadOnly: true,
            maxLagMs: 2500,
            finalVerification: 'changed',
            confirmed: [],
          },
        ],
      ]),
    );
    // Without read_only, super_read_only cannot be chosen.
    fireEvent.click(screen.getByRole('checkbox', { name: 'Set the source read-only' }));
    expect(screen.getByRole('checkbox', { name: /With super_read_only/ })).toHaveProperty(
      'disabled',
      true,
    );
  });

  it('answers a question by continuing with its step confirmed', async () => {
    current = view({
      steps: [done('checks'), done('stop-writes'), done('drain', 'Lag 0 ms.')],
      question: { step: 'verify', text: '2 tables differ. Switch over anyway?' },
    });
    await openSwitchover();
    expect(screen.getByRole('checkbox', { name: 'Set the source read-only' })).toHaveProperty(
      'disabled',
      true,
    );
    expect(screen.getByText('Lag 0 ms.')).toBeTruthy();
    expect(screen.getByText('2 tables differ. Switch over anyway?')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Yes, continue' }));
    await waitFor(() =>
      expect(fake.calls('switchover:run')).toEqual([
        [
          'orders',
          {
            setReadOnly: true,
            superReadOnly: false,
            maxLagMs: 5000,
            finalVerification: 'changed',
            confirmed: ['verify'],
          },
        ],
      ]),
    );
  });

  it('hides a question on "Not yet" without telling the engine', async () => {
    current = view({
      steps: [done('checks')],
      question: { step: 'stop-writes', text: 'Stop writes now?' },
    });
    await openSwitchover();
    fireEvent.click(screen.getByRole('button', { name: 'Not yet' }));
    expect(screen.queryByText('Stop writes now?')).toBeNull();
    expect(screen.getByRole('button', { name: 'Continue switchover' })).toBeTruthy();
    expect(fake.calls('switchover:run')).toEqual([]);
  });

  it('shows the engine’s failure with its fix', async () => {
    current = view({
      steps: [{ ...done('checks'), state: 'failed' }],
      error: { message: 'Binlog is off.', fix: 'Turn log_bin on.' },
    });
    await openSwitchover();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Binlog is off.');
    expect(alert.textContent).toContain('Fix: Turn log_bin on.');
  });

  it('rolls back only after confirmation', async () => {
    current = view({ steps: [done('checks'), done('stop-writes')] });
    await openSwitchover();
    fireEvent.click(screen.getByRole('button', { name: 'Roll back' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('reverse stream is drained first');
    expect(fake.calls('switchover:rollback')).toEqual([]);
    current = view({ steps: current.steps, rolledBack: true });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    await waitFor(() => expect(fake.calls('switchover:rollback')).toEqual([['orders']]));
    expect(await screen.findByText('Rolled back: the source is the primary again.')).toBeTruthy();
  });

  it('after the switch, opens the reverse task', async () => {
    current = view({
      steps: [done('checks'), done('move-app')],
      switchedOver: true,
      reverseTask: 'orders-reverse',
    });
    await openSwitchover();
    expect(
      screen.getByText(/Switched over\. The reverse task orders-reverse keeps the old source/),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Continue switchover' })).toHaveProperty(
      'disabled',
      true,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Open orders-reverse' }));
    expect(useNavigation.getState().view).toEqual({ kind: 'task', name: 'orders-reverse' });
  });
});
