import { describe, expect, it } from 'vitest';
import { readerServerId } from '../../../src/engine/task/steps/IncrementalStep.js';

describe('readerServerId', () => {
  it('stays in the 2^30 … 2^31 range and is stable per task', () => {
    const id = readerServerId('0b9c1f1e-1d2a-4c3e-9f00-000000000001');
    expect(id).toBeGreaterThanOrEqual(2 ** 30);
    expect(id).toBeLessThan(2 ** 31);
    expect(readerServerId('0b9c1f1e-1d2a-4c3e-9f00-000000000001')).toBe(id);
  });

  it('differs between tasks, so two tasks never take over each other’s connection', () => {
    const ids = new Set(Array.from({ length: 1000 }, (_, i) => readerServerId(`task-${i}`)));
    expect(ids.size).toBe(1000);
  });
});
