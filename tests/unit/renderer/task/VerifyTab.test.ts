// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VerifyResult } from '../../../../src/shared/api.js';
import { fakeApi, type FakeApi } from './fakeApi.js';
import { detail, report, tableReport } from './fixtures.js';

const engine = vi.hoisted(() => ({ current: null as FakeApi | null }));
vi.mock('../../../../src/renderer/api.js', () => ({ api: () => engine.current?.api }));

const { TaskView } = await import('../../../../src/renderer/task/TaskView.js');
const { useTaskStore } = await import('../../../../src/renderer/task/taskStore.js');
const { useVerifyStore } = await import('../../../../src/renderer/task/useVerifyStore.js');

let fake: FakeApi;

const differing = tableReport({
  source: 'shop.items',
  target: 'shop.items',
  rowsSource: 1200,
  rowsTarget: 1199,
  chunksDiffering: 1,
  differenceCount: 2,
  differences: [
    { kind: 'missing', key: { id: '7' }, columns: [] },
    { kind: 'changed', key: { id: '9' }, columns: ['price', 'note'] },
  ],
});

const found: VerifyResult = {
  report: report([tableReport(), differing]),
  repairs: [
    {
      table: 'shop.items',
      statements: ['INSERT INTO `shop`.`items` …', 'UPDATE `shop`.`items` …'],
    },
  ],
  repaired: false,
};

const fixed: VerifyResult = {
  report: report([tableReport(), tableReport({ source: 'shop.items', target: 'shop.items' })]),
  repairs: found.repairs,
  repaired: true,
};

beforeEach(() => {
  fake = fakeApi();
  engine.current = fake;
  fake.handle('task:get', () => detail());
});
afterEach(() => {
  cleanup();
  useTaskStore.getState().open('');
  useVerifyStore.setState({ runs: {} });
});

async function openVerify(): Promise<void> {
  render(createElement(TaskView, { name: 'orders', tab: 'verify' }));
  await screen.findByRole('button', { name: 'Run verification' });
}

describe('TaskView, verification tab', () => {
  it('runs a verification, showing a spinner, then the results table and summary', async () => {
    let answer = (_r: VerifyResult): void => {};
    fake.handle('task:verify', () => new Promise<VerifyResult>((r) => (answer = r)));
    await openVerify();
    fireEvent.click(screen.getByRole('button', { name: 'Run verification' }));
    expect(await screen.findByRole('progressbar', { name: 'Verification running' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Run verification' })).toHaveProperty(
      'disabled',
      true,
    );
    expect(fake.calls('task:verify')).toEqual([['orders', { repair: false }]]);

    answer(found);
    const table = await screen.findByRole('table', { name: 'Verification results' });
    expect(screen.queryByRole('progressbar', { name: 'Verification running' })).toBeNull();
    expect(screen.getByText('1 of 2 tables differ.')).toBeTruthy();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]?.textContent).toContain('Consistent');
    expect(rows[1]?.textContent).toMatch(/shop\.items → shop\.items.*1,200.*1,199.*Different/);
  });

  it('shows the differing rows of the table picked', async () => {
    fake.handle('task:verify', () => found);
    await openVerify();
    fireEvent.click(screen.getByRole('button', { name: 'Run verification' }));
    fireEvent.click(
      await screen.findByRole('button', { name: 'Show differing rows of shop.items' }),
    );
    const rows = within(screen.getByRole('table', { name: 'Differing rows of shop.items' }))
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.textContent);
    expect(rows).toEqual(['Missing on targetid=7—', 'Changedid=9price, note']);
  });

  it('previews the repair and applies it only after confirmation', async () => {
    const answers = [found, fixed];
    fake.handle('task:verify', () => answers.shift() as VerifyResult);
    await openVerify();
    fireEvent.click(screen.getByRole('button', { name: 'Run verification' }));
    const preview = await screen.findByLabelText('Repair statements for shop.items');
    expect(preview.textContent).toContain('UPDATE `shop`.`items` …');
    expect(screen.getByText(/2 statements for 1 table would make the target equal/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Apply repair' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('2 statements for 1 table will run on the target');
    expect(fake.calls('task:verify')).toHaveLength(1);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply repair' }));

    await waitFor(() => expect(fake.calls('task:verify')[1]).toEqual(['orders', { repair: true }]));
    expect(await screen.findByText('All 2 tables are consistent.')).toBeTruthy();
    expect(screen.getByText(/Repairs were applied/)).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Apply repair' })).toBeNull());
  });

  it('shows the last stored verification when this window has run none', async () => {
    fake.handle('task:get', () => detail({ verification: report([tableReport()]) }));
    await openVerify();
    expect(await screen.findByText('All 1 tables are consistent.')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Last verification' })).toBeTruthy();
  });

  it('shows a failed verification with its fix', async () => {
    fake.handle('task:verify', () => {
      throw Object.assign(new Error('The target refused the connection.'), {
        fix: 'Start the target.',
      });
    });
    await openVerify();
    fireEvent.click(screen.getByRole('button', { name: 'Run verification' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The target refused the connection.');
    expect(alert.textContent).toContain('Fix: Start the target.');
  });
});
