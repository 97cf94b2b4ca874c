import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChangedTables, changedSince } from '../../../src/engine/cdc/ChangedTables.js';
import { CheckpointRepository } from '../../../src/engine/store/CheckpointRepository.js';
import { Store } from '../../../src/engine/store/Store.js';
import { TaskRepository } from '../../../src/engine/store/TaskRepository.js';
import { parseTaskSpec } from '../../../src/engine/task/TaskFile.js';

describe('ChangedTables', () => {
  let store: Store;
  let checkpoints: CheckpointRepository;
  let taskId: string;

  beforeEach(() => {
    store = Store.open(mkdtempSync(join(tmpdir(), 'cutover-changes-')));
    checkpoints = new CheckpointRepository(store.db);
    const endpoint = { kind: 'mysql', host: 'h', port: 3306, user: 'u', password: 'p' };
    const spec = parseTaskSpec({
      name: 't',
      source: endpoint,
      target: endpoint,
      objects: [{ database: 'shop', tables: ['*'] }],
      steps: ['schema', 'full', 'incremental'],
    });
    taskId = new TaskRepository(store.db).createOrGet(spec).task.id;
  });

  afterEach(() => store.close());

  const iso = (ms: number) => new Date(ms).toISOString();

  it('tells the tables changed since a time, once saved', () => {
    const t0 = Date.now() + 1_000;
    const changes = new ChangedTables(checkpoints, taskId);
    const orders = { database: 'shop', table: 'orders' };
    const items = { database: 'shop', table: 'items' };
    changes.touched(orders, t0 + 1_000);
    changes.touched(items, t0 + 5_000);
    expect(changedSince(checkpoints, taskId, iso(t0))).toBeNull();
    changes.save();
    expect(changedSince(checkpoints, taskId, iso(t0 + 2_000))).toEqual(new Set(['shop.items']));
    expect(changedSince(checkpoints, taskId, iso(t0 + 6_000))).toEqual(new Set());

    // A later run continues the same record.
    const next = new ChangedTables(checkpoints, taskId);
    next.touched(orders, t0 + 9_000);
    next.save();
    expect(changedSince(checkpoints, taskId, iso(t0 + 6_000))).toEqual(new Set(['shop.orders']));
  });

  it('cannot tell across DDL, or before the record began', () => {
    const began = Date.now();
    const changes = new ChangedTables(checkpoints, taskId);
    changes.save();
    expect(changedSince(checkpoints, taskId, iso(began - 60_000))).toBeNull();
    expect(changedSince(checkpoints, taskId, iso(began + 60_000))).toEqual(new Set());
    changes.ddl(new Date(began + 120_000));
    changes.save();
    expect(changedSince(checkpoints, taskId, iso(began + 60_000))).toBeNull();
    expect(changedSince(checkpoints, taskId, iso(began + 180_000))).toEqual(new Set());
  });
});
