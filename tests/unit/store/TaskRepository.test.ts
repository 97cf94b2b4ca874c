import { parseAnyTaskSpec } from '../../../src/engine/task/TaskFile.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointRepository } from '../../../src/engine/store/CheckpointRepository.js';
import { EventRepository } from '../../../src/engine/store/EventRepository.js';
import { Store } from '../../../src/engine/store/Store.js';
import { StepRepository } from '../../../src/engine/store/StepRepository.js';
import { TaskRepository, withoutPasswords } from '../../../src/engine/store/TaskRepository.js';
import { caught, closeLater, sampleSpec, tempDir } from './helpers.js';

function setup() {
  const dir = tempDir();
  const store = closeLater(Store.open(dir));
  return { dir, store, tasks: new TaskRepository(store.db) };
}

describe('TaskRepository', () => {
  it('creates a task once and returns the same one for the same name', () => {
    const { tasks } = setup();
    const first = tasks.createOrGet(sampleSpec());
    expect(first.created).toBe(true);
    expect(first.task).toMatchObject({
      name: 'orders-to-ob',
      state: 'new',
      currentStep: null,
      error: null,
    });

    const again = tasks.createOrGet({ ...sampleSpec(), steps: ['schema'] });
    expect(again.created).toBe(false);
    expect(again.task.id).toBe(first.task.id);
    expect(again.task.spec.steps).toEqual(['schema', 'full', 'incremental', 'verify']);

    expect(tasks.get(first.task.id)).toEqual(first.task);
    expect(tasks.getByName('orders-to-ob')).toEqual(first.task);
    expect(tasks.get('nope')).toBeUndefined();
  });

  it('stores a Kafka task without its SASL password', () => {
    const { store, tasks } = setup();
    const spec = parseAnyTaskSpec({
      name: 'orders-to-kafka',
      source: { kind: 'mysql', host: 'db', user: 'u', password: 's3cret-src' },
      target: {
        kind: 'kafka',
        brokers: ['k1:9092'],
        format: 'debezium',
        sasl: { mechanism: 'scram-sha-512', username: 'app', password: 's3cret-sasl' },
      },
      objects: [{ database: 'shop', tables: ['*'] }],
    });
    const { task } = tasks.createOrGet(spec);
    expect(JSON.stringify(task.spec)).not.toMatch(/s3cret/);
    expect(task.spec.target).toMatchObject({
      kind: 'kafka',
      topic: '{database}.{table}',
      sasl: { mechanism: 'scram-sha-512', username: 'app' },
    });
    expect(task.spec.steps).toEqual(['full', 'incremental']);
    store.close();
  });

  it('stores the spec without passwords, keeping everything else', () => {
    const { dir, store, tasks } = setup();
    const spec = {
      ...sampleSpec(),
      target: { ...sampleSpec().target, passwordEnv: 'OB_PASSWORD' },
    };
    const { task } = tasks.createOrGet(spec);

    expect(task.spec.source.password).toBeUndefined();
    expect(task.spec.target).not.toHaveProperty('password');
    expect(task.spec.target).toHaveProperty('passwordEnv', 'OB_PASSWORD');
    expect(task.spec).toEqual(withoutPasswords(spec));
    expect({ ...task.spec, source: spec.source, target: spec.target }).toEqual(spec);
    // The caller's spec is left as it was.
    expect(spec.source.password).toBe('s3cret-src');

    store.close();
    for (const file of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, file));
      expect(bytes.includes(Buffer.from('s3cret-src')), file).toBe(false);
      expect(bytes.includes(Buffer.from('s3cret-dst')), file).toBe(false);
    }
  });

  it('lists tasks and changes their state, step and error', () => {
    const { tasks } = setup();
    const a = tasks.createOrGet(sampleSpec('a')).task;
    tasks.createOrGet(sampleSpec('b'));
    expect(tasks.list().map((t) => t.name)).toEqual(['a', 'b']);

    const running = tasks.setState(a.id, 'running', { currentStep: 'full' });
    expect(running).toMatchObject({ state: 'running', currentStep: 'full', error: null });

    const error = { code: 'CONNECT_REFUSED', message: 'refused', fix: 'start it' } as const;
    const failed = tasks.setState(a.id, 'failed', { error });
    expect(failed).toMatchObject({ state: 'failed', currentStep: 'full', error });

    const resumed = tasks.setState(a.id, 'running');
    expect(resumed).toMatchObject({ state: 'running', currentStep: 'full', error: null });
    expect(tasks.setState(a.id, 'done', { currentStep: null }).currentStep).toBeNull();
  });

  it('refuses an unknown state and an unknown task', () => {
    const { tasks } = setup();
    const { task } = tasks.createOrGet(sampleSpec());
    expect(() => tasks.setState(task.id, 'exploded' as 'done')).toThrow(/CHECK/);
    expect(caught(() => tasks.setState('missing', 'running')).code).toBe('TASK_NOT_FOUND');
  });

  it('deletes a task with everything recorded for it', () => {
    const { store, tasks } = setup();
    const { task } = tasks.createOrGet(sampleSpec());
    new StepRepository(store.db).plan(task.id, ['schema']);
    new CheckpointRepository(store.db).put(task.id, 'binlog', { file: 'b.000001', pos: 4 });
    new EventRepository(store.db).append(task.id, { level: 'info', message: 'hi' });

    expect(tasks.delete(task.id)).toBe(true);
    expect(tasks.delete(task.id)).toBe(false);
    for (const table of ['task_steps', 'checkpoints', 'task_events']) {
      expect(store.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get(), table).toBe(0);
    }
  });
});
