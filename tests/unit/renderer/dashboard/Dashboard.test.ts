// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, type FakeApi } from '../task/fakeApi.js';
import { summary } from '../task/fixtures.js';

const engine = vi.hoisted(() => ({ current: null as FakeApi | null }));
vi.mock('../../../../src/renderer/api.js', () => ({ api: () => engine.current?.api }));

const { Dashboard } = await import('../../../../src/renderer/dashboard/Dashboard.js');
const { useNavigation } = await import('../../../../src/renderer/navigation.js');

let fake: FakeApi;

beforeEach(() => {
  fake = fakeApi();
  engine.current = fake;
});
afterEach(() => {
  cleanup();
  useNavigation.setState({ view: { kind: 'dashboard' } });
});

const tasks = () => [
  summary({ name: 'live', state: 'running', active: true, lagMs: 3 }),
  summary({ name: 'cut', state: 'running', active: false, fullProgress: null }),
  summary({ name: 'held', state: 'paused', active: false, lagMs: 1500 }),
  summary({ name: 'old', state: 'done', active: false }),
];

const row = (name: string): HTMLElement => {
  const cell = screen.getByRole('button', { name: `Open ${name}` });
  const tr = cell.closest('tr');
  if (!tr) throw new Error('no row');
  return tr;
};

describe('Dashboard', () => {
  it('lists the tasks with state, lag and the actions each allows', async () => {
    fake.handle('tasks:list', tasks);
    render(createElement(Dashboard));
    const table = await screen.findByRole('table', { name: 'Tasks' });
    expect(within(table).getAllByRole('row')).toHaveLength(5);

    expect(within(row('live')).getByText('3 ms')).toBeTruthy();
    expect(within(row('held')).getByText('1.5 s')).toBeTruthy();
    expect(within(row('cut')).getByText('interrupted')).toBeTruthy();
    expect(within(row('live')).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');

    expect(screen.getByRole('button', { name: 'Pause live' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Stop live' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Delete live' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Resume live' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Resume cut' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Resume held' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Resume old' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Delete old' })).toBeTruthy();

    expect(screen.getByText('2 unfinished tasks can be resumed.')).toBeTruthy();
  });

  it('resumes a task and refreshes the list', async () => {
    fake.handle('tasks:list', tasks);
    fake.handle('task:resume', () => ({ started: true }));
    render(createElement(Dashboard));
    fireEvent.click(await screen.findByRole('button', { name: 'Resume held' }));
    await waitFor(() => expect(fake.calls('task:resume')).toEqual([['held']]));
    await waitFor(() => expect(fake.calls('tasks:list').length).toBeGreaterThanOrEqual(2));
  });

  it('deletes only after a confirmation that says the target is left alone', async () => {
    fake.handle('tasks:list', tasks);
    fake.handle('task:delete', () => ({ deleted: true }));
    render(createElement(Dashboard));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete old' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toMatch(/target's tables are not touched/i);
    expect(dialog.textContent).toMatch(/record, its checkpoints and its saved passwords/);
    expect(fake.calls('task:delete')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete task' }));
    await waitFor(() => expect(fake.calls('task:delete')).toEqual([['old']]));
    expect(await screen.findByText('Deleted old.')).toBeTruthy();
  });

  it('refreshes when a task event arrives', async () => {
    fake.handle('tasks:list', tasks);
    render(createElement(Dashboard));
    await screen.findByRole('table', { name: 'Tasks' });
    const before = fake.calls('tasks:list').length;
    fake.emit({ type: 'task', task: 'live', state: 'paused' });
    await waitFor(() => expect(fake.calls('tasks:list').length).toBe(before + 1));
  });

  it('opens a task on its run tab', async () => {
    fake.handle('tasks:list', tasks);
    render(createElement(Dashboard));
    fireEvent.click(await screen.findByRole('button', { name: 'Open held' }));
    expect(useNavigation.getState().view).toEqual({ kind: 'task', name: 'held', tab: 'run' });
  });

  it('marks a reverse task', async () => {
    fake.handle('tasks:list', () => [
      ...tasks(),
      summary({ name: 'live.reverse', reverseOf: 'live', state: 'paused', active: false }),
    ]);
    render(createElement(Dashboard));
    await screen.findByRole('table', { name: 'Tasks' });
    expect(within(row('live.reverse')).getByText('Reverse')).toBeTruthy();
    expect(within(row('live')).queryByText('Reverse')).toBeNull();
  });

  it('explains how to start when there is no task', async () => {
    fake.handle('tasks:list', () => []);
    render(createElement(Dashboard));
    expect(await screen.findByText('npx cutover run task.json')).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Tasks' })).toBeNull();
  });

  it('shows a failed call with its fix', async () => {
    fake.handle('tasks:list', () => {
      throw Object.assign(new Error('The state store is locked.'), {
        fix: 'Close the other Cutover window.',
      });
    });
    render(createElement(Dashboard));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The state store is locked.');
    expect(alert.textContent).toContain('Fix: Close the other Cutover window.');
  });
});
