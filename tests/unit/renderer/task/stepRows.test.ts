import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../../../src/renderer/task/liveEvents.js';
import { applyDetail, initialLive } from '../../../../src/renderer/task/liveState.js';
import { stepRows } from '../../../../src/renderer/task/stepRows.js';
import { detail } from './fixtures.js';

describe('step rows', () => {
  it('lists the task’s steps in order with their times and counters', () => {
    const now = Date.parse('2025-01-01T10:01:05.000Z');
    let s = applyDetail(initialLive('orders'), detail(), now, now);
    s = applyEvent(
      s,
      {
        type: 'progress',
        task: 'orders',
        step: 'full',
        item: 'shop.fk',
        counters: { done: 1, total: 4, unit: 'objects' },
        finished: true,
      },
      now,
    );
    const rows = stepRows(s, now);
    expect(rows.map((r) => [r.label, r.state])).toEqual([
      ['Schema', 'done'],
      ['Full copy', 'running'],
      ['Incremental sync', 'pending'],
    ]);
    expect(rows[0]?.seconds).toBe(5);
    expect(rows[1]?.seconds).toBe(60);
    expect(rows[1]?.counters).toEqual({ done: 1, total: 4, unit: 'objects' });
    expect(rows[2]?.seconds).toBeNull();
  });
});
