import { describe, expect, it } from 'vitest';
import { CheckpointRepository } from '../../../src/engine/store/CheckpointRepository.js';
import { EventRepository } from '../../../src/engine/store/EventRepository.js';
import { ProgressRepository } from '../../../src/engine/store/ProgressRepository.js';
import { SchemaObjectRepository } from '../../../src/engine/store/SchemaObjectRepository.js';
import { StepRepository } from '../../../src/engine/store/StepRepository.js';
import { Store } from '../../../src/engine/store/Store.js';
import { TaskRepository } from '../../../src/engine/store/TaskRepository.js';
import { closeLater, sampleSpec, tempDir } from './helpers.js';

function setup() {
  const store = closeLater(Store.open(tempDir()));
  const tasks = new TaskRepository(store.db);
  const taskId = tasks.createOrGet(sampleSpec()).task.id;
  const otherId = tasks.createOrGet(sampleSpec('other')).task.id;
  return { db: store.db, taskId, otherId };
}

describe('StepRepository', () => {
  it('plans steps as pending, in run order, without resetting recorded ones', () => {
    const { db, taskId } = setup();
    const steps = new StepRepository(db);
    steps.plan(taskId, ['verify', 'schema', 'full']);
    steps.set(taskId, 'schema', 'done');
    steps.plan(taskId, ['schema', 'full', 'verify']);
    expect(steps.list(taskId).map((s) => [s.step, s.state])).toEqual([
      ['schema', 'done'],
      ['full', 'pending'],
      ['verify', 'pending'],
    ]);
  });

  it('tracks start and finish times, errors and detail', () => {
    const { db, taskId } = setup();
    const steps = new StepRepository(db);
    const running = steps.set(taskId, 'full', 'running', { detail: { tables: 3 } });
    expect(running.startedAt).not.toBeNull();
    expect(running.finishedAt).toBeNull();
    expect(running.detail).toEqual({ tables: 3 });

    const error = { code: 'QUERY_FAILED', message: 'boom', fix: 'retry' } as const;
    const failed = steps.set(taskId, 'full', 'failed', { error });
    expect(failed).toMatchObject({ state: 'failed', error, detail: { tables: 3 } });
    expect(failed.finishedAt).not.toBeNull();
    expect(failed.startedAt).toBe(running.startedAt);

    const resumed = steps.set(taskId, 'full', 'running');
    expect(resumed).toMatchObject({ error: null, finishedAt: null, startedAt: running.startedAt });

    const reset = steps.set(taskId, 'full', 'pending', { detail: null });
    expect(reset).toMatchObject({ startedAt: null, finishedAt: null, detail: null });
    expect(steps.get(taskId, 'full')).toEqual(reset);
    expect(steps.get(taskId, 'verify')).toBeUndefined();
  });

  it('refuses steps for a task that does not exist', () => {
    const { db } = setup();
    expect(() => new StepRepository(db).set('missing', 'full', 'running')).toThrow(/FOREIGN KEY/);
  });
});

describe('CheckpointRepository', () => {
  it('puts and gets a position per stream, replacing the previous one', () => {
    const { db, taskId, otherId } = setup();
    const checkpoints = new CheckpointRepository(db);
    expect(checkpoints.get(taskId, 'binlog')).toBeUndefined();

    checkpoints.put(taskId, 'binlog', { file: 'mysql-bin.000003', pos: 154, gtid: 'a:1-10' });
    checkpoints.put(taskId, 'binlog', { file: 'mysql-bin.000003', pos: 900, gtid: 'a:1-12' });
    checkpoints.put(taskId, 'full:shop.orders', { chunk: 7 });
    checkpoints.put(otherId, 'binlog', { file: 'x', pos: 1 });

    expect(checkpoints.get(taskId, 'binlog')?.position).toEqual({
      file: 'mysql-bin.000003',
      pos: 900,
      gtid: 'a:1-12',
    });
    expect(checkpoints.list(taskId).map((c) => c.stream)).toEqual(['binlog', 'full:shop.orders']);
  });
});

