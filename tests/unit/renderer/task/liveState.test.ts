import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../../../src/renderer/task/liveEvents.js';
import {
  applyDetail,
  initialLive,
  tableKey,
  type TaskLive,
} from '../../../../src/renderer/task/liveState.js';
import { LOG_CAP } from '../../../../src/renderer/task/logLines.js';
import { STALE_MS } from '../../../../src/renderer/task/samples.js';
import type { TableProgressInfo } from '../../../../src/shared/api.js';
import type { TaskEvent } from '../../../../src/shared/events.js';
import { detail, streamStatus, summary } from './fixtures.js';

const T0 = Date.parse('2025-01-01T10:01:00.000Z');

function progress(item: string, done: number, total: number, finished = false): TaskEvent {
  return {
    type: 'progress',
    task: 'orders',
    step: 'full',
    item,
    counters: { done, total, unit: 'rows' },
    rate: { rowsPerSecond: 1000, bytesPerSecond: 64_000, etaSeconds: (total - done) / 1000 },
    finished,
  };
}

function stored(over: Partial<TableProgressInfo> = {}): TableProgressInfo {
  return {
    step: 'full',
    source: 'shop.orders',
    target: 'shop.orders_new',
    state: 'running',
    rowsDone: 100,
    rowsTotal: 5000,
    chunksDone: 1,
    ...over,
  };
}

const loaded = (): TaskLive => applyDetail(initialLive('orders'), detail(), T0 - 1, T0);

describe('live task state: progress', () => {
  it('tracks a table from its progress events, dropping its pace once it is copied', () => {
    let s = applyEvent(loaded(), progress('shop.orders', 1000, 5000), T0 + 100);
    const running = s.tables[tableKey('full', 'shop.orders')];
    expect(running).toMatchObject({ state: 'running', done: 1000, total: 5000 });
    expect(running?.rate?.rowsPerSecond).toBe(1000);

    s = applyEvent(s, progress('shop.orders', 5000, 5000, true), T0 + 200);
    expect(s.tables[tableKey('full', 'shop.orders')]).toMatchObject({
      state: 'done',
      done: 5000,
      rate: null,
    });
  });

  it('keeps counts of objects apart from the tables', () => {
    const s = applyEvent(
      loaded(),
      {
        type: 'progress',
        task: 'orders',
        step: 'schema',
        item: 'shop.orders',
        counters: { done: 3, total: 12, unit: 'objects' },
        finished: true,
      },
      T0,
    );
    expect(s.stepCounters.schema).toEqual({ done: 3, total: 12, unit: 'objects' });
    expect(Object.keys(s.tables)).toHaveLength(0);
  });

  it('ignores the events of other tasks', () => {
    const s = loaded();
    expect(applyEvent(s, { ...progress('shop.orders', 1, 2), task: 'other' }, T0)).toBe(s);
  });

  it('keeps the live counts while events flow, the store lagging them', () => {
    let s = applyEvent(loaded(), progress('shop.orders', 3000, 5000), T0 + 500);
    s = applyDetail(s, detail({ tables: [stored({ rowsDone: 2000 })] }), T0 + 600, T0 + 700);
    const t = s.tables[tableKey('full', 'shop.orders')];
    expect(t?.done).toBe(3000);
    expect(t?.rate?.rowsPerSecond).toBe(1000);
    expect(t?.target).toBe('shop.orders_new');
  });

  it('takes the stored counts once events have stopped coming', () => {
    let s = applyEvent(loaded(), progress('shop.orders', 3000, 5000), T0);
    s = applyDetail(s, detail({ tables: [stored({ rowsDone: 3500 })] }), T0, T0 + STALE_MS);
    expect(s.tables[tableKey('full', 'shop.orders')]?.done).toBe(3500);
  });

  it('works a pace out of two polls when no event comes (a run in another process)', () => {
    let s = applyDetail(loaded(), detail({ tables: [stored({ rowsDone: 1000 })] }), T0, T0);
    s = applyDetail(s, detail({ tables: [stored({ rowsDone: 3000 })] }), T0 + 2000, T0 + 2000);
    const t = s.tables[tableKey('full', 'shop.orders')];
    expect(t?.rate).toEqual({ rowsPerSecond: 1000, bytesPerSecond: null, etaSeconds: 2 });
  });

  it('trusts the store when it says a table is done', () => {
    let s = applyEvent(loaded(), progress('shop.orders', 4000, 5000), T0 + 500);
    s = applyDetail(
      s,
      detail({ tables: [stored({ rowsDone: 5000, state: 'done' })] }),
      T0 + 400,
      T0 + 600,
    );
    expect(s.tables[tableKey('full', 'shop.orders')]).toMatchObject({ state: 'done', rate: null });
  });
});

