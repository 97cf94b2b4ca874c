import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Connection } from 'mysql2/promise';
import { Store } from '../../src/engine/store/Store.js';
import { CheckpointRepository } from '../../src/engine/store/CheckpointRepository.js';
import { StreamStatsRepository } from '../../src/engine/store/StreamStatsRepository.js';
import { TaskRepository } from '../../src/engine/store/TaskRepository.js';
import { TaskRunner } from '../../src/engine/task/TaskRunner.js';
import { parseTaskSpec } from '../../src/engine/task/TaskFile.js';
import type { TaskEvent } from '../../src/shared/events.js';
import type { BinlogPosition } from '../../src/shared/position.js';
import type { StreamStatus } from '../../src/shared/stream.js';
import type { TaskSpec } from '../../src/shared/task.js';
import { compareTables, tableChecksum } from '../support/compare.js';
import {
  ALL_TYPES_COLUMNS,
  ALL_TYPES_TABLE,
  edgeRows,
  loadRows,
  randomRows,
} from '../support/dataset.js';
import { endpoint } from '../support/cutover.js';
import { admin, rows, uniqueName } from '../support/sql.js';

const servers = inject('servers');
const BIN = fileURLToPath(new URL('../../bin/cutover.js', import.meta.url));

function taskJson(db: string, out: string, over: Record<string, unknown> = {}) {
  return {
    name: uniqueName('inc'),
    source: endpoint('mysql', servers.source),
    target: endpoint('mysql', servers.target),
    objects: [{ database: db, tables: ['*'], targetDatabase: out }],
    steps: ['schema', 'full', 'incremental'],
    ...over,
  };
}

async function runUntilCaughtUp(
  task: TaskSpec,
  stateDir: string,
  onEvent?: (e: TaskEvent) => void,
): Promise<void> {
  const store = Store.open(stateDir);
  try {
    const runner = new TaskRunner(store, task);
    if (onEvent) runner.onEvent(onEvent);
    expect(await runner.run({ until: 'caught-up' })).toBe('reached-until');
  } finally {
    store.close();
  }
}

