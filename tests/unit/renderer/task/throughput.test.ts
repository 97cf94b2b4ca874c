import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../../../src/renderer/task/liveEvents.js';
import { applyDetail, initialLive } from '../../../../src/renderer/task/liveState.js';
import { STALE_MS } from '../../../../src/renderer/task/samples.js';
import {
  currentLag,
  currentThroughput,
  fullCopyProgress,
} from '../../../../src/renderer/task/throughput.js';
import type { TaskEvent } from '../../../../src/shared/events.js';
import { detail, streamStatus } from './fixtures.js';

const T0 = 1_000_000;

const copying = (item: string, done: number, total: number, rowsPerSecond: number): TaskEvent => ({
  type: 'progress',
  task: 'orders',
  step: 'full',
  item,
  counters: { done, total, unit: 'rows' },
  rate: { rowsPerSecond, bytesPerSecond: rowsPerSecond * 100, etaSeconds: null },
  finished: done === total,
});

function twoTables() {
  let s = applyDetail(initialLive('orders'), detail(), T0, T0);
  s = applyEvent(s, copying('shop.a', 1000, 4000, 500), T0);
  s = applyEvent(s, copying('shop.b', 234, 1000, 1500), T0);
  return s;
}

describe('full copy progress', () => {
  it('adds the tables up and estimates the time left from their combined pace', () => {
    const p = fullCopyProgress(twoTables(), T0);
    expect(p).toMatchObject({ rowsDone: 1234, rowsTotal: 5000, rowsPerSecond: 2000 });
    expect(p.bytesPerSecond).toBe(200_000);
    expect(p.fraction).toBeCloseTo(0.2468);
    expect(p.etaSeconds).toBeCloseTo((5000 - 1234) / 2000);
    expect(p.moving).toBe(true);
  });

  it('drops a pace nothing has confirmed for a while (a paused run)', () => {
    const p = fullCopyProgress(twoTables(), T0 + STALE_MS);
    expect(p.rowsPerSecond).toBe(0);
    expect(p.etaSeconds).toBeNull();
    expect(p.moving).toBe(false);
  });

  it('is complete when every table is, even when counts were estimates', () => {
    let s = twoTables();
    s = applyEvent(s, copying('shop.a', 4100, 4100, 0), T0);
    s = applyEvent(s, copying('shop.b', 990, 990, 0), T0);
    expect(fullCopyProgress(s, T0)).toMatchObject({ fraction: 1, etaSeconds: 0, tablesDone: 2 });
  });

  it('has no fraction before a table is counted', () => {
    const s = applyDetail(initialLive('orders'), detail(), T0, T0);
    expect(fullCopyProgress(s, T0).fraction).toBeNull();
  });

  it('counts the copy and the change stream in the throughput, and the worst lag', () => {
    let s = twoTables();
    for (const [stream, lagMs] of [
      ['a', 30],
      ['b', 900],
    ] as const) {
      s = applyEvent(
        s,
        {
          type: 'stream',
          task: 'orders',
          step: 'incremental',
          stream,
          status: streamStatus({ lagMs, rowsPerSecond: 100 }),
        },
        T0,
      );
    }
    expect(currentThroughput(s, T0)).toBe(2200);
    expect(currentLag(s, T0)).toBe(900);
    expect(currentLag(s, T0 + STALE_MS)).toBeNull();
  });
});
