import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TaskEvent } from '../../src/shared/events.js';
import { createEngine, type Engine } from '../../src/engine/api/EngineApi.js';
import { Store } from '../../src/engine/store/Store.js';
import { admin, rows, uniqueName } from '../support/sql.js';

const servers = inject('servers');

/** Waits until the engine reports the task in one of `states`. */
async function settled(engine: Engine, name: string, states: string[]): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [task] = (await engine.handlers['tasks:list']()).filter((t) => t.name === name);
    if (task && !task.active && states.includes(task.state)) return task.state;
    if (Date.now() > deadline) throw new Error(`task ${name} is ${task?.state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the engine API the wizard uses (in process, real servers)', () => {
  const db = uniqueName('api');
  const user = uniqueName('wiz').slice(0, 30);
  const password = `pw-${process.pid}-s3cret`;
  let store: Store;
  let engine: Engine;
  const events: TaskEvent[] = [];

  beforeAll(async () => {
    const conn = await admin(servers.source);
    await conn.query(
      `CREATE DATABASE \`${db}\`; USE \`${db}\`;
       CREATE TABLE orders (id INT PRIMARY KEY, status VARCHAR(10), total DECIMAL(10,2));
       INSERT INTO orders SELECT seq, IF(seq % 3 = 0, 'open', 'paid'), seq / 7 FROM seq_1_to_3000;
       CREATE TABLE audit (at DATETIME, note TEXT);
       CREATE USER '${user}'@'%' IDENTIFIED BY '${password}';
       GRANT SELECT, RELOAD, REPLICATION SLAVE, REPLICATION CLIENT, SHOW VIEW, EVENT, TRIGGER ON *.* TO '${user}'@'%';
       GRANT ALL ON cutover_meta.* TO '${user}'@'%';`,
    );
    await conn.end();
    store = Store.open(mkdtempSync(join(tmpdir(), 'cutover-api-')));
    engine = createEngine(store, {
      host: 'browser',
      emit: (_name, event) => events.push(event),
    });
  });

  afterAll(async () => {
    await engine.shutdown();
    store.close();
    const conn = await admin(servers.source);
    await conn.query(`DROP DATABASE IF EXISTS \`${db}\`; DROP USER IF EXISTS '${user}'@'%'`);
    await conn.end();
    const dst = await admin(servers.target);
    await dst.query(`DROP DATABASE IF EXISTS \`${db}_dst\``);
    await dst.end();
  });

  it('saves a connection with its password sealed, and fills it in by name', async () => {
    const h = engine.handlers;
    const saved = await h['connection:save']({
      name: 'prod source',
      kind: 'mysql',
      host: servers.source.host,
      port: servers.source.port,
      user,
      password,
    });
    expect(saved).toMatchObject({ name: 'prod source', user, hasPassword: true });
    expect(JSON.stringify(await h['connections:list']())).not.toContain(password);
    const blob = store.db.prepare('SELECT secret FROM endpoints').get() as { secret: Buffer };
    expect(blob.secret.includes(Buffer.from(password))).toBe(false);

    const test = await h['connection:test']({ connection: 'prod source' });
    expect(test).toMatchObject({ ok: true, server: { flavor: 'mariadb' } });
    const wrong = await h['connection:test']({ connection: 'prod source', password: 'nope' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });
    await expect(h['connection:test']({ connection: 'nowhere' })).rejects.toMatchObject({
      code: 'TASK_FILE_INVALID',
      message: expect.stringContaining('no saved connection named "nowhere"'),
    });
    // Saving again without a password keeps the sealed one.
    const { name, kind, host, port } = saved;
    await h['connection:save']({ name, kind, host, port, user, password: '' });
    expect(await h['connection:test']({ connection: 'prod source' })).toMatchObject({ ok: true });
  });

  it('browses databases and tables, with keys and columns, and checks filters as typed', async () => {
    const h = engine.handlers;
    const catalog = await h['catalog:browse']({ connection: 'prod source' });
    const mine = catalog.find((d) => d.name === db);
    expect(mine?.tables.map((t) => [t.name, t.hasKey])).toEqual([
      ['audit', false],
      ['orders', true],
    ]);
    expect(mine?.tables[1]?.columns.map((c) => c.name)).toEqual(['id', 'status', 'total']);
    expect(catalog.some((d) => ['mysql', 'information_schema'].includes(d.name))).toBe(false);

    const check = (expr: string) =>
      h['filter:check']({ connection: 'prod source' }, db, 'orders', expr);
    expect(await check("status = 'open' AND total > 10")).toEqual({ ok: true });
    expect(await check('')).toEqual({ ok: true });
    expect(await check('nosuch > 1')).toMatchObject({
      ok: false,
      message: expect.stringContaining('nosuch'),
    });
    expect(await check('created_at > NOW()')).toMatchObject({ ok: false });
  });

  it('saves a task, resumes it with the sealed password, pauses it and resumes it again', async () => {
    const h = engine.handlers;
    const task = {
      name: db,
      source: { connection: 'prod source' },
      target: { kind: 'mysql', ...servers.target },
      objects: [
        {
          database: db,
          tables: ['orders'],
          targetDatabase: `${db}_dst`,
          where: { orders: "status = 'open'" },
        },
      ],
      steps: ['schema', 'full', 'incremental'],
      options: { chunkRows: 100, maxRowsPerSecond: 2000 },
    };
    const summary = await h['task:save'](task);
    expect(summary).toMatchObject({ name: db, state: 'new', active: false });
    const specJson = (
      store.db.prepare('SELECT spec_json FROM tasks WHERE name = ?').get(db) as {
        spec_json: string;
      }
    ).spec_json;
    expect(specJson).not.toContain(password);

    expect(await h['task:resume'](db)).toEqual({ started: true });
    await expect(h['task:resume'](db)).rejects.toMatchObject({ code: 'TASK_RUNNING' });
    await expect(h['task:delete'](db)).rejects.toMatchObject({ code: 'TASK_RUNNING' });
    await expect(h['task:save'](task)).rejects.toMatchObject({ code: 'TASK_RUNNING' });

    // Throttled to 2,000 rows/s, the 1,000 filtered rows take a while: pause mid-copy.
    await new Promise((r) => setTimeout(r, 300));
    expect(await h['task:pause'](db)).toEqual({ stopping: true });
    expect(await settled(engine, db, ['paused'])).toBe('paused');
    expect(events.some((e) => e.type === 'task' && e.state === 'paused')).toBe(true);
    await expect(h['task:save'](task)).rejects.toMatchObject({ code: 'TASK_EXISTS' });

    expect(await h['task:throttle'](db, { rowsPerSecond: 0, bytesPerSecond: 0 })).toEqual({
      rowsPerSecond: 0,
      bytesPerSecond: 0,
    });
    await expect(
      h['task:throttle'](db, { rowsPerSecond: -1, bytesPerSecond: 0 }),
    ).rejects.toMatchObject({ code: 'USAGE' });

    await h['task:resume'](db);
    const deadline = Date.now() + 60_000;
    let detail = await h['task:get'](db);
    const streaming = (): boolean =>
      detail.steps.some((s) => s.step === 'incremental' && s.state === 'running') &&
      detail.streams.length > 0;
    while (!streaming() && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      detail = await h['task:get'](db);
    }
    expect(detail.summary).toMatchObject({ state: 'running', active: true, fullProgress: 1 });
    expect(detail.steps.map((s) => [s.step, s.state])).toEqual([
      ['schema', 'done'],
      ['full', 'done'],
      ['incremental', 'running'],
    ]);
    expect(detail.tables).toContainEqual(
      expect.objectContaining({ source: `${db}.orders`, state: 'done', rowsDone: 1000 }),
    );
    expect(detail.throttle).toEqual({ rowsPerSecond: 0, bytesPerSecond: 0 });
    expect(detail.events.some((e) => e.message.startsWith('Resuming task'))).toBe(true);
    expect(JSON.stringify(detail)).not.toContain(password);
  });

  it('verifies while the stream runs, finds a difference, previews and applies its repair', async () => {
    const h = engine.handlers;
    const dst = await admin(servers.target);
    try {
      const clean = await h['task:verify'](db, { repair: false });
      expect(clean.report.consistent).toBe(true);
      expect(clean.repairs).toEqual([]);

      await dst.query(`UPDATE \`${db}_dst\`.orders SET total = 0 WHERE id = 3`);
      const found = await h['task:verify'](db, { repair: false });
      expect(found.report.consistent).toBe(false);
      expect(found.report.tables[0]?.differences).toEqual([
        { kind: 'changed', key: { id: '3' }, columns: ['total'] },
      ]);
      expect(found.repairs[0]?.statements).toHaveLength(1);
      expect(found.repaired).toBe(false);

      const fixed = await h['task:verify'](db, { repair: true });
      expect(fixed).toMatchObject({ repaired: true, report: { consistent: true } });
      const [row] = await rows<{ total: string }>(
        dst,
        `SELECT total FROM \`${db}_dst\`.orders WHERE id = 3`,
      );
      expect(row?.total).toBe('0.43');
      expect((await h['task:get'](db)).verification?.consistent).toBe(true);
    } finally {
      await dst.end();
    }
  });

  it('stops the task, then deletes its record and sealed passwords but not its tables', async () => {
    const h = engine.handlers;
    expect(await h['task:stop'](db)).toEqual({ stopping: true });
    expect(await settled(engine, db, ['stopped'])).toBe('stopped');
    expect(await h['task:delete'](db)).toEqual({ deleted: true });
    expect((await h['tasks:list']()).map((t) => t.name)).not.toContain(db);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM task_secrets').get()).toEqual({ n: 0 });
    await expect(h['task:get'](db)).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' });
    const dst = await admin(servers.target);
    const [count] = await rows<{ n: number }>(
      dst,
      `SELECT COUNT(*) AS n FROM \`${db}_dst\`.orders`,
    );
    await dst.end();
    expect(Number(count?.n)).toBe(1000);
  });
});
