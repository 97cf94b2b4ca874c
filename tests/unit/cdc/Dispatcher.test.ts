import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ApplyItem } from '../../../src/engine/cdc/ChangePlanner.js';
import type { ApplyWorker } from '../../../src/engine/cdc/ApplyWorker.js';
import { Dispatcher } from '../../../src/engine/cdc/Dispatcher.js';
import { buildRoute } from '../../../src/engine/cdc/TableRoute.js';
import { mapping, table } from '../schema/fixtures.js';

const route = buildRoute(1, mapping('shop.orders', 'dst.orders'), table());

/** Stands in for an ApplyWorker: records pushes; idle() resolves when the test says so. */
class FakeWorker {
  readonly pushed: ApplyItem[] = [];
  idleCalls = 0;
  private busy = false;
  private waiters: (() => void)[] = [];

  push(item: ApplyItem): Promise<void> {
    this.pushed.push(item);
    this.busy = true;
    return Promise.resolve();
  }

  idle(): Promise<void> {
    this.idleCalls += 1;
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Everything pushed so far is applied. */
  finish(): void {
    this.busy = false;
    for (const w of this.waiters.splice(0)) w();
  }

  get seqs(): number[] {
    return this.pushed.map((i) => i.seq);
  }
}

function setup(n: number): { fakes: FakeWorker[]; dispatcher: Dispatcher } {
  const fakes = Array.from({ length: n }, () => new FakeWorker());
  return { fakes, dispatcher: new Dispatcher(fakes as unknown as ApplyWorker[]) };
}

const item = (seq: number, ...conflicts: string[]): ApplyItem => ({
  seq,
  route,
  op: 'upsert',
  columns: [],
  image: {},
  match: null,
  rowKey: String(seq),
  conflicts,
  origin: null,
});

const N = 4;

/** The worker a change with only this (free) key goes to. */
async function home(key: string): Promise<number> {
  const { fakes, dispatcher } = setup(N);
  await dispatcher.dispatch(item(0, key));
  return fakes.findIndex((f) => f.pushed.length > 0);
}

/** Keys whose changes land on pairwise different workers when free. */
async function keysOnDifferentWorkers(count: number): Promise<string[]> {
  const keys: string[] = [];
  const used = new Set<number>();
  for (let i = 0; keys.length < count; i++) {
    if (i > 1000) throw new Error('keys do not spread over the workers');
    const key = `1/0/${i}`;
    const w = await home(key);
    if (!used.has(w)) {
      used.add(w);
      keys.push(key);
    }
  }
  return keys;
}

const whereIs = (fakes: FakeWorker[], seq: number): number[] =>
  fakes.flatMap((f, i) => (f.seqs.includes(seq) ? [i] : []));

describe('Dispatcher', () => {
  it('sends a free key to the same worker every time (deterministic spread)', async () => {
    expect(await home('1/0/42')).toBe(await home('1/0/42'));
    const spread = new Set(await Promise.all(Array.from({ length: 40 }, (_, i) => home(`k${i}`))));
    expect(spread.size).toBeGreaterThan(1);
  });

  it('sends changes sharing a key to one worker, in stream order', async () => {
    const [a, b, c, d] = await keysOnDifferentWorkers(4);
    if (!a || !b || !c || !d) throw new Error('keys');
    const { fakes, dispatcher } = setup(N);
    await dispatcher.dispatch(item(1, a));
    await dispatcher.dispatch(item(2, b));
    await dispatcher.dispatch(item(3, b, c)); // c is free but b is held: c joins b's worker
    await dispatcher.dispatch(item(4, a));
    await dispatcher.dispatch(item(5, c));
    await dispatcher.dispatch(item(6, d, a)); // d is free but a is held
    const [wa] = whereIs(fakes, 1);
    const [wb] = whereIs(fakes, 2);
    expect(wa).not.toBe(wb);
    expect(fakes[wa ?? -1]?.seqs).toEqual([1, 4, 6]);
    expect(fakes[wb ?? -1]?.seqs).toEqual([2, 3, 5]);
    // Every item went to exactly one worker.
    expect(fakes.flatMap((f) => f.seqs).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('holds a key taken through a change’s second key as well', async () => {
    const [a, b] = await keysOnDifferentWorkers(2);
    if (!a || !b) throw new Error('keys');
    const { fakes, dispatcher } = setup(N);
    await dispatcher.dispatch(item(1, a, b)); // lands on a's worker, takes b along
    await dispatcher.dispatch(item(2, b));
    expect(whereIs(fakes, 2)).toEqual(whereIs(fakes, 1));
  });

  it('makes a change held by two workers wait until both are idle', async () => {
    const [a, b] = await keysOnDifferentWorkers(2);
    if (!a || !b) throw new Error('keys');
    const { fakes, dispatcher } = setup(N);
    const first = item(1, a);
    const second = item(2, b);
    await dispatcher.dispatch(first);
    await dispatcher.dispatch(second);
    const [wa] = whereIs(fakes, 1);
    const [wb] = whereIs(fakes, 2);
    const fa = fakes[wa ?? -1];
    const fb = fakes[wb ?? -1];
    if (!fa || !fb || fa === fb) throw new Error('workers');

    let done = false;
    const pending = dispatcher.dispatch(item(3, a, b)).then(() => (done = true));
    await tick();
    expect(done).toBe(false);
    expect(whereIs(fakes, 3)).toEqual([]);
    expect(fa.idleCalls).toBeGreaterThan(0);
    expect(fb.idleCalls).toBeGreaterThan(0);

    // One worker done is not enough.
    dispatcher.release([first]);
    fa.finish();
    await tick();
    expect(done).toBe(false);
    expect(whereIs(fakes, 3)).toEqual([]);

    dispatcher.release([second]);
    fb.finish();
    await pending;
    expect(whereIs(fakes, 3)).toHaveLength(1);
    // Free again, the change goes where its first key would.
    expect(whereIs(fakes, 3)).toEqual([await home(a)]);
  });

  it('frees keys on release, so unrelated later changes spread again', async () => {
    const [a, x] = await keysOnDifferentWorkers(2);
    if (!a || !x) throw new Error('keys');
    const { fakes, dispatcher } = setup(N);
    const first = item(1, a);
    await dispatcher.dispatch(first);
    const held = item(2, x, a);
    await dispatcher.dispatch(held);
    expect(whereIs(fakes, 2)).toEqual(whereIs(fakes, 1));

    dispatcher.release([first, held]);
    await dispatcher.dispatch(item(3, x, a));
    expect(whereIs(fakes, 3)).toEqual([await home(x)]);
    expect(whereIs(fakes, 3)).not.toEqual(whereIs(fakes, 1));
  });

  it('keeps a key held until every change holding it is released', async () => {
    const [a, x] = await keysOnDifferentWorkers(2);
    if (!a || !x) throw new Error('keys');
    const { fakes, dispatcher } = setup(N);
    const one = item(1, a);
    const two = item(2, a);
    await dispatcher.dispatch(one);
    await dispatcher.dispatch(two);
    const wa = whereIs(fakes, 1);

    dispatcher.release([one]);
    const three = item(3, x, a);
    await dispatcher.dispatch(three);
    expect(whereIs(fakes, 3)).toEqual(wa);

    dispatcher.release([two, three]);
    await dispatcher.dispatch(item(4, x, a));
    expect(whereIs(fakes, 4)).toEqual([await home(x)]);
  });

  it('counts a key listed twice in one change (old and new image) consistently', async () => {
    const [a, x] = await keysOnDifferentWorkers(2);
    if (!a || !x) throw new Error('keys');
    const { fakes, dispatcher } = setup(N);
    const twice = item(1, a, a);
    const other = item(2, a);
    await dispatcher.dispatch(twice);
    await dispatcher.dispatch(other);
    dispatcher.release([twice]);
    // `other` still holds a.
    await dispatcher.dispatch(item(3, x, a));
    expect(whereIs(fakes, 3)).toEqual(whereIs(fakes, 1));
  });

  it('ignores releasing changes it never dispatched', async () => {
    const [a, x] = await keysOnDifferentWorkers(2);
    if (!a || !x) throw new Error('keys');
    const { fakes, dispatcher } = setup(N);
    dispatcher.release([item(9, a)]);
    await dispatcher.dispatch(item(1, a));
    dispatcher.release([item(9, x)]);
    await dispatcher.dispatch(item(2, x, a));
    expect(whereIs(fakes, 2)).toEqual(whereIs(fakes, 1));
  });

  // A stopped ApplyWorker (run() failed) is "idle" at once but never applies, so never releases,
  // its queued items: waiting for it would loop on settled promises and starve the event loop.
  it('gives up instead of waiting on workers that stopped', async () => {
    const [a, b] = await keysOnDifferentWorkers(2);
    if (!a || !b) throw new Error('keys');
    let polls = 0;
    const stopped = Array.from({ length: N }, () => ({
      stopped: true,
      push: (): Promise<void> => Promise.resolve(),
      idle: (): Promise<void> =>
        ++polls > 50 ? Promise.reject(new Error('still polling')) : Promise.resolve(),
    }));
    const dispatcher = new Dispatcher(stopped as unknown as ApplyWorker[]);
    await dispatcher.dispatch(item(1, a));
    await dispatcher.dispatch(item(2, b));
    await expect(dispatcher.dispatch(item(3, a, b))).rejects.toMatchObject({
      code: 'INTERRUPTED',
    });
    expect(polls).toBe(0);
  });

  it('drains by waiting for every worker to be idle', async () => {
    const { fakes, dispatcher } = setup(N);
    for (let i = 0; i < 12; i++) await dispatcher.dispatch(item(i, `k${i}`));
    const busy = fakes.filter((f) => f.pushed.length > 0);
    expect(busy.length).toBeGreaterThan(1);
    let drained = false;
    const pending = dispatcher.drain().then(() => (drained = true));
    await tick();
    expect(drained).toBe(false);
    for (const f of busy.slice(0, -1)) f.finish();
    await tick();
    expect(drained).toBe(false);
    busy.at(-1)?.finish();
    await pending;
    expect(fakes.every((f) => f.idleCalls > 0)).toBe(true);
  });
});
