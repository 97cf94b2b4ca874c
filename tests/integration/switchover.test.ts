import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mysql from 'mysql2/promise';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMariaDb, type ThrowawayServer } from '../../scripts/mariadb-server.js';
import { Store } from '../../src/engine/store/Store.js';
import { TaskRepository } from '../../src/engine/store/TaskRepository.js';
import { VerificationRepository } from '../../src/engine/store/VerificationRepository.js';
import { readSwitchover, specToRun, Switchover } from '../../src/engine/switchover/Switchover.js';
import { TaskRunner } from '../../src/engine/task/TaskRunner.js';
import { TaskSession } from '../../src/engine/task/TaskSession.js';
import { parseTaskSpec } from '../../src/engine/task/TaskFile.js';
import { verifyTables } from '../../src/engine/verify/Verifier.js';
import type { TaskSpec } from '../../src/shared/task.js';
import type { ServerAddress } from '../support/globalSetup.js';
import { admin, rows, uniqueName } from '../support/sql.js';

const servers = inject('servers');
const endpoint = (s: ServerAddress) => ({
  kind: 'mysql',
  host: s.host,
  port: s.port,
  user: s.user,
  password: s.password,
});

describe('switchover: a scripted cutover under writes, resumed, reversed and rolled back', () => {
  const db = 'bank';
  const out = uniqueName('bank_ob');
  let source: ThrowawayServer;
  let src: Connection;
  let dst: Connection;
  let store: Store;
  let spec: TaskSpec;

  beforeAll(async () => {
    // A private source: read_only is global, and the suite's shared source must stay writable.
    source = await startMariaDb({ name: 'switchover', serverId: 301 });
    src = await admin(source);
    dst = await admin(servers.target);
    await src.query(
      `CREATE DATABASE bank; USE bank;
       CREATE TABLE accounts (id INT AUTO_INCREMENT PRIMARY KEY, owner VARCHAR(40),
         balance DECIMAL(12,2), touched INT NOT NULL DEFAULT 0);
       INSERT INTO accounts (owner, balance) SELECT CONCAT('owner ', seq), 100 FROM seq_1_to_500;
       CREATE TRIGGER touch BEFORE UPDATE ON accounts FOR EACH ROW SET NEW.touched = OLD.touched + 1;
       CREATE USER app IDENTIFIED BY 'app-pw';
       GRANT SELECT, INSERT, UPDATE, DELETE ON bank.* TO app;`,
    );
    store = Store.open(mkdtempSync(join(tmpdir(), 'cutover-switch-')));
    spec = parseTaskSpec({
      name: 'bank',
      source: endpoint(source),
      target: endpoint(servers.target),
      objects: [{ database: db, tables: ['*'], targetDatabase: out }],
      steps: ['schema', 'full', 'incremental'],
    });
    await new TaskRunner(store, spec).run({ until: 'caught-up' });
    const session = await TaskSession.open(spec);
    try {
      const report = await verifyTables(session, {
        concurrency: 2,
        chunkRows: 1000,
        signal: new AbortController().signal,
      });
      expect(report.consistent).toBe(true);
      const task = new TaskRepository(store.db).getByName('bank');
      if (task) new VerificationRepository(store.db).add(task.id, report);
    } finally {
      await session.close();
    }
  });

  afterAll(async () => {
    store?.close();
    await src?.end();
    await dst?.query(`DROP DATABASE IF EXISTS \`${out}\``);
    await dst?.end();
    await source?.stop();
  });

  it('switches over without losing a write, resumes after a stop, and syncs back', async () => {
    // The application keeps writing through the switchover until read_only stops it.
    const app = await mysql.createConnection({
      host: source.host,
      port: source.port,
      user: 'app',
      password: 'app-pw',
    });
    let committed = 0;
    let refused = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        try {
          await app.query("INSERT INTO bank.accounts (owner, balance) VALUES ('live', 1)");
          committed += 1;
          await app.query('UPDATE bank.accounts SET balance = balance + 1 WHERE id = 1');
        } catch (e) {
          if ((e as { code?: string }).code !== 'ER_OPTION_PREVENTS_STATEMENT') throw e;
          refused += 1;
        }
        await sleep(10);
      }
    })();

    // A stream that lags more than allowed stops the checks, before anything is changed.
    const strict = new Switchover(store, spec, {
      setReadOnly: false,
      maxLagMs: 0,
      confirm: async () => false,
    });
    await expect(strict.run()).rejects.toMatchObject({
      code: 'LAG_TOO_HIGH',
      message: expect.stringMatching(
        /lags \d+ ms behind the source after catching up \(limit 0 ms\)/,
      ),
    });

    // First attempt: everything up to moving the application, which the operator declines.
    const first = new Switchover(store, spec, {
      setReadOnly: true,
      confirm: async (q) => !q.startsWith('Point the applications'),
    });
    await expect(first.run()).rejects.toMatchObject({ code: 'INTERRUPTED' });
    writing = false;
    await writer;
    await app.end();
    expect(committed).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    const task = new TaskRepository(store.db).getByName('bank');
    const midway = task ? readSwitchover(store, task.id) : null;
    expect(Object.entries(midway?.steps ?? {}).map(([name, s]) => [name, s.state])).toEqual([
      ['checks', 'done'],
      ['stop-writes', 'done'],
      ['drain', 'done'],
      ['verify', 'done'],
      ['deferred', 'done'],
      ['reverse', 'done'],
      ['move-app', 'failed'],
    ]);
    expect(midway?.steps['stop-writes'].detail).toContain('read_only = ON');

    // Every write the source accepted is on the target.
    const count = async (c: Connection, d: string) =>
      Number((await rows<{ n: number }>(c, `SELECT COUNT(*) AS n FROM \`${d}\`.accounts`))[0]?.n);
    expect(await count(dst, out)).toBe(500 + committed);
    expect(await count(src, db)).toBe(500 + committed);

    // Run again: it continues at the last step only.
    const asked: string[] = [];
    const state = await new Switchover(store, spec, {
      setReadOnly: true,
      confirm: async (q) => {
        asked.push(q);
        return true;
      },
    }).run();
    expect(asked).toEqual([
      expect.stringContaining(`${servers.target.host}:${servers.target.port}`),
    ]);
    expect(state.steps['move-app'].state).toBe('done');

    // Deferred objects: the trigger, and ids the target hands out after the source's.
    const [trigger] = await rows<{ n: number }>(
      dst,
      `SELECT COUNT(*) AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?`,
      [out],
    );
    expect(Number(trigger?.n)).toBe(1);
    const [maxId] = await rows<{ m: number }>(src, 'SELECT MAX(id) AS m FROM bank.accounts');
    await dst.query(`INSERT INTO \`${out}\`.accounts (owner, balance) VALUES ('after', 5)`);
    const [newId] = await rows<{ id: number }>(
      dst,
      `SELECT id FROM \`${out}\`.accounts WHERE owner = 'after'`,
    );
    expect(Number(newId?.id)).toBeGreaterThan(Number(maxId?.m));

    // The application now writes the target; reverse sync keeps the old source current.
    await dst.query(`UPDATE \`${out}\`.accounts SET balance = 999 WHERE id = 2`);
    const reverse = await specToRun(store, spec);
    expect(reverse.name).toBe('bank.reverse');
    expect(await new TaskRunner(store, reverse).run({ until: 'caught-up' })).toBe('reached-until');
    const [row] = await rows<{ balance: string; touched: number }>(
      src,
      'SELECT balance, touched FROM bank.accounts WHERE id = 2',
    );
    expect(row?.balance).toBe('999.00');
    expect(
      Number(
        (
          await rows<{ n: number }>(
            src,
            "SELECT COUNT(*) AS n FROM bank.accounts WHERE owner = 'after'",
          )
        )[0]?.n,
      ),
    ).toBe(1);

    // Rollback rehearsal: the reverse stream is drained, and the source takes writes again.
    await dst.query(`UPDATE \`${out}\`.accounts SET balance = 7 WHERE id = 3`);
    const back = await new Switchover(store, spec, {
      setReadOnly: true,
      confirm: async () => true,
    }).rollback();
    expect(back.rolledBack).toBe(true);
    const [three] = await rows<{ balance: string }>(
      src,
      'SELECT balance FROM bank.accounts WHERE id = 3',
    );
    expect(three?.balance).toBe('7.00');
    const [ro] = await rows<{ v: number }>(src, 'SELECT @@GLOBAL.read_only AS v');
    expect(Number(ro?.v)).toBe(0);
    expect((await specToRun(store, spec)).name).toBe('bank');
    expect(new TaskRepository(store.db).getByName('bank.reverse')).toBeUndefined();
  });
});