/** Runs the task with no end in a runner of this process; stop() ends it like Ctrl-C. */
function runInBackground(task: TaskSpec, stateDir: string) {
  const store = Store.open(stateDir);
  const abort = new AbortController();
  const runner = new TaskRunner(store, task);
  const events: TaskEvent[] = [];
  runner.onEvent((e) => events.push(e));
  const done = runner.run({ signal: abort.signal }).then(
    () => null,
    (e: unknown) => e,
  );
  return {
    events,
    async stop(): Promise<unknown> {
      abort.abort();
      const outcome = await done;
      store.close();
      return outcome;
    },
  };
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

async function same(src: Connection, db: string, dst: Connection, out: string, table: string) {
  const result = await compareTables({ conn: src, db, table }, { conn: dst, db: out, table });
  expect(result.differences.slice(0, 5), table).toEqual([]);
  expect(result.rowsB, table).toBe(result.rowsA);
}

describe('incremental sync', () => {
  let src: Connection;
  let dst: Connection;
  const cleanup: { conn: () => Connection; name: string }[] = [];
  const pair = (): { db: string; out: string } => {
    const db = uniqueName('inc_src');
    const out = uniqueName('inc_dst');
    cleanup.push({ conn: () => src, name: db }, { conn: () => dst, name: out });
    return { db, out };
  };
  const stateDir = (): string => mkdtempSync(join(tmpdir(), 'cutover-inc-'));

  beforeAll(async () => {
    src = await admin(servers.source);
    dst = await admin(servers.target);
  });

  afterAll(async () => {
    for (const d of cleanup) await d.conn().query(`DROP DATABASE IF EXISTS \`${d.name}\``);
    await src.end();
    await dst.end();
  });

  it('carries every column type through inserts, updates and deletes, exactly', async () => {
    const { db, out } = pair();
    await src.query(`CREATE DATABASE \`${db}\``);
    await src.query(ALL_TYPES_TABLE(db, 'all_types'));
    await src.query(ALL_TYPES_TABLE(db, 'stage'));
    await loadRows(src, db, 'all_types', randomRows(300, 3, { firstId: 5000 }));
    const task = parseTaskSpec(
      taskJson(db, out, {
        objects: [{ database: db, tables: ['all_types'], targetDatabase: out }],
      }),
    );
    const dir = stateDir();
    await runUntilCaughtUp(task, dir);
    await same(src, db, dst, out, 'all_types');

    // Inserts: every edge value; updates: every column of 300 rows to other random values
    // through a join; deletes: a third of the rows.
    await loadRows(src, db, 'all_types', edgeRows());
    await loadRows(src, db, 'stage', randomRows(300, 4, { firstId: 5000 }));
    const set = ALL_TYPES_COLUMNS.map(([c]) => `t.\`${c}\` = s.\`${c}\``).join(', ');
    await src.query(
      `SET SESSION sql_mode = ''; UPDATE \`${db}\`.all_types t JOIN \`${db}\`.stage s ON s.id = t.id SET ${set}`,
    );
    await src.query(`DELETE FROM \`${db}\`.all_types WHERE id % 3 = 0`);
    await runUntilCaughtUp(task, dir);
    await same(src, db, dst, out, 'all_types');
    const [staged] = await rows<{ n: number }>(
      dst,
      `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = 'stage'`,
      [out],
    );
    expect(Number(staged?.n)).toBe(0);
  });

  it('follows key changes, unique-value swaps and a 100,000-row transaction', async () => {
    const { db, out } = pair();
    await src.query(`
      CREATE DATABASE \`${db}\`;
      USE \`${db}\`;
      CREATE TABLE \`${db}\`.users (id INT PRIMARY KEY, email VARCHAR(64) NOT NULL, n INT, UNIQUE KEY (email));
      CREATE TABLE \`${db}\`.big (id INT PRIMARY KEY, v VARCHAR(40), n INT);
      INSERT INTO \`${db}\`.users SELECT seq, CONCAT('u', seq, '@x'), 0 FROM seq_1_to_200;`);
    const task = parseTaskSpec(taskJson(db, out, { options: { applyWorkers: 4 } }));
    const dir = stateDir();
    await runUntilCaughtUp(task, dir);
    await src.query(`
      USE \`${db}\`;
      UPDATE users SET id = id + 1000 WHERE id <= 50;
      START TRANSACTION;
      UPDATE users SET email = 'tmp' WHERE id = 60;
      UPDATE users SET email = 'u60@x' WHERE id = 61;
      UPDATE users SET email = 'u61@x' WHERE id = 60;
      COMMIT;
      UPDATE users SET email = CONCAT('U', SUBSTRING(email, 2)) WHERE id BETWEEN 100 AND 150;
      DELETE FROM users WHERE id BETWEEN 151 AND 160;
      INSERT INTO users VALUES (151, 'u152@x-new', 1);
      START TRANSACTION;
      INSERT INTO big SELECT seq, SHA1(seq), seq FROM seq_1_to_100000;
      COMMIT;
      UPDATE big SET n = n * 2, v = REVERSE(v);`);
    await runUntilCaughtUp(task, dir);
    await same(src, db, dst, out, 'users');
    await same(src, db, dst, out, 'big');
    // Every transaction the workers committed wrote the task's marker row first.
    const markers = await rows<{ worker: number; seq: number }>(
      dst,
      'SELECT worker, seq FROM cutover_meta.txn_marker WHERE task = ?',
      [task.name],
    );
    expect(markers.length).toBeGreaterThan(0);
    expect(markers.every((m) => Number(m.seq) > 0)).toBe(true);
  });

  it('converges when the source is written during the full copy and after', async () => {
    const { db, out } = pair();
    await src.query(`
      CREATE DATABASE \`${db}\`;
      USE \`${db}\`;
      CREATE TABLE \`${db}\`.t (id INT PRIMARY KEY, v INT, s VARCHAR(40));
      INSERT INTO \`${db}\`.t SELECT seq, seq, SHA1(seq) FROM seq_1_to_60000;`);
    const task = parseTaskSpec(
      taskJson(db, out, { options: { concurrency: 2, chunkRows: 2000, maxRowsPerSecond: 60000 } }),
    );
    const writer = await admin(servers.source);
    let stop = false;
    const writes = (async () => {
      let i = 0;
      while (!stop) {
        i += 1;
        const id = 1 + ((i * 7919) % 70000);
        await writer.query(
          `INSERT INTO \`${db}\`.t VALUES (?, ?, 'w') ON DUPLICATE KEY UPDATE v = v + 1, s = 'u'`,
          [id, i],
        );
        if (i % 5 === 0) await writer.query(`DELETE FROM \`${db}\`.t WHERE id = ?`, [id + 13]);
      }
      return i;
    })();
    const dir = stateDir();
    await runUntilCaughtUp(task, dir);
    stop = true;
    expect(await writes).toBeGreaterThan(100);
    await writer.end();
    await runUntilCaughtUp(task, dir);
    await same(src, db, dst, out, 't');
  });

  it('resumes by file and position where the source gives no GTID', async () => {
    const { db, out } = pair();
    await src.query(`
      CREATE DATABASE \`${db}\`;
      CREATE TABLE \`${db}\`.t (id INT PRIMARY KEY, v INT);
      INSERT INTO \`${db}\`.t VALUES (1, 1);`);
    const task = parseTaskSpec(taskJson(db, out));
    const dir = stateDir();
    await runUntilCaughtUp(task, dir);
    // What a MySQL source without gtid_mode records: a file and a position only.
    const store = Store.open(dir);
    try {
      const t = new TaskRepository(store.db).getByName(task.name);
      const checkpoints = new CheckpointRepository(store.db);
      const saved = checkpoints.get(t?.id ?? '', 'binlog')?.position as BinlogPosition;
      expect(saved.gtid).not.toBeNull();
      checkpoints.put(t?.id ?? '', 'binlog', { ...saved, gtid: null, gtidFlavor: null });
    } finally {
      store.close();
    }
    await src.query(`
      INSERT INTO \`${db}\`.t VALUES (2, 2), (3, 3);
      UPDATE \`${db}\`.t SET v = 10 WHERE id = 1;`);
    await runUntilCaughtUp(task, dir);
    await same(src, db, dst, out, 't');
  });

  it('streams into the OceanBase stand-in, whose names fold to lower case', async () => {
    const db = uniqueName('inc_Src');
    const out = uniqueName('inc_OB');
    const ob = await admin(servers.obStandIn);
    try {
      await src.query(`
        CREATE DATABASE \`${db}\`;
        CREATE TABLE \`${db}\`.Orders (Id INT PRIMARY KEY, Note VARCHAR(20), Amount DECIMAL(12,2));
        INSERT INTO \`${db}\`.Orders VALUES (1, 'a', 1.5), (2, 'b', 2.5);`);
      const task = parseTaskSpec({
        ...taskJson(db, out),
        target: { ...endpoint('oceanbase', servers.obStandIn) },
      });
      const dir = stateDir();
      await runUntilCaughtUp(task, dir);
      await src.query(`
        USE \`${db}\`;
        INSERT INTO Orders VALUES (3, 'c', 3.5);
        UPDATE Orders SET Note = 'B', Id = 20 WHERE Id = 2;
        DELETE FROM Orders WHERE Id = 1;
        ALTER TABLE Orders ADD COLUMN Extra INT DEFAULT 5;
        ALTER TABLE Orders ADD COLUMN Label VARCHAR(8) CHARACTER SET utf8mb3 COLLATE utf8mb3_bin;
        INSERT INTO Orders VALUES (4, 'd', 4.5, 6, 'é');`);
      await runUntilCaughtUp(task, dir);
      const expected = await rows(src, `SELECT * FROM \`${db}\`.Orders ORDER BY Id`);
      const actual = await rows(ob, `SELECT * FROM \`${out.toLowerCase()}\`.orders ORDER BY Id`);
      expect(actual).toEqual(expected);
      // Converted as the schema rules convert for OceanBase: it has no utf8mb3.
      const [label] = await rows<{ cs: string; coll: string }>(
        ob,
        `SELECT CHARACTER_SET_NAME AS cs, COLLATION_NAME AS coll FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'orders' AND COLUMN_NAME = 'Label'`,
        [out.toLowerCase()],
      );
      expect(label).toEqual({ cs: 'utf8mb4', coll: 'utf8mb4_bin' });
    } finally {
      await src.query(`DROP DATABASE IF EXISTS \`${db}\``);
      await ob.query(`DROP DATABASE IF EXISTS \`${out.toLowerCase()}\``);
      await ob.end();
    }
  });

  it('replicates a table without a key, duplicates included', async () => {
    const { db, out } = pair();
    await src.query(`
      CREATE DATABASE \`${db}\`;
      CREATE TABLE \`${db}\`.bag (x INT, y VARCHAR(20), z DOUBLE);
      INSERT INTO \`${db}\`.bag VALUES (1, 'a', 0.5), (1, 'a', 0.5), (2, NULL, NULL);`);
    const task = parseTaskSpec(taskJson(db, out));
    const dir = stateDir();
    await runUntilCaughtUp(task, dir);
    await src.query(`
      USE \`${db}\`;
      INSERT INTO bag VALUES (1, 'a', 0.5), (3, 'c', 1e-7);
      UPDATE bag SET y = 'b' WHERE x = 1 LIMIT 2;
      DELETE FROM bag WHERE x = 2;
      INSERT INTO bag VALUES (4, NULL, NULL), (4, NULL, NULL);
      DELETE FROM bag WHERE x = 4 LIMIT 1;`);
    await runUntilCaughtUp(task, dir);
    expect(await tableChecksum(dst, out, 'bag')).toEqual(await tableChecksum(src, db, 'bag'));
  });

  it('applies renames, column subsets and row filters to changes', async () => {
    const { db, out } = pair();
    await src.query(`
      CREATE DATABASE \`${db}\`;
      CREATE TABLE \`${db}\`.orders (id INT PRIMARY KEY, region VARCHAR(8), amount DECIMAL(10,2), secret VARCHAR(20));
      INSERT INTO \`${db}\`.orders SELECT seq, ELT(1 + seq % 3, 'eu', 'us', 'apac'), seq * 1.5, 'x' FROM seq_1_to_300;`);
    const task = parseTaskSpec(
      taskJson(db, out, {
        objects: [
          {
            database: db,
            tables: ['orders'],
            targetDatabase: out,
            rename: { orders: 'orders_eu' },
            columns: { orders: ['id', 'region', 'amount'] },
            where: { orders: "region = 'EU' AND amount >= 10" },
          },
        ],
      }),
    );
    const dir = stateDir();
    await runUntilCaughtUp(task, dir);
    await src.query(`
      USE \`${db}\`;
      UPDATE orders SET region = 'us' WHERE id BETWEEN 1 AND 60;
      UPDATE orders SET region = 'eu' WHERE id BETWEEN 61 AND 120;
      UPDATE orders SET amount = 1 WHERE id BETWEEN 121 AND 150;
      UPDATE orders SET secret = 'changed' WHERE id > 150;
      INSERT INTO orders VALUES (1001, 'eu', 99, 's'), (1002, 'us', 99, 's');
      DELETE FROM orders WHERE id BETWEEN 240 AND 300;`);
    await runUntilCaughtUp(task, dir);
    const expected = await rows(
      src,
      `SELECT id, region, amount FROM \`${db}\`.orders WHERE region = 'EU' AND amount >= 10 ORDER BY id`,
    );
    const actual = await rows(
      dst,
      `SELECT id, region, amount FROM \`${out}\`.orders_eu ORDER BY id`,
    );
    expect(actual).toEqual(expected);
    expect(actual.length).toBeGreaterThan(50);
  });

  it('carries DDL over while writes continue', async () => {
    const { db, out } = pair();
    await src.query(`
      CREATE DATABASE \`${db}\`;
      USE \`${db}\`;
      CREATE TABLE \`${db}\`.a (id INT PRIMARY KEY, v INT);
      CREATE TABLE \`${db}\`.gone (id INT PRIMARY KEY);
      INSERT INTO \`${db}\`.a SELECT seq, seq FROM seq_1_to_100;`);
    const task = parseTaskSpec(taskJson(db, out));
    const dir = stateDir();
    await runUntilCaughtUp(task, dir);
    const writer = await admin(servers.source);
    let stop = false;
    const writes = (async () => {
      let i = 200;
      while (!stop) {
        i += 1;
        await writer.query(`INSERT INTO \`${db}\`.a (id, v) VALUES (?, ?)`, [i, i]);
        await writer.query(`UPDATE \`${db}\`.a SET v = v + 1 WHERE id = ?`, [i - 100]);
      }
    })();
    await sleep(100);
    await src.query(`
      USE \`${db}\`;
      ALTER TABLE a ADD COLUMN note VARCHAR(20) DEFAULT 'n', ADD INDEX by_v (v);
      CREATE TABLE b (id INT PRIMARY KEY, s VARCHAR(10)) DEFAULT CHARSET=utf8mb3;
      INSERT INTO b VALUES (1, 'one'), (2, 'two');
      CREATE TABLE c LIKE b;
      INSERT INTO c VALUES (7, 'seven');
      RENAME TABLE c TO c2;
      INSERT INTO c2 VALUES (8, 'eight');
      TRUNCATE TABLE b;
      INSERT INTO b VALUES (3, 'three');
      DROP TABLE gone;
      ALTER TABLE a MODIFY COLUMN note VARCHAR(40), DROP INDEX by_v;`);
    await sleep(300);
    stop = true;
    await writes;
    await writer.end();
    await src.query(`UPDATE \`${db}\`.a SET note = 'last' WHERE id <= 10`);
    await runUntilCaughtUp(task, dir);
    for (const t of ['a', 'b', 'c2']) await same(src, db, dst, out, t);
    const tables = await rows<{ t: string }>(
      dst,
      'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ? ORDER BY 1',
      [out],
    );
    expect(tables.map((r) => r.t)).toEqual(['a', 'b', 'c2']);
  });

  it('replicates CREATE TABLE … SELECT, and pauses on DDL when the policy says so', async () => {
    const { db, out } = pair();
    await src.query(`
      CREATE DATABASE \`${db}\`;
      CREATE TABLE \`${db}\`.a (id INT PRIMARY KEY);
      INSERT INTO \`${db}\`.a VALUES (1), (2);`);
    const json = taskJson(db, out, { options: { ddl: 'pause' } });
    const task = parseTaskSpec(json);
    const dir = stateDir();
    await runUntilCaughtUp(task, dir);
    await src.query(`
      INSERT INTO \`${db}\`.a VALUES (3);
      ALTER TABLE \`${db}\`.a ADD COLUMN v INT DEFAULT 7;
      INSERT INTO \`${db}\`.a VALUES (4, 8);`);
    const store = Store.open(dir);
    try {
      await expect(new TaskRunner(store, task).run({ until: 'caught-up' })).rejects.toMatchObject({
        code: 'DDL_PAUSED',
        message: expect.stringContaining('ADD COLUMN v'),
      });
    } finally {
      store.close();
    }
    const [three] = await rows<{ n: number }>(dst, `SELECT COUNT(*) AS n FROM \`${out}\`.a`);
    expect(Number(three?.n)).toBe(3);

    // The person applies the change by hand and lets that one statement pass.
    await dst.query(`ALTER TABLE \`${out}\`.a ADD COLUMN v INT DEFAULT 7`);
    const passing = Store.open(dir);
    try {
      expect(
        await new TaskRunner(passing, task).run({ until: 'caught-up', skipPausedDdl: true }),
      ).toBe('reached-until');
    } finally {
      passing.close();
    }
    // The policy still pauses on the next statement.
    await src.query(`ALTER TABLE \`${db}\`.a ADD INDEX by_v (v)`);
    const pausing = Store.open(dir);
    try {
      await expect(new TaskRunner(pausing, task).run({ until: 'caught-up' })).rejects.toMatchObject(
        { code: 'DDL_PAUSED' },
      );
    } finally {
      pausing.close();
    }
    await src.query(`
      CREATE TABLE \`${db}\`.copy AS SELECT * FROM \`${db}\`.a WHERE id > 1;
      INSERT INTO \`${db}\`.copy VALUES (9, 9);`);
    await runUntilCaughtUp(parseTaskSpec({ ...json, options: { ddl: 'apply' } }), dir);
    await same(src, db, dst, out, 'a');
    await same(src, db, dst, out, 'copy');

    // A change logged as a statement rather than as rows cannot be carried over exactly.
    await src.query(`
      SET SESSION binlog_format = 'STATEMENT';
      UPDATE \`${db}\`.a SET v = v + 1 WHERE id = 1;
      SET SESSION binlog_format = 'ROW';`);
    const again = Store.open(dir);
    try {
      await expect(
        new TaskRunner(again, parseTaskSpec({ ...json, options: { ddl: 'apply' } })).run({
          until: 'caught-up',
        }),
      ).rejects.toMatchObject({
        code: 'DDL_UNSUPPORTED',
        message: expect.stringContaining('UPDATE'),
      });
    } finally {
      again.close();
    }
  });

  it('pauses on DDL the target refuses, and passes it once the person made the change', async () => {
    const { db, out } = pair();
    await src.query(`
      CREATE DATABASE \`${db}\`;
      CREATE TABLE \`${db}\`.a (id INT PRIMARY KEY, x INT);
      INSERT INTO \`${db}\`.a VALUES (1, 1);`);
    const task = parseTaskSpec(taskJson(db, out));
    const dir = stateDir();
    await runUntilCaughtUp(task, dir);
    // Someone changed the target behind the task's back.
    await dst.query(`ALTER TABLE \`${out}\`.a DROP COLUMN x`);
    await src.query(`ALTER TABLE \`${db}\`.a ADD INDEX by_x (x)`);
    const store = Store.open(dir);
    try {
      await expect(new TaskRunner(store, task).run({ until: 'caught-up' })).rejects.toMatchObject({
        code: 'DDL_UNSUPPORTED',
        message: expect.stringContaining('target refused'),
        fix: expect.stringContaining('--skip-paused-ddl'),
      });
      await dst.query(`ALTER TABLE \`${out}\`.a ADD COLUMN x INT, ADD INDEX by_x (x)`);
      await dst.query(`UPDATE \`${out}\`.a SET x = 1`);
      await src.query(`INSERT INTO \`${db}\`.a VALUES (2, 2)`);
      expect(
        await new TaskRunner(store, task).run({ until: 'caught-up', skipPausedDdl: true }),
      ).toBe('reached-until');
    } finally {
      store.close();
    }
    await same(src, db, dst, out, 'a');
  });

  it('reconnects when the binlog connection is killed, and reports lag in milliseconds', async () => {
    const { db, out } = pair();
    await src.query(`
      CREATE DATABASE \`${db}\`;
      CREATE TABLE \`${db}\`.t (id INT PRIMARY KEY, v INT);`);
    const task = parseTaskSpec(taskJson(db, out));
    const dir = stateDir();
    const bg = runInBackground(task, dir);
    const count = async (): Promise<number> => {
      const r = await rows<{ n: number }>(
        dst,
        `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = 't'`,
        [out],
      );
      if (Number(r[0]?.n) === 0) return -1;
      const [c] = await rows<{ n: number }>(dst, `SELECT COUNT(*) AS n FROM \`${out}\`.t`);
      return Number(c?.n);
    };
    await waitFor('the table on the target', async () => (await count()) >= 0);
    for (let i = 1; i <= 50; i++) await src.query(`INSERT INTO \`${db}\`.t VALUES (${i}, ${i})`);
    await waitFor('the first rows', async () => (await count()) === 50);

    const dumps = await rows<{ Id: number }>(
      src,
      "SELECT ID AS Id FROM information_schema.processlist WHERE COMMAND LIKE 'Binlog Dump%'",
    );
    expect(dumps.length).toBeGreaterThan(0);
    for (const d of dumps) await src.query(`KILL ${d.Id}`).catch(() => undefined);
    for (let i = 51; i <= 100; i++) await src.query(`INSERT INTO \`${db}\`.t VALUES (${i}, ${i})`);
    await waitFor('rows written after the kill', async () => (await count()) === 100);
    await sleep(2_500);

    const outcome = await bg.stop();
    expect(outcome).toMatchObject({ code: 'INTERRUPTED' });
    await same(src, db, dst, out, 't');
    expect(
      bg.events.some((e) => e.type === 'log' && /Binlog connection lost/.test(e.message)),
    ).toBe(true);
    const statuses = bg.events.flatMap((e) => (e.type === 'stream' ? [e.status] : []));
    const last = statuses[statuses.length - 1] as StreamStatus;
    expect(last.lagSource).toBe('heartbeat');
    expect(last.lagP50Ms).not.toBeNull();
    expect(last.lagP99Ms ?? Infinity).toBeLessThan(5_000);
    const store = Store.open(dir, { readOnly: true });
    try {
      const t = new TaskRepository(store.db).getByName(task.name);
      const stored = new StreamStatsRepository(store.db).list<StreamStatus>(t?.id ?? '');
      expect(stored[0]?.stats.transactionsApplied).toBeGreaterThanOrEqual(100);
    } finally {
      store.close();
    }
  });

  it('loses nothing and applies nothing twice in effect across kill -9 under load', async () => {
    const { db, out } = pair();
    await src.query(`
      CREATE DATABASE \`${db}\`;
      USE \`${db}\`;
      CREATE TABLE \`${db}\`.acct (id INT PRIMARY KEY, balance BIGINT NOT NULL, ver INT NOT NULL);
      CREATE TABLE \`${db}\`.ledger (id BIGINT AUTO_INCREMENT PRIMARY KEY, acct INT, amount INT);
      CREATE TABLE \`${db}\`.audit (acct INT, amount INT, note VARCHAR(10));
      INSERT INTO \`${db}\`.acct SELECT seq, 1000, 0 FROM seq_1_to_500;`);
    const dir = stateDir();
    const file = join(dir, 'task.json');
    writeFileSync(file, JSON.stringify(taskJson(db, out, { options: { applyWorkers: 3 } })));
    const writer = await admin(servers.source);
    let stop = false;
    const writes = (async () => {
      let i = 0;
      while (!stop) {
        i += 1;
        const a = 1 + (i % 500);
        const b = 1 + ((i * 31) % 500);
        await writer.query(
          `START TRANSACTION;
           UPDATE \`${db}\`.acct SET balance = balance - 7, ver = ver + 1 WHERE id = ${a};
           UPDATE \`${db}\`.acct SET balance = balance + 7, ver = ver + 1 WHERE id = ${b};
           INSERT INTO \`${db}\`.ledger (acct, amount) VALUES (${a}, -7), (${b}, 7);
           INSERT INTO \`${db}\`.audit VALUES (${a % 7}, -7, 'move'), (${b % 7}, 7, 'move');
           ${i % 10 === 0 ? `DELETE FROM \`${db}\`.audit WHERE acct = ${a % 7} LIMIT 1;` : ''}
           ${i % 15 === 0 ? `UPDATE \`${db}\`.audit SET note = 'checked' WHERE acct = ${b % 7} LIMIT 1;` : ''}
           COMMIT;`,
        );
      }
    })();
    const run = (killAfterMs: number | null, until: boolean): Promise<number | null> =>
      new Promise((resolve, reject) => {
        const args = [BIN, 'run', file, '--json', '--state-dir', dir];
        if (until) args.push('--until', 'caught-up');
        const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const timer =
          killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        child.on('error', reject);
        child.on('close', (code, signal) => {
          if (timer) clearTimeout(timer);
          if (signal === 'SIGKILL') resolve(null);
          else if (code !== 0) reject(new Error(`exit ${code}: ${stderr}`));
          else resolve(code);
        });
      });
    for (const after of [2500, 1200, 1700, 900]) expect(await run(after, false)).toBeNull();
    stop = true;
    await writes;
    await writer.end();
    expect(await run(null, true)).toBe(0);
    await same(src, db, dst, out, 'acct');
    await same(src, db, dst, out, 'ledger');
    // A table without a key: a change replayed after a kill would show as an extra row.
    await same(src, db, dst, out, 'audit');
    const [sum] = await rows<{ s: string }>(dst, `SELECT SUM(balance) AS s FROM \`${out}\`.acct`);
    expect(Number(sum?.s)).toBe(500 * 1000);

    const status = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'status', file, '--state-dir', dir]);
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(text));
    });
    expect(status).toMatch(/incremental\s+pending/);
    expect(status).toMatch(
      /lag \d+ ms \(p50 \d+ ms, p99 \d+ ms\).*txn\/s.*rows\/s.*at binlog\.\d+:\d+/,
    );
  });
});
