import { describe, expect, it } from 'vitest';
import type { Session } from '../../../src/engine/connect/Endpoint.js';
import type { ApplyItem } from '../../../src/engine/cdc/ChangePlanner.js';
import { KeylessLedger } from '../../../src/engine/cdc/KeylessLedger.js';
import type { TableRoute } from '../../../src/engine/cdc/TableRoute.js';

const route = { target: '`db`.`bag`' } as TableRoute;
const keyed = { target: '`db`.`t`' } as TableRoute;

function item(seq: bigint | null, index = 1, r: TableRoute = route): ApplyItem {
  return {
    seq: 1,
    route: r,
    op: 'insert',
    columns: [],
    image: {},
    match: null,
    rowKey: null,
    conflicts: [],
    origin: seq === null ? null : { stream: 'domain 0', seq, index },
  };
}

/** A session whose ledger table holds `stored` for every table and stream. */
function session(stored: { seq: string; idx: number } | null) {
  const queries: unknown[][] = [];
  const s = {
    query: async (_sql: string, values: unknown[] = []) => {
      queries.push(values);
      return stored ? [stored] : [];
    },
  } as unknown as Session;
  return { s, queries };
}

describe('KeylessLedger', () => {
  it('skips what the target recorded as applied, in GTID order, and keeps the rest', async () => {
    const { s, queries } = session({ seq: '100', idx: 2 });
    const ledger = new KeylessLedger('task');
    const items = [item(99n, 5), item(100n, 2), item(100n, 3), item(101n, 1), item(null)];
    const fresh = await ledger.fresh(s, items);
    expect(fresh.map((i) => [i.origin?.seq, i.origin?.index])).toEqual([
      [100n, 3],
      [101n, 1],
      [undefined, undefined],
    ]);
    expect(queries).toEqual([['task', '`db`.`bag`', 'domain 0']]);
  });

  it('records the last place per table and stream, and remembers it once committed', async () => {
    const { s, queries } = session(null);
    const ledger = new KeylessLedger('task');
    const batch = await ledger.fresh(s, [item(7n, 1), item(7n, 2), item(8n, 1, keyed)]);
    expect(batch).toHaveLength(3);
    const marks = ledger.record(batch);
    expect(marks.map((m) => m.values)).toEqual([
      ['task', '`db`.`bag`', 'domain 0', '7', 2],
      ['task', '`db`.`t`', 'domain 0', '8', 1],
    ]);
    ledger.committed(batch);
    // A replay of the same changes after a reconnect is skipped without asking the server again.
    expect(await ledger.fresh(s, [item(7n, 2), item(7n, 3)])).toHaveLength(1);
    expect(queries).toHaveLength(2);
  });
});
