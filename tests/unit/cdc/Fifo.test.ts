import { describe, expect, it } from 'vitest';
import { Fifo } from '../../../src/engine/cdc/Fifo.js';

describe('Fifo', () => {
  it('gives items back in the order they came, across the compaction of taken slots', () => {
    const q = new Fifo<number>();
    let next = 0;
    let expected = 0;
    // Pushes run ahead of shifts, so the queue both grows and drops taken slots many times.
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 300; i++) q.push(next++);
      for (let i = 0; i < 200; i++) expect(q.shift()).toBe(expected++);
      expect(q.length).toBe(next - expected);
      expect(q.peek()).toBe(expected);
    }
    const rest = q.drain();
    expect(rest).toEqual(Array.from({ length: next - expected }, (_, i) => expected + i));
    expect(q.length).toBe(0);
    expect(q.shift()).toBeUndefined();
    expect(q.peek()).toBeUndefined();
  });

  it('keeps falsy items', () => {
    const q = new Fifo<number | null>();
    q.push(0);
    q.push(null);
    expect(q.length).toBe(2);
    expect(q.shift()).toBe(0);
    expect(q.shift()).toBeNull();
    expect(q.length).toBe(0);
  });
});
