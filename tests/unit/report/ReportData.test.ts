import { describe, expect, it } from 'vitest';
import { TABLES_STREAM } from '../../../src/engine/cdc/IncrementalSync.js';
import { recordPrecheck } from '../../../src/engine/precheck/PrecheckRecord.js';
import { buildReport } from '../../../src/engine/report/CutoverReport.js';
import { gatherReport, REPORT_PROBLEM_LIMIT } from '../../../src/engine/report/ReportData.js';
import { CheckpointRepository } from '../../../src/engine/store/CheckpointRepository.js';
import { EventRepository } from '../../../src/engine/store/EventRepository.js';
import { ProgressRepository } from '../../../src/engine/store/ProgressRepository.js';
import { StepRepository } from '../../../src/engine/store/StepRepository.js';
import { Store } from '../../../src/engine/store/Store.js';
import { StreamStatsRepository } from '../../../src/engine/store/StreamStatsRepository.js';
import { TaskRepository } from '../../../src/engine/store/TaskRepository.js';
import { VerificationRepository } from '../../../src/engine/store/VerificationRepository.js';
import { reverseName } from '../../../src/engine/switchover/ReverseTask.js';
import { SWITCHOVER_STREAM } from '../../../src/engine/switchover/Switchover.js';
import type { TaskSpec } from '../../../src/shared/task.js';
import { caught, closeLater, sampleSpec, tempDir } from '../store/helpers.js';
import { switchedOver, verification } from './fixtures.js';

function spec(): TaskSpec {
  return {
    ...sampleSpec('shop'),
    objects: [
      {
        database: 'shop',
        tables: ['*'],
        targetDatabase: 'shop_ob',
        rename: { orders: 'orders_2024' },
        columns: { users: ['id', 'email'] },
        where: { orders: 'id > 10' },
      },
    ],
  };
}

function setup() {
  const store = closeLater(Store.open(tempDir()));
  const tasks = new TaskRepository(store.db);
  const task = tasks.createOrGet(spec()).task;
  return { store, tasks, taskId: task.id };
}

function copied(store: Store, taskId: string, table: string, target: string): void {
  new ProgressRepository(store.db).upsert({
    taskId,
    step: 'full',
    sourceDb: 'shop',
    sourceTable: table,
    targetDb: 'shop_ob',
    targetTable: target,
    state: 'done',
    rowsDone: 100,
    rowsTotal: 90,
    bytesDone: 4096,
    chunksDone: 1,
    chunksTotal: 1,
  });
}

