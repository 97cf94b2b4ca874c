import { describe, expect, it, vi } from 'vitest';
import { createVerifyStore } from '../../../../src/renderer/task/verifyStore.js';
import type { CutoverApi, VerifyResult } from '../../../../src/shared/api.js';
import { report, tableReport } from './fixtures.js';

function engineWith(invoke: (...args: unknown[]) => Promise<unknown>): () => CutoverApi {
  const engine = { invoke, on: () => () => {} } as unknown as CutoverApi;
  return () => engine;
}

const result = (tables = [tableReport({ differenceCount: 2 })]): VerifyResult => ({
  report: report(tables),
  repairs: [{ table: 'shop.orders', statements: ['DELETE …', 'INSERT …'] }],
  repaired: false,
});

describe('verify store', () => {
  it('runs one verification per task at a time and keeps its result', async () => {
    let finish = (_r: VerifyResult): void => {};
    const invoke = vi.fn(() => new Promise<VerifyResult>((r) => (finish = r)));
    const store = createVerifyStore(engineWith(invoke));
    const first = store.getState().verify('orders', false);
    expect(store.getState().runs.orders?.running).toBe('verify');
    void store.getState().verify('orders', false);
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke).toHaveBeenCalledWith('task:verify', 'orders', { repair: false });
    finish(result());
    await first;
    expect(store.getState().runs.orders).toMatchObject({ running: null, error: null });
    expect(store.getState().runs.orders?.result?.repairs).toHaveLength(1);
  });

  it('keeps a failure with its fix', async () => {
    const error = Object.assign(new Error('Cannot reach the target'), { fix: 'Start it.' });
    const store = createVerifyStore(engineWith(() => Promise.reject(error)));
    await store.getState().verify('orders', true);
    expect(store.getState().runs.orders).toMatchObject({
      running: null,
      error: { message: 'Cannot reach the target', fix: 'Start it.' },
    });
  });

  it('keeps the selected table across runs only while the report still has it', async () => {
    const answers = [result(), result([tableReport({ source: 'shop.items' })])];
    const store = createVerifyStore(engineWith(() => Promise.resolve(answers.shift())));
    store.getState().select('orders', 'shop.orders');
    await store.getState().verify('orders', false);
    expect(store.getState().runs.orders?.selected).toBe('shop.orders');
    await store.getState().verify('orders', false);
    expect(store.getState().runs.orders?.selected).toBeNull();
  });
});
