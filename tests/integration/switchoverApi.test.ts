import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMariaDb, type ThrowawayServer } from '../../scripts/mariadb-server.js';
import { createEngine, type Engine } from '../../src/engine/api/EngineApi.js';
import { Store } from '../../src/engine/store/Store.js';
import type { SwitchoverView } from '../../src/shared/api.js';
import { admin, rows, uniqueName } from '../support/sql.js';

const servers = inject('servers');

describe('the switchover through the engine API (the checklist screen)', () => {
  const out = uniqueName('api_switch');
  let source: ThrowawayServer;
  let src: Connection;
  let store: Store;
  let engine: Engine;

  /** The switchover's view once its background run has stopped. */
  async function settled(name: string): Promise<SwitchoverView> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const view = await engine.handlers['switchover:get'](name);
      if (!view.active) return view;
      if (Date.now() > deadline) throw new Error('the switchover did not stop');
      await sleep(100);
    }
  }

  beforeAll(async () => {
    source = await startMariaDb({ name: 'switchover-api', serverId: 303 });
    src = await admin(source);
    await src.query(
      `CREATE DATABASE app; USE app; CREATE TABLE app.items (id INT AUTO_INCREMENT PRIMARY KEY, v INT);
       INSERT INTO app.items (v) SELECT seq FROM seq_1_to_800;`,
    );
    store = Store.open(mkdtempSync(join(tmpdir(), 'cutover-switch-api-')));
    engine = createEngine(store, { host: 'browser' });
  });

  afterAll(async () => {
    await engine?.shutdown();
    store?.close();
    await src?.end();
    const dst = await admin(servers.target);
    await dst.query(`DROP DATABASE IF EXISTS \`${out}\``);
    await dst.end();
    await source?.stop();
  });

  it('runs to the question, continues once confirmed, and rolls back', async () => {
    const h = engine.handlers;
    await h['task:run']({
      name: 'app',
      source: { kind: 'mysql', host: source.host, port: source.port, user: 'root' },
      target: { kind: 'mysql', ...servers.target },
      objects: [{ database: 'app', tables: ['*'], targetDatabase: out }],
      steps: ['schema', 'full', 'incremental'],
    });
    const deadline = Date.now() + 60_000;
    while ((await h['task:get']('app')).streams.length === 0) {
      if (Date.now() > deadline) throw new Error('the stream did not start');
      await sleep(100);
    }
    expect((await h['task:verify']('app', { repair: false })).report.consistent).toBe(true);

    await expect(
      h['switchover:run']('app', { setReadOnly: true, confirmed: [] }),
    ).rejects.toMatchObject({ code: 'TASK_RUNNING', fix: expect.stringContaining('Pause it') });
    await h['task:pause']('app');
    while ((await h['tasks:list']())[0]?.active) await sleep(50);

    expect(await h['switchover:get']('app')).toMatchObject({ steps: [], question: null });
    await h['switchover:run']('app', { setReadOnly: true, confirmed: [] });
    const asked = await settled('app');
    expect(asked.steps.map((s) => s.state)).toEqual([
      'done',
      'done',
      'done',
      'done',
      'done',
      'done',
      'failed',
    ]);
    expect(asked.question).toMatchObject({ step: 'move-app' });
    expect(asked.question?.text).toContain(`${servers.target.host}:${servers.target.port}`);
    expect(asked).toMatchObject({ error: null, readOnlySet: true, switchedOver: false });

    await h['switchover:run']('app', { setReadOnly: true, confirmed: ['move-app'] });
    const moved = await settled('app');
    expect(moved).toMatchObject({
      switchedOver: true,
      question: null,
      error: null,
      reverseTask: 'app.reverse',
    });
    const listed = await h['tasks:list']();
    expect(listed.map((t) => [t.name, t.reverseOf])).toEqual(
      expect.arrayContaining([
        ['app', null],
        ['app.reverse', 'app'],
      ]),
    );
    expect((await h['task:get']('app.reverse')).summary.reverseOf).toBe('app');

    // The reverse stream started with the move, and carries a target write back.
    expect(listed.find((t) => t.name === 'app.reverse')?.active).toBe(true);
    const dst = await admin(servers.target);
    try {
      await dst.query(`UPDATE \`${out}\`.items SET v = -1 WHERE id = 5`);
    } finally {
      await dst.end();
    }
    const until = Date.now() + 30_000;
    for (;;) {
      const [five] = await rows<{ v: number }>(src, 'SELECT v FROM app.items WHERE id = 5');
      if (Number(five?.v) === -1) break;
      if (Date.now() > until) throw new Error('the reverse stream did not carry the write');
      await sleep(100);
    }
    // Paused, it resumes from the dashboard like any task.
    await h['task:pause']('app.reverse');
    while ((await h['tasks:list']()).some((t) => t.active)) await sleep(50);
    expect(await h['task:resume']('app.reverse')).toEqual({ started: true });

    // Rolling back stops the running reverse stream first, then drains it itself.
    const back = await h['switchover:rollback']('app');
    expect(back).toMatchObject({ rolledBack: true, switchedOver: false, reverseTask: null });
    const [ro] = await rows<{ v: number }>(src, 'SELECT @@GLOBAL.read_only AS v');
    expect(Number(ro?.v)).toBe(0);
  });
});
