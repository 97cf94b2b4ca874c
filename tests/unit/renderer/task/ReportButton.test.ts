// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, type FakeApi } from './fakeApi.js';
import { detail } from './fixtures.js';

const engine = vi.hoisted(() => ({ current: null as FakeApi | null }));
vi.mock('../../../../src/renderer/api.js', () => ({ api: () => engine.current?.api }));

const { TaskView } = await import('../../../../src/renderer/task/TaskView.js');
const { useTaskStore } = await import('../../../../src/renderer/task/taskStore.js');

const REPORT = `<!doctype html><html lang="en"><head><title>Cutover report: orders</title>
<style>h1 { color: #1a1a1a; }</style></head><body><h1>orders</h1><p>Ready for sign-off</p></body></html>`;

let fake: FakeApi;
/** The documents the print frames held when `print()` was called on them. */
let printed: { html: string; compatMode: string }[];

beforeEach(() => {
  fake = fakeApi();
  engine.current = fake;
  fake.handle('task:get', () => detail());
  fake.handle('task:report', () => ({ html: REPORT, fileName: 'orders-report.html' }));
  printed = [];
  // jsdom has no printing: each frame's print() records what it would print.
  const contentWindow = Object.getOwnPropertyDescriptor(
    HTMLIFrameElement.prototype,
    'contentWindow',
  );
  vi.spyOn(HTMLIFrameElement.prototype, 'contentWindow', 'get').mockImplementation(function (
    this: HTMLIFrameElement,
  ) {
    const view = contentWindow?.get?.call(this) as Window | null;
    if (view) {
      view.print = () =>
        printed.push({
          html: view.document.documentElement.outerHTML,
          compatMode: view.document.compatMode,
        });
    }
    return view;
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  useTaskStore.getState().open('');
  for (const frame of document.querySelectorAll('iframe')) frame.remove();
});

async function openReport(): Promise<HTMLElement> {
  render(createElement(TaskView, { name: 'orders', tab: 'run' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Report' }));
  return screen.findByRole('dialog', { name: 'Cutover report' });
}

describe('the Report button on the task screen', () => {
  it('fetches the report and prints it from a hidden frame', async () => {
    const dialog = await openReport();
    expect(fake.calls('task:report')).toEqual([['orders']]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Print / Save as PDF' }));

    expect(printed).toHaveLength(1);
    expect(printed[0]?.html).toContain('<title>Cutover report: orders</title>');
    expect(printed[0]?.html).toContain('<p>Ready for sign-off</p>');
    // The doctype was parsed: the report lays out as it does opened from a file.
    expect(printed[0]?.compatMode).toBe('CSS1Compat');
    const frame = document.querySelector('iframe');
    expect(frame?.getAttribute('aria-hidden')).toBe('true');
    expect(frame?.title).toBe('Cutover report, for printing');
    expect(frame?.style.visibility).toBe('hidden');
    expect(frame?.hasAttribute('src')).toBe(false);

    frame?.contentWindow?.dispatchEvent(new Event('afterprint'));
    expect(document.querySelector('iframe')).toBeNull();
  });

  it('keeps one print frame however often it prints', async () => {
    const dialog = await openReport();
    const print = within(dialog).getByRole('button', { name: 'Print / Save as PDF' });
    fireEvent.click(print);
    fireEvent.click(print);
    expect(printed).toHaveLength(2);
    expect(document.querySelectorAll('iframe')).toHaveLength(1);
  });

  it('downloads the HTML under the report’s file name', async () => {
    const blobs: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:report-1';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const clicked: { href: string; download: string; attached: boolean }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push({ href: this.href, download: this.download, attached: this.isConnected });
    });

    const dialog = await openReport();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Download HTML' }));

    expect(clicked).toEqual([
      { href: 'blob:report-1', download: 'orders-report.html', attached: true },
    ]);
    expect(blobs[0]?.type).toBe('text/html;charset=utf-8');
    expect(await blobs[0]?.text()).toBe(REPORT);
    expect(document.querySelector('a[download]')).toBeNull();
  });

  it('shows why the report could not be made, with its fix', async () => {
    fake.handle('task:report', () => {
      throw Object.assign(new Error('Task "orders" has not run in the state dir.'), {
        fix: 'Check the task name.',
      });
    });
    render(createElement(TaskView, { name: 'orders', tab: 'run' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Report' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('has not run in the state dir');
    expect(alert.textContent).toContain('Fix: Check the task name.');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('closes without printing or downloading', async () => {
    const dialog = await openReport();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(printed).toEqual([]);
  });
});
