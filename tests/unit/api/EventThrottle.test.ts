import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventThrottle } from '../../../src/engine/api/EventThrottle.js';
import type { TaskEvent } from '../../../src/shared/events.js';

const progress = (task: string, item: string, done: number): TaskEvent => ({
  type: 'progress',
  task,
  step: 'full',
  item,
  counters: { done, total: 100, unit: 'rows' },
  finished: false,
});

describe('EventThrottle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends at most one batch of progress per task every 250 ms, the latest per item', () => {
    const sent: TaskEvent[] = [];
    const t = new EventThrottle((e) => sent.push(e));
    for (let i = 1; i <= 100; i++) t.push(progress('a', 'x', i));
    t.push(progress('a', 'y', 5));
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(sent.map((e) => (e.type === 'progress' ? [e.item, e.counters.done] : []))).toEqual([
      ['x', 100],
      ['y', 5],
    ]);
    t.push(progress('a', 'x', 101));
    vi.advanceTimersByTime(200);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(60);
    expect(sent).toHaveLength(3);
  });

  it('lets state changes and logs through at once, and drains what is pending', () => {
    const sent: TaskEvent[] = [];
    const t = new EventThrottle((e) => sent.push(e));
    t.push(progress('a', 'x', 1));
    t.push({ type: 'task', task: 'a', state: 'done' });
    expect(sent.map((e) => e.type)).toEqual(['task']);
    t.drain();
    expect(sent.map((e) => e.type)).toEqual(['task', 'progress']);
  });
});
