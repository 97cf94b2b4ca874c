import { describe, expect, it } from 'vitest';
import { RateMeter } from '../../../src/engine/snapshot/RateMeter.js';
import { Throttler } from '../../../src/engine/snapshot/Throttler.js';

describe('Throttler', () => {
  it('does not hold back an unlimited task', () => {
    const t = new Throttler({ rowsPerSecond: 0, bytesPerSecond: 0 }, () => 0);
    expect(t.book(1_000_000, 1e9)).toBe(0);
  });

  it('spaces batches to the row rate after a one-second burst', () => {
    let now = 10_000;
    const t = new Throttler({ rowsPerSecond: 1000, bytesPerSecond: 0 }, () => now);
    expect(t.book(1000, 0)).toBe(0);
    expect(t.book(1000, 0)).toBe(0);
    expect(t.book(1000, 0)).toBe(1000);
    now += 1000;
    expect(t.book(500, 0)).toBe(1000);
  });

  it('waits for whichever limit is tighter', () => {
    const t = new Throttler({ rowsPerSecond: 1_000_000, bytesPerSecond: 1000 }, () => 0);
    t.book(1, 2000);
    expect(t.book(1, 1000)).toBe(1000);
  });

  it('applies new limits from the next batch, forgetting time booked under the old ones', () => {
    const now = 0;
    const t = new Throttler({ rowsPerSecond: 10, bytesPerSecond: 0 }, () => now);
    t.book(100, 0);
    expect(t.book(10, 0)).toBeGreaterThan(5000);
    t.setLimits({ rowsPerSecond: 0, bytesPerSecond: 0 });
    expect(t.book(1_000_000, 0)).toBe(0);
    expect(t.current).toEqual({ rowsPerSecond: 0, bytesPerSecond: 0 });
  });
});

describe('RateMeter', () => {
  it('reports rates over the window and an ETA', () => {
    let now = 0;
    const m = new RateMeter(10_000, () => now);
    expect(m.etaSeconds(100)).toBeNull();
    m.add(1000, 1_000_000);
    now = 2000;
    m.add(1000, 1_000_000);
    expect(m.rates()).toEqual({ rowsPerSecond: 1000, bytesPerSecond: 1_000_000 });
    expect(m.etaSeconds(5000)).toBe(5);
  });

  it('forgets samples older than the window', () => {
    let now = 0;
    const m = new RateMeter(1000, () => now);
    m.add(1_000_000, 0);
    now = 5000;
    m.add(10, 0);
    expect(m.rates().rowsPerSecond).toBe(10);
  });
});

describe('Throttler.take', () => {
  it('wakes a batch waiting under old limits when they are lifted', async () => {
    const t = new Throttler({ rowsPerSecond: 1, bytesPerSecond: 0 });
    t.book(10, 0);
    let resolved = false;
    const waiting = t.take(1, 0).then(() => (resolved = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(resolved).toBe(false);
    t.setLimits({ rowsPerSecond: 0, bytesPerSecond: 0 });
    await waiting;
    expect(resolved).toBe(true);
  });

  it('stops waiting when the task is stopped', async () => {
    const t = new Throttler({ rowsPerSecond: 1, bytesPerSecond: 0 });
    t.book(10, 0);
    const stop = new AbortController();
    const waiting = t.take(1, 0, stop.signal);
    stop.abort();
    await expect(waiting).rejects.toThrow();
  });
});
