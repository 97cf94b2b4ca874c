import { describe, expect, it } from 'vitest';
import { LagMeter } from '../../../src/engine/cdc/LagMeter.js';

describe('LagMeter', () => {
  it('reports the latest lag and percentiles over the last minute', () => {
    const m = new LagMeter('heartbeat');
    const t0 = 1_000_000;
    m.sample(5_000, t0 - 120_000);
    for (let i = 1; i <= 100; i++) m.sample(i, t0 - 1000 + i);
    const s = m.stats(t0);
    expect(s.lagMs).toBe(100);
    expect(s.lagP50Ms).toBe(50);
    expect(s.lagP99Ms).toBe(99);
  });

  it('counts rates over the last five seconds', () => {
    const m = new LagMeter('event-time');
    const t0 = 2_000_000;
    for (let i = 0; i < 50; i++) m.appliedTransaction(4, t0 - 4_000 + i * 80);
    const s = m.stats(t0);
    expect(s.eventsPerSecond).toBe(10);
    expect(s.rowsPerSecond).toBe(40);
    expect(s.transactionsApplied).toBe(50);
    expect(s.lagMs).toBeNull();
  });
});
