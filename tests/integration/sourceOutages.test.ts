import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Connection } from 'mysql2/promise';
import { startMariaDb, type ThrowawayServer } from '../../scripts/mariadb-server.js';
import { Store } from '../../src/engine/store/Store.js';
import { TaskRunner } from '../../src/engine/task/TaskRunner.js';
import { parseTaskSpec } from '../../src/engine/task/TaskFile.js';
import { admin, rows, uniqueName } from '../support/sql.js';

const servers = inject('servers');

/**
 * Sources of their own: purging a binlog or restarting the server would break every other test
 * reading the shared one.
 */
describe('a source that lost the binlog the task needs', () => {
  let server: ThrowawayServer;
  let src: Connection;
  let dst: Connection;
  const out = uniqueName('loss_dst');

  beforeAll(async () => {
    server = await startMariaDb({ name: 'loss', serverId: 141 });
    src = await admin(server);
    dst = await admin(servers.target);
  }, 120_000);

  afterAll(async () => {
    await dst.query(`DROP DATABASE IF EXISTS \`${out}\``);
    await dst.end();
    await src.end();
    await server.stop();
  });

  it('stops with BINLOG_PURGED instead of skipping changes', async () => {
    await src.query(`
      CREATE DATABASE app;
      CREATE TABLE app.t (id INT PRIMARY KEY, v INT);
      INSERT INTO app.t VALUES (1, 1), (2, 2);`);
    const ep = (s: { host: string; port: number; user: string; password: string }) => ({
      kind: 'mysql',
      host: s.host,
      port: s.port,
      user: s.user,
      password: s.password,
    });
    const task = parseTaskSpec({
      name: uniqueName('loss'),
      source: ep(server),
      target: ep(servers.target),
      objects: [{ database: 'app', tables: ['*'], targetDatabase: out }],
      steps: ['schema', 'full', 'incremental'],
    });
    const dir = mkdtempSync(join(tmpdir(), 'cutover-loss-'));
    const store = Store.open(dir);
    try {
      expect(await new TaskRunner(store, task).run({ until: 'caught-up' })).toBe('reached-until');
      await src.query('INSERT INTO app.t VALUES (3, 3)');
      // The server keeps a binlog until its transactions are durable in the engine (its binlog
      // checkpoint), so purging takes a few tries.
      for (let attempt = 0; ; attempt++) {
        await src.query('FLUSH BINARY LOGS');
        const [status] = await rows<{ File: string }>(src, 'SHOW MASTER STATUS');
        await src.query(`PURGE BINARY LOGS TO '${status?.File ?? ''}'`);
        const logs = await rows<{ Log_name: string }>(src, 'SHOW BINARY LOGS');
        if (logs.length === 1) break;
        if (attempt > 50) throw new Error('the binlog could not be purged');
        await sleep(100);
      }
      await src.query('INSERT INTO app.t VALUES (4, 4)');

      await expect(new TaskRunner(store, task).run({ until: 'caught-up' })).rejects.toMatchObject({
        code: 'BINLOG_PURGED',
        fix: expect.stringContaining('from scratch'),
      });
    } finally {
      store.close();
    }
    // Nothing after the gap was applied: the target still ends where the binlog was whole.
    const ids = await rows<{ id: number }>(dst, `SELECT id FROM \`${out}\`.t ORDER BY id`);
    expect(ids.map((r) => r.id)).toEqual([1, 2]);
  });
});

describe('a source that restarts while changes stream', () => {
  it('reconnects on its own and loses nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-restart-'));
    let server = await startMariaDb({ name: 'restart', serverId: 142, dir });
    const port = server.port;
    let src = await admin(server);
    const dst = await admin(servers.target);
    const out = uniqueName('restart_dst');
    const stateDir = mkdtempSync(join(tmpdir(), 'cutover-restart-state-'));
    const store = Store.open(stateDir);
    const abort = new AbortController();
    const logs: string[] = [];
    try {
      await src.query('CREATE DATABASE app; CREATE TABLE app.t (id INT PRIMARY KEY, v INT);');
      const task = parseTaskSpec({
        name: uniqueName('restart'),
        source: { kind: 'mysql', host: server.host, port, user: 'root', password: '' },
        target: { kind: 'mysql', ...servers.target },
        objects: [{ database: 'app', tables: ['*'], targetDatabase: out }],
        steps: ['schema', 'full', 'incremental'],
      });
      const runner = new TaskRunner(store, task);
      runner.onEvent((e) => {
        if (e.type === 'log') logs.push(e.message);
      });
      const done = runner.run({ signal: abort.signal }).catch((e: unknown) => e);
      const count = async (): Promise<number> => {
        const r = await rows<{ n: number }>(
          dst,
          'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ?',
          [out],
        );
        if (Number(r[0]?.n) === 0) return -1;
        const [c] = await rows<{ n: number }>(dst, `SELECT COUNT(*) AS n FROM \`${out}\`.t`);
        return Number(c?.n);
      };
      const waitFor = async (n: number): Promise<void> => {
        for (let i = 0; i < 300 && (await count()) !== n; i++) await sleep(100);
        expect(await count()).toBe(n);
      };
      await waitFor(0);
      for (let i = 1; i <= 50; i++) await src.query(`INSERT INTO app.t VALUES (${i}, ${i})`);
      await waitFor(50);

      await src.end();
      await server.stop();
      await sleep(1_000);
      server = await startMariaDb({ name: 'restart', serverId: 142, dir, port });
      src = await admin(server);
      for (let i = 51; i <= 100; i++) await src.query(`INSERT INTO app.t VALUES (${i}, ${i})`);
      await src.query('UPDATE app.t SET v = v * 10 WHERE id <= 10');
      await waitFor(100);
      const [sum] = await rows<{ s: string }>(dst, `SELECT SUM(v) AS s FROM \`${out}\`.t`);
      expect(Number(sum?.s)).toBe(5050 + 9 * 55);

      abort.abort();
      expect(await done).toMatchObject({ code: 'INTERRUPTED' });
      expect(logs.some((m) => /Binlog connection lost/.test(m))).toBe(true);
    } finally {
      abort.abort();
      store.close();
      await src.end().catch(() => undefined);
      await dst.query(`DROP DATABASE IF EXISTS \`${out}\``);
      await dst.end();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
