import { describe, expect, it } from 'vitest';
import type { TableProgress } from '../../../../src/renderer/task/liveState.js';
import {
  fullProgressText,
  orderTables,
  PAGE_SIZE,
  pageOf,
  tableFraction,
  tableProgressText,
} from '../../../../src/renderer/task/progressText.js';
import type { FullCopyProgress } from '../../../../src/renderer/task/throughput.js';

const NOW = 1_000_000;

function table(over: Partial<TableProgress> = {}): TableProgress {
  return {
    step: 'full',
    source: 'shop.orders',
    target: 'shop.orders',
    state: 'running',
    done: 1234,
    total: 5000,
    rate: { rowsPerSecond: 1000, bytesPerSecond: 1, etaSeconds: 3.8 },
    rateAt: NOW,
    liveAt: NOW,
    polled: null,
    ...over,
  };
}

function overall(over: Partial<FullCopyProgress> = {}): FullCopyProgress {
  return {
    tables: 3,
    tablesDone: 1,
    rowsDone: 1234,
    rowsTotal: 5000,
    fraction: 1234 / 5000,
    rowsPerSecond: 12000,
    bytesPerSecond: null,
    etaSeconds: 3.1,
    moving: true,
    ...over,
  };
}

describe('progress text', () => {
  it('reads counts, percent, pace and time left for the whole copy', () => {
    expect(fullProgressText(overall())).toBe('1,234 / 5,000 rows (24%) · 12,000 rows/s · ETA 3 s');
    expect(fullProgressText(overall({ bytesPerSecond: 3 * 1024 * 1024 }))).toContain(
      '12,000 rows/s · 3.0 MiB/s · ETA 3 s',
    );
  });

  it('shows only counts when nothing moves, and says so before counting', () => {
    expect(fullProgressText(overall({ moving: false }))).toBe('1,234 / 5,000 rows (24%)');
    expect(fullProgressText(overall({ fraction: null }))).toBe('Counting rows…');
    expect(fullProgressText(overall({ fraction: null, tables: 0 }))).toBe('Not started');
  });

  it('reads a table by its state', () => {
    expect(tableProgressText(table(), NOW)).toBe('1,234 / 5,000 rows · 1,000 rows/s · ETA 4 s');
    expect(tableProgressText(table({ rateAt: NOW - 60_000 }), NOW)).toBe('1,234 / 5,000 rows');
    expect(tableProgressText(table({ state: 'done', done: 5000 }), NOW)).toBe('5,000 rows · done');
    expect(tableProgressText(table({ total: null, state: 'pending' }), NOW)).toBe(
      '1,234 / ? rows · waiting',
    );
  });

  it('fills a bar by rows, full once done', () => {
    expect(tableFraction(table({ done: 2500 }))).toBe(0.5);
    expect(tableFraction(table({ total: 100, done: 150 }))).toBe(1);
    expect(tableFraction(table({ state: 'done', done: 0, total: 0 }))).toBe(1);
    expect(tableFraction(table({ done: 0, total: null }))).toBe(0);
  });

  it('lists running tables first, then failed, waiting and done, and filters by name', () => {
    const list = [
      table({ source: 'a.done', state: 'done' }),
      table({ source: 'b.wait', state: 'pending' }),
      table({ source: 'c.fail', state: 'failed' }),
      table({ source: 'd.run', state: 'running' }),
    ];
    expect(orderTables(list, '').map((t) => t.source)).toEqual([
      'd.run',
      'c.fail',
      'b.wait',
      'a.done',
    ]);
    expect(orderTables(list, 'WAIT').map((t) => t.source)).toEqual(['b.wait']);
  });

  it('pages only long lists', () => {
    const few = Array.from({ length: 200 }, (_, i) => i);
    expect(pageOf(few, 0)).toHaveLength(200);
    const many = Array.from({ length: 250 }, (_, i) => i);
    expect(pageOf(many, 0)).toHaveLength(PAGE_SIZE);
    expect(pageOf(many, 2)).toEqual(many.slice(200));
  });
});
