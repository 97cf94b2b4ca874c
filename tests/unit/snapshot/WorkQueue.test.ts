import { describe, expect, it } from 'vitest';
import { WorkQueue } from '../../../src/engine/snapshot/WorkQueue.js';

describe('WorkQueue', () => {
  it('hands items to waiting consumers and ends them when closed', async () => {
    const q = new WorkQueue<number>(2);
    const a = q.take();
    const b = q.take();
    await q.put(1);
    q.close();
    expect(await a).toEqual({ value: 1, done: false });
    expect(await b).toEqual({ value: undefined, done: true });
  });

  it('holds the producer back while full', async () => {
    const q = new WorkQueue<number>(1);
    await q.put(1);
    let second = false;
    const put = q.put(2).then(() => (second = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(second).toBe(false);
    expect(await q.take()).toEqual({ value: 1, done: false });
    await put;
    expect(await q.take()).toEqual({ value: 2, done: false });
  });

  it('passes a producer failure to every consumer', async () => {
    const q = new WorkQueue<number>(1);
    const waiting = q.take();
    q.fail(new Error('cut failed'));
    await expect(waiting).rejects.toThrow('cut failed');
    await expect(q.take()).rejects.toThrow('cut failed');
  });
});
