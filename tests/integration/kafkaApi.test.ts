import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/api/EngineApi.js';
import { TaskControl } from '../../src/engine/api/TaskControl.js';
import { KeyFileSecretBox } from '../../src/engine/store/SecretBox.js';
import { Store } from '../../src/engine/store/Store.js';
import { TaskSecretRepository } from '../../src/engine/store/TaskSecretRepository.js';
import type { KafkaFormat } from '../../src/shared/task.js';
import { consume } from '../support/kafka.js';
import { admin, uniqueName } from '../support/sql.js';

const servers = inject('servers');
const kafka = inject('kafka');
const ROWS = 500;

/** Waits until the engine reports the task in one of `states`, and not running. */
async function settled(engine: Engine, name: string, states: string[]): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [task] = (await engine.handlers['tasks:list']()).filter((t) => t.name === name);
    if (task && !task.active && states.includes(task.state)) return task.state;
    if (Date.now() > deadline) throw new Error(`task ${name} is ${task?.state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the task's change stream runs, its copy done. */
async function streaming(engine: Engine, name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const detail = await engine.handlers['task:get'](name);
    const running = detail.steps.some((s) => s.step === 'incremental' && s.state === 'running');
    if (running && detail.streams.length > 0) return;
    if (detail.summary.state === 'failed') throw new Error(detail.summary.error ?? 'failed');
    if (Date.now() > deadline) throw new Error(`task ${name} is ${detail.summary.state}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the engine API with a Kafka target (in process, real source and brokers)', () => {
  const db = uniqueName('kapi');
  const name = uniqueName('kapi');
  const topic = `${name}.{table}`;
  let src: Connection;
  let store: Store;
  let engine: Engine;

  const source = {
    kind: 'mysql',
    host: servers.source.host,
    port: servers.source.port,
    user: servers.source.user,
    password: servers.source.password,
  };
  const task = (target: Record<string, unknown>, objects: unknown[] = [{ database: db }]) => ({
    name,
    source,
    target: { kind: 'kafka', brokers: kafka.brokers, format: 'json', topic, ...target },
    objects: objects.map((o) => ({ tables: ['orders'], ...(o as object) })),
  });

  beforeAll(async () => {
    src = await admin(servers.source);
    await src.query(
      `CREATE DATABASE \`${db}\`; USE \`${db}\`;
       CREATE TABLE orders (id INT PRIMARY KEY, big BIGINT UNSIGNED, total DECIMAL(10,2),
         status ENUM('open','paid'), placed DATETIME(3));
       INSERT INTO orders SELECT seq, IF(seq = 1, 18446744073709551615, seq), seq / 4,
         IF(seq % 2 = 0, 'open', 'paid'), '2024-02-29 12:00:00.250' FROM seq_1_to_${ROWS};
       CREATE TABLE empty_first (id INT PRIMARY KEY);
       CREATE TABLE notes (body VARCHAR(20));
       INSERT INTO notes VALUES ('first note');`,
    );
    store = Store.open(mkdtempSync(join(tmpdir(), 'cutover-kapi-')));
    engine = createEngine(store, { host: 'browser' });
  });

  afterAll(async () => {
    await engine?.shutdown();
    store?.close();
    await src?.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await src?.end();
  });

  it('formats a sample row in each format, with no broker to reach', async () => {
    const sample = (format: KafkaFormat, extra: Record<string, unknown> = {}) =>
      engine.handlers['kafka:sample'](
        task({ format, brokers: ['127.0.0.1:1'], ...extra }, [
          { database: db, tables: ['empty_first', 'orders'], rename: { orders: 'sales' } },
        ]),
      );
    const after = {
      id: 1,
      total: '0.25',
      status: 'paid',
      placed: '2024-02-29T12:00:00.250',
    };

    const json = await sample('json');
    // The empty table has no row to show: the next selected one does.
    expect(json).toMatchObject({ table: `${db}.orders`, topic: `${name}.sales`, key: '{"id":1}' });
    expect(json.value).toContain('\n  "op": "read",\n');
    expect(json.value).toContain('"big": 18446744073709551615,');
    expect(JSON.parse(json.value)).toMatchObject({
      id: `copy:${db}.sales:{"id":1}`,
      op: 'read',
      database: db,
      table: 'sales',
      before: null,
      after,
      position: null,
    });

    const debezium = JSON.parse((await sample('debezium')).value) as unknown;
    expect(debezium).toMatchObject({
      before: null,
      after,
      op: 'r',
      source: { name, db, table: 'sales', snapshot: 'true' },
    });
    const wrapped = JSON.parse((await sample('debezium', { schema: true })).value) as unknown;
    expect(wrapped).toMatchObject({
      schema: { type: 'struct' },
      payload: { op: 'r', after: { id: 1 } },
    });

    const canal = JSON.parse((await sample('canal')).value) as unknown;
    expect(canal).toMatchObject({
      data: [{ id: '1', big: '18446744073709551615', total: '0.25', status: 'paid' }],
      database: db,
      table: 'sales',
      isDdl: false,
      pkNames: ['id'],
      type: 'INSERT',
    });
  });

  it('samples a keyless table and a row filter, and refuses a database target', async () => {
    const keyless = await engine.handlers['kafka:sample'](
      task({}, [{ database: db, tables: ['notes'] }]),
    );
    expect(keyless).toMatchObject({ table: `${db}.notes`, key: null });
    expect(JSON.parse(keyless.value)).toMatchObject({ after: { body: 'first note' } });

    const filtered = await engine.handlers['kafka:sample'](
      task({}, [{ database: db, where: { orders: 'id > 41' } }]),
    );
    expect(filtered.key).toBe('{"id":42}');

    await expect(
      engine.handlers['kafka:sample'](task({}, [{ database: db, tables: ['empty_first'] }])),
    ).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('No row to show') });
    await expect(
      engine.handlers['kafka:sample']({
        ...task({}),
        target: { kind: 'mysql', ...servers.target },
      }),
    ).rejects.toMatchObject({ code: 'USAGE' });
    await expect(engine.handlers['task:plan'](task({}))).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining('no schema to plan'),
    });
  });

  it('prechecks the brokers', async () => {
    const results = await engine.handlers['task:precheck'](task({}));
    expect(results.find((r) => r.id === 'kafka.brokers')?.status).toBe('pass');
    expect(results.filter((r) => r.status === 'fail')).toEqual([]);
  });

  it('seals a SASL password like a database password and fills it in to run', async () => {
    const sasl = {
      ...task({ sasl: { mechanism: 'plain', username: 'streamer', password: 'sasl-s3cret' } }),
      name: `${name}-sasl`,
    };
    await engine.handlers['task:save'](sasl);
    const specJson = (
      store.db.prepare('SELECT spec_json FROM tasks WHERE name = ?').get(sasl.name) as {
        spec_json: string;
      }
    ).spec_json;
    expect(specJson).not.toContain('sasl-s3cret');
    expect(specJson).toContain('streamer');

    const control = new TaskControl(
      store,
      new TaskSecretRepository(store.db, KeyFileSecretBox.open(store.dir)),
      () => undefined,
      () => undefined,
    );
    expect(control.specOf(control.get(sasl.name)).target).toMatchObject({
      kind: 'kafka',
      sasl: { mechanism: 'plain', username: 'streamer', password: 'sasl-s3cret' },
    });
    expect(await engine.handlers['task:delete'](sasl.name)).toEqual({ deleted: true });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM task_secrets').get()).toEqual({ n: 0 });
  });

  it(
    'saves and runs a Kafka task, pauses and resumes it, and refuses database-only calls',
    { timeout: 120_000 },
    async () => {
      const h = engine.handlers;
      const summary = await h['task:save'](task({}));
      expect(summary).toMatchObject({
        name,
        state: 'new',
        target: kafka.brokers.join(','),
        steps: ['full', 'incremental'],
      });

      expect(await h['task:resume'](name)).toEqual({ started: true });
      await streaming(engine, name);
      const copied = await consume(kafka.brokers, [`${name}.orders`], ROWS);
      expect(new Set(copied.map((m) => m.id)).size).toBe(ROWS);
      expect(copied.every((m) => (JSON.parse(m.value) as { op: string }).op === 'read')).toBe(true);
      expect(copied.find((m) => m.key === '{"id":1}')?.value).toContain(
        '"big":18446744073709551615',
      );

      await expect(
        h['switchover:run'](name, { setReadOnly: false, confirmed: [] }),
      ).rejects.toThrow(
        /The switchover needs a database target, and task "[^"]+" streams to Kafka/,
      );
      await expect(h['task:verify'](name, { repair: false })).rejects.toMatchObject({
        code: 'USAGE',
        message: expect.stringContaining('streams to Kafka'),
      });

      expect(await h['task:pause'](name)).toEqual({ stopping: true });
      expect(await settled(engine, name, ['paused'])).toBe('paused');
      await src.query(`INSERT INTO \`${db}\`.orders (id, total) VALUES (${ROWS + 1}, 9.5)`);
      expect(await h['task:resume'](name)).toEqual({ started: true });
      await streaming(engine, name);

      const all = await consume(kafka.brokers, [`${name}.orders`], ROWS + 1);
      const insert = all.find((m) => m.key === `{"id":${ROWS + 1}}`);
      expect(JSON.parse(insert?.value ?? '{}')).toMatchObject({
        op: 'insert',
        after: { id: ROWS + 1, total: '9.50' },
      });
      const detail = await h['task:get'](name);
      expect(detail.summary).toMatchObject({ state: 'running', active: true, fullProgress: 1 });
      expect(detail.events.some((e) => e.message.startsWith('Resuming task'))).toBe(true);

      expect(await h['task:stop'](name)).toEqual({ stopping: true });
      expect(await settled(engine, name, ['stopped'])).toBe('stopped');
    },
  );
});