describe('live task state: steps and state', () => {
  it('stamps a step when it starts and when it ends', () => {
    let s = applyEvent(
      loaded(),
      { type: 'step', task: 'orders', step: 'incremental', state: 'running' },
      T0,
    );
    const started = s.steps.find((x) => x.step === 'incremental');
    expect(started?.startedAt).toBe(new Date(T0).toISOString());
    expect(s.summary?.currentStep).toBe('incremental');

    s = applyEvent(
      s,
      { type: 'step', task: 'orders', step: 'incremental', state: 'done' },
      T0 + 5000,
    );
    const ended = s.steps.find((x) => x.step === 'incremental');
    expect(ended).toMatchObject({
      state: 'done',
      startedAt: new Date(T0).toISOString(),
      finishedAt: new Date(T0 + 5000).toISOString(),
    });
  });

  it('keeps a failure with its fix, and clears it when the task runs again', () => {
    let s = applyEvent(
      loaded(),
      {
        type: 'task',
        task: 'orders',
        state: 'failed',
        error: { code: 'APPLY_FAILED', message: 'Duplicate key', fix: 'Check the target.' },
      },
      T0,
    );
    expect(s.summary).toMatchObject({ state: 'failed', active: false });
    expect(s.failure).toEqual({ message: 'Duplicate key', fix: 'Check the target.' });

    s = applyEvent(s, { type: 'task', task: 'orders', state: 'running' }, T0 + 1000);
    expect(s.summary).toMatchObject({ state: 'running', active: true, error: null });
    expect(s.failure).toBeNull();
  });

  it('keeps the state a newer event set over a detail asked for before it', () => {
    let s = applyEvent(loaded(), { type: 'task', task: 'orders', state: 'paused' }, T0 + 500);
    s = applyDetail(s, detail(), T0 + 400, T0 + 600);
    expect(s.summary?.state).toBe('paused');
    s = applyDetail(
      s,
      detail({ summary: summary({ state: 'paused', active: false }) }),
      T0 + 700,
      T0 + 800,
    );
    expect(s.summary).toMatchObject({ state: 'paused', active: false });
  });
});

describe('live task state: streams, charts and log', () => {
  it('follows the stream and charts its lag and rows a second', () => {
    const s = applyEvent(
      loaded(),
      {
        type: 'stream',
        task: 'orders',
        step: 'incremental',
        stream: 'forward',
        status: streamStatus({ lagMs: 40, rowsPerSecond: 480 }),
      },
      T0,
    );
    expect(s.streams.forward?.status.lagMs).toBe(40);
    expect(s.lag).toEqual([{ t: T0, v: 40 }]);
    expect(s.throughput).toEqual([{ t: T0, v: 480 }]);
  });

  it('takes a polled stream status once, not again on each identical poll', () => {
    const streams = [
      { stream: 'forward', status: streamStatus({ lagMs: 7 }), updatedAt: '2025-01-01T10:00:59Z' },
    ];
    let s = applyDetail(loaded(), detail({ streams }), T0, T0);
    expect(s.streams.forward?.at).toBe(T0);
    s = applyDetail(s, detail({ streams }), T0 + 2000, T0 + 2000);
    expect(s.streams.forward?.at).toBe(T0);
  });

  it('seeds the log from the store once and keeps live lines it lacks', () => {
    let s = applyEvent(
      initialLive('orders'),
      { type: 'log', task: 'orders', level: 'info', message: 'a' },
      T0,
    );
    s = applyEvent(s, { type: 'log', task: 'orders', level: 'warn', message: 'b' }, T0);
    const events = [{ ts: '2025-01-01T10:00:00Z', level: 'info' as const, message: 'a' }];
    s = applyDetail(s, detail({ events }), T0, T0);
    expect(s.log.map((l) => l.message)).toEqual(['a', 'b']);
    s = applyDetail(s, detail({ events: [...events, ...events] }), T0, T0);
    expect(s.log).toHaveLength(2);
    expect(new Set(s.log.map((l) => l.id)).size).toBe(2);
  });

  it('caps the log, dropping the oldest lines', () => {
    let s = loaded();
    for (let i = 0; i < LOG_CAP + 5; i++) {
      s = applyEvent(s, { type: 'log', task: 'orders', level: 'info', message: `line ${i}` }, T0);
    }
    expect(s.log).toHaveLength(LOG_CAP);
    expect(s.log[0]?.message).toBe('line 5');
  });
});