describe('gatherReport', () => {
  it('reads a task that has only been saved: nothing recorded yet', () => {
    const { store } = setup();
    const data = gatherReport(store, 'shop', new Date('2025-03-01T12:00:00.000Z'));
    expect(data).toMatchObject({
      generatedAt: '2025-03-01T12:00:00.000Z',
      task: { name: 'shop', state: 'new', steps: ['schema', 'full', 'incremental', 'verify'] },
      source: { kind: 'mysql', address: 'src.example:3306', user: 'repl', tls: null },
      target: { kind: 'oceanbase', address: 'ob.example:2881', user: 'root@sys' },
      tables: [],
      tablesFrom: 'copy',
      precheck: null,
      fullCopy: [],
      verifications: [],
      stream: null,
      switchover: null,
      reverse: null,
      problems: { events: [], total: 0 },
    });
    expect(data.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('fails with TASK_NOT_FOUND for a task the state dir does not know', () => {
    const { store } = setup();
    expect(caught(() => gatherReport(store, 'nope')).code).toBe('TASK_NOT_FOUND');
  });

  it('resolves the tables from the copy, with the rules’ renames, columns and filters', () => {
    const { store, taskId } = setup();
    copied(store, taskId, 'orders', 'orders_2024');
    copied(store, taskId, 'users', 'users');
    const data = gatherReport(store, 'shop');
    expect(data.tables).toEqual([
      { source: 'shop.orders', target: 'shop_ob.orders_2024', columns: null, where: 'id > 10' },
      { source: 'shop.users', target: 'shop_ob.users', columns: ['id', 'email'], where: null },
    ]);
    expect(data.fullCopy.map((t) => [t.source, t.rowsDone, t.rowsTotal])).toEqual([
      ['shop.orders', 100, 90],
      ['shop.users', 100, 90],
    ]);
  });

  it('prefers the change stream’s own table list, which follows DDL', () => {
    const { store, taskId } = setup();
    copied(store, taskId, 'orders', 'orders_2024');
    new CheckpointRepository(store.db).put(taskId, TABLES_STREAM, [
      {
        source: { database: 'shop', table: 'orders_new' },
        target: { database: 'shop_ob', table: 'orders_new' },
        columns: null,
        where: null,
      },
    ]);
    const data = gatherReport(store, 'shop');
    expect(data.tablesFrom).toBe('stream');
    expect(data.tables.map((t) => t.source)).toEqual(['shop.orders_new']);
  });

  it('gathers the evidence: precheck, steps, every verification, stream, switchover, reverse', () => {
    const { store, tasks, taskId } = setup();
    recordPrecheck(store, taskId, [
      { id: 'source.binlog', title: 'Binlog', status: 'pass', detail: 'on', fix: '' },
    ]);
    new StepRepository(store.db).set(taskId, 'schema', 'done');
    const reports = new VerificationRepository(store.db);
    reports.add(taskId, verification({ consistent: false, startedAt: '2025-03-01T10:00:00.000Z' }));
    reports.add(taskId, verification({ startedAt: '2025-03-01T10:10:00.000Z' }));
    const stats = new StreamStatsRepository(store.db);
    stats.put(taskId, 'binlog', { lagMs: 12, lagP50Ms: 10, lagP99Ms: 30 });
    new CheckpointRepository(store.db).put(taskId, SWITCHOVER_STREAM, switchedOver());
    const reverse = tasks.createOrGet({ ...spec(), name: reverseName('shop') }).task;
    tasks.setState(reverse.id, 'running', { currentStep: 'incremental' });
    stats.put(reverse.id, 'binlog', { lagMs: 99 });

    const data = gatherReport(store, 'shop');
    expect(data.precheck?.results.map((r) => r.id)).toEqual(['source.binlog']);
    expect(data.precheck?.ranAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(data.steps).toMatchObject([{ step: 'schema', state: 'done' }]);
    expect(data.verifications.map((v) => [v.startedAt, v.consistent])).toEqual([
      ['2025-03-01T10:00:00.000Z', false],
      ['2025-03-01T10:10:00.000Z', true],
    ]);
    expect(data.stream?.stats.lagP99Ms).toBe(30);
    expect(data.switchover?.steps.drain.lagMs).toBe(1500);
    expect(data.reverse).toMatchObject({
      name: 'shop.reverse',
      state: 'running',
      currentStep: 'incremental',
      stream: { stats: { lagMs: 99 } },
    });
  });

  it('keeps the newest warnings and errors and counts them all', () => {
    const { store, taskId } = setup();
    const events = new EventRepository(store.db);
    for (let i = 0; i < REPORT_PROBLEM_LIMIT + 5; i++) {
      events.append(taskId, { level: i % 2 ? 'warn' : 'error', message: `problem ${i}` });
      events.append(taskId, { level: 'info', message: `fine ${i}` });
    }
    const { problems } = gatherReport(store, 'shop');
    expect(problems.total).toBe(REPORT_PROBLEM_LIMIT + 5);
    expect(problems.events).toHaveLength(REPORT_PROBLEM_LIMIT);
    expect(problems.events[0]?.message).toBe('problem 5');
    expect(problems.events.at(-1)?.message).toBe(`problem ${REPORT_PROBLEM_LIMIT + 4}`);
  });

  it('never puts a password in the report, even one a stored spec still held', () => {
    const { store, taskId } = setup();
    // As if an older or foreign writer had stored the spec with its passwords.
    store.db
      .prepare('UPDATE tasks SET spec_json = ? WHERE id = ?')
      .run(JSON.stringify(spec()), taskId);
    const report = buildReport(store, 'shop');
    expect(report.fileName).toBe('shop-report.html');
    expect(report.html).toContain('src.example:3306');
    expect(report.html).not.toContain('s3cret');
  });
});
