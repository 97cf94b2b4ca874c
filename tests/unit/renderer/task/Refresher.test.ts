import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Refresher } from '../../../../src/renderer/task/Refresher.js';

function deferred() {
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Refresher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('loads at once and then every interval while visible', async () => {
    let visible = true;
    const load = vi.fn(() => Promise.resolve());
    const r = new Refresher(load, { intervalMs: 2000, isVisible: () => visible, onError: vi.fn() });
    r.start();
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(load).toHaveBeenCalledTimes(2);
    visible = false;
    await vi.advanceTimersByTimeAsync(6000);
    expect(load).toHaveBeenCalledTimes(2);
    r.stop();
  });

  it('runs one more load after a busy one, however many requests came in', async () => {
    const pending = [deferred(), deferred()];
    let calls = 0;
    const load = vi.fn(() => pending[calls++]?.promise ?? Promise.resolve());
    const r = new Refresher(load, { intervalMs: 60_000, isVisible: () => true, onError: vi.fn() });
    r.start();
    r.request();
    r.request();
    r.request();
    expect(load).toHaveBeenCalledTimes(1);
    pending[0]?.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(load).toHaveBeenCalledTimes(2);
    pending[1]?.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(load).toHaveBeenCalledTimes(2);
    r.stop();
  });

  it('reports failures and keeps polling', async () => {
    const onError = vi.fn();
    const load = vi.fn(() => Promise.reject(new Error('engine gone')));
    const r = new Refresher(load, { intervalMs: 1000, isVisible: () => true, onError });
    r.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(onError).toHaveBeenCalledTimes(2);
    expect(load).toHaveBeenCalledTimes(2);
    r.stop();
  });

  it('does nothing once stopped, not even report a load that ends afterwards', async () => {
    const pending = deferred();
    const onError = vi.fn();
    const load = vi.fn(() => pending.promise.then(() => Promise.reject(new Error('late'))));
    const r = new Refresher(load, { intervalMs: 1000, isVisible: () => true, onError });
    r.start();
    r.stop();
    r.request();
    pending.resolve();
    await vi.advanceTimersByTimeAsync(5000);
    expect(load).toHaveBeenCalledTimes(1);
    expect(onError).not.toHaveBeenCalled();
  });
});