describe('ProgressRepository', () => {
  const orders = {
    step: 'full',
    sourceDb: 'shop',
    sourceTable: 'orders',
    targetDb: 'shop_ob',
    targetTable: 'orders',
    state: 'running',
    rowsDone: 1000,
    rowsTotal: null,
    bytesDone: 64_000,
    chunksDone: 1,
    chunksTotal: null,
  } as const;

  it('upserts one row per step and source table and lists them', () => {
    const { db, taskId, otherId } = setup();
    const progress = new ProgressRepository(db);
    progress.upsert({ taskId, ...orders });
    progress.upsert({
      taskId,
      ...orders,
      rowsDone: 5000,
      rowsTotal: 5000,
      chunksTotal: 5,
      state: 'done',
    });
    progress.upsert({ taskId, ...orders, sourceTable: 'customers', targetTable: 'customers' });
    progress.upsert({ taskId, ...orders, step: 'verify', state: 'pending', rowsDone: 0 });
    progress.upsert({ taskId: otherId, ...orders });

    const full = progress.list(taskId, 'full');
    expect(full.map((p) => p.sourceTable)).toEqual(['customers', 'orders']);
    expect(full[1]).toMatchObject({
      rowsDone: 5000,
      rowsTotal: 5000,
      chunksTotal: 5,
      state: 'done',
    });
    expect(progress.list(taskId)).toHaveLength(3);
    expect(progress.list(otherId)).toHaveLength(1);
  });
});

describe('EventRepository', () => {
  it('appends events and lists those after an id, with a limit', () => {
    const { db, taskId, otherId } = setup();
    const events = new EventRepository(db);
    const first = events.append(taskId, { level: 'info', message: 'schema started' });
    events.append(otherId, { level: 'info', message: 'elsewhere' });
    const second = events.append(taskId, {
      level: 'warn',
      code: 'LAG',
      message: 'lag is high',
      data: { seconds: 42 },
    });
    events.append(taskId, { level: 'error', message: 'third' });

    expect(first).toMatchObject({ level: 'info', code: null, data: null });
    expect(second.id).toBeGreaterThan(first.id);
    expect(events.list(taskId).map((e) => e.message)).toEqual([
      'schema started',
      'lag is high',
      'third',
    ]);
    expect(events.list(taskId, { afterId: first.id, limit: 1 })).toEqual([second]);
    expect(events.list(taskId, { afterId: second.id + 100 })).toEqual([]);
    expect(events.list(taskId, { limit: 2, latest: true }).map((e) => e.message)).toEqual([
      'lag is high',
      'third',
    ]);
  });

  it('refuses an unknown level', () => {
    const { db, taskId } = setup();
    const append = () =>
      new EventRepository(db).append(taskId, { level: 'debug' as 'info', message: 'x' });
    expect(append).toThrow(/CHECK/);
  });
});

describe('SchemaObjectRepository', () => {
  it('records what was created on the target, one row per object', () => {
    const { db, taskId } = setup();
    const objects = new SchemaObjectRepository(db);
    objects.record(taskId, {
      kind: 'table',
      object: '`shop`.`orders`',
      phase: 'tables',
      state: 'failed',
      sql: 'CREATE TABLE ...',
      error: 'denied',
    });
    objects.record(taskId, {
      kind: 'view',
      object: '`shop`.`v`',
      phase: 'views',
      state: 'skipped',
    });
    objects.record(taskId, {
      kind: 'table',
      object: '`shop`.`orders`',
      phase: 'tables',
      state: 'created',
      sql: 'CREATE TABLE ...',
    });

    expect(objects.get(taskId, 'table', '`shop`.`orders`')?.state).toBe('created');
    expect(objects.get(taskId, 'view', '`shop`.`orders`')).toBeUndefined();
    expect(objects.list(taskId)).toMatchObject([
      {
        kind: 'table',
        object: '`shop`.`orders`',
        state: 'created',
        sql: 'CREATE TABLE ...',
        error: null,
      },
      { kind: 'view', object: '`shop`.`v`', state: 'skipped', sql: null, error: null },
    ]);
  });
});
