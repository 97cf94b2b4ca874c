import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TaskEvent } from '../../../src/shared/events.js';
import { ProgressGate } from '../../../src/engine/task/ProgressGate.js';
import { readThrottle, writeThrottle } from '../../../src/engine/task/ThrottleControl.js';

const progress = (item: string, done: number, finished = false): TaskEvent => ({
  type: 'progress',
  task: 't',
  step: 'full',
  item,
  counters: { done, total: 100, unit: 'rows' },
  finished,
});

describe('ProgressGate', () => {
  it('passes one event per item per interval, and always the finishing one', () => {
    let now = 0;
    const gate = new ProgressGate(250, () => now);
    expect(gate.pass(progress('a', 1))).toBe(true);
    expect(gate.pass(progress('a', 2))).toBe(false);
    expect(gate.pass(progress('b', 1))).toBe(true);
    expect(gate.pass(progress('a', 100, true))).toBe(true);
    now = 300;
    expect(gate.pass(progress('a', 3))).toBe(true);
    expect(gate.pass({ type: 'log', task: 't', level: 'info', message: 'x' })).toBe(true);
  });
});

describe('throttle control file', () => {
  it('round-trips limits and reads nothing when unset', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-throttle-'));
    expect(readThrottle(dir, 'task')).toBeNull();
    writeThrottle(dir, 'task', { rowsPerSecond: 500, bytesPerSecond: 0 });
    expect(readThrottle(dir, 'task')).toEqual({ rowsPerSecond: 500, bytesPerSecond: 0 });
  });
});
