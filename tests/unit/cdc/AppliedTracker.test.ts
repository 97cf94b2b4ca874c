import { describe, expect, it } from 'vitest';
import { AppliedTracker, type AppliedTransaction } from '../../../src/engine/cdc/AppliedTracker.js';

const end = (pos: number) => ({ file: 'b.000001', pos, gtid: null, gtidFlavor: null, at: '' });
const seal = (t: AppliedTracker, seq: number) =>
  t.sealed({ seq, end: end(seq * 100), timestampMs: 0, heartbeatMs: null });

describe('AppliedTracker', () => {
  it('advances only over transactions whose every row is applied, in order', () => {
    const seen: AppliedTransaction[] = [];
    const t = new AppliedTracker(1, (x) => seen.push(x));
    t.added(1, 2);
    t.added(2, 1);
    seal(t, 1);
    seal(t, 2);
    t.applied(2, 1);
    expect(seen).toEqual([]);
    t.applied(1, 1);
    expect(seen).toEqual([]);
    t.applied(1, 1);
    expect(seen.map((x) => [x.seq, x.end.pos, x.rows])).toEqual([
      [1, 100, 2],
      [2, 200, 1],
    ]);
    expect(t.inFlight).toBe(0);
  });

  it('waits for the commit even when every row so far is applied', () => {
    const seen: number[] = [];
    const t = new AppliedTracker(5, (x) => seen.push(x.seq));
    t.added(5, 1);
    t.applied(5, 1);
    expect(seen).toEqual([]);
    t.added(5, 1);
    t.applied(5, 1);
    seal(t, 5);
    expect(seen).toEqual([5]);
  });

  it('passes empty transactions straight through', () => {
    const seen: number[] = [];
    const t = new AppliedTracker(1, (x) => seen.push(x.seq));
    seal(t, 1);
    seal(t, 2);
    expect(seen).toEqual([1, 2]);
  });
});
