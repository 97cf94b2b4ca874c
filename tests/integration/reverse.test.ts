import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Connection } from 'mysql2/promise';
import { readBinlogPosition } from '../../src/engine/snapshot/BinlogPositionReader.js';
import { Endpoint } from '../../src/engine/connect/Endpoint.js';
import { Store } from '../../src/engine/store/Store.js';
import { prepareReverseTask, reverseSpec } from '../../src/engine/switchover/ReverseTask.js';
import { TaskRunner } from '../../src/engine/task/TaskRunner.js';
import { TaskSession } from '../../src/engine/task/TaskSession.js';
import { parseTaskSpec } from '../../src/engine/task/TaskFile.js';
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

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

describe('reverse sync (target → old source) and two-way streams', () => {
  const db = uniqueName('rev');
  const out = `${db}_dst`;
  let src: Connection;
  let dst: Connection;
  let store: Store;
  let forward: TaskSpec;

  beforeAll(async () => {
    src = await admin(servers.source);
    dst = await admin(servers.target);
    await src.query(
      `CREATE DATABASE \`${db}\`; USE \`${db}\`;
       CREATE TABLE accounts (id INT PRIMARY KEY, owner VARCHAR(40), balance DECIMAL(12,2));
       CREATE TABLE audit (at DATETIME(3), note VARCHAR(100));
       INSERT INTO accounts SELECT seq, CONCAT('owner ', seq), 100 FROM seq_1_to_200;
       INSERT INTO audit VALUES ('2024-01-01 00:00:00.000', 'opened');`,
    );
    store = Store.open(mkdtempSync(join(tmpdir(), 'cutover-rev-')));
    forward = parseTaskSpec({
      name: db,
      source: endpoint(servers.source),
      target: endpoint(servers.target),
      objects: [
        {
          database: db,
          tables: ['*'],
          targetDatabase: out,
          rename: { accounts: 'konten' },
        },
      ],
      steps: ['schema', 'full', 'incremental'],
    });
    expect(await new TaskRunner(store, forward).run({ until: 'caught-up' })).toBe('reached-until');
  });

  afterAll(async () => {
    store.close();
    await src.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await dst.query(`DROP DATABASE IF EXISTS \`${out}\``);
    await src.end();
    await dst.end();
  });

  it('derives the reverse task: the target tables back to the source, renames undone', async () => {
    const session = await TaskSession.open(forward);
    try {
      const reverse = reverseSpec(forward, session.mappings);
      expect(reverse).toMatchObject({
        name: `${db}.reverse`,
        source: { port: servers.target.port },
        target: { port: servers.source.port },
        steps: ['incremental'],
        objects: [
          {
            database: out,
            tables: ['konten', 'audit'],
            targetDatabase: db,
            rename: { konten: 'accounts' },
          },
        ],
      });
      expect(reverse.options.serverId).toBeUndefined();
    } finally {
      await session.close();
    }
  });

  it('streams both ways at once with no echo: each change lands once on the other side', async () => {
    const session = await TaskSession.open(forward);
    const reverse = parseTaskSpec(reverseSpec(forward, session.mappings));
    await session.close();
    const target = await Endpoint.open('target', reverse.source);
    prepareReverseTask(store, reverse, await readBinlogPosition(target));
    await target.close();

    const stop = new AbortController();
    const runs = [forward, reverse].map((spec) =>
      new TaskRunner(store, spec).run({ signal: stop.signal }).catch((e: unknown) => e),
    );
    try {
      // On the target (the application moved there): a keyless insert and an update.
      await dst.query(
        `INSERT INTO \`${out}\`.audit VALUES ('2024-02-01 10:00:00.250', 'from target');
         UPDATE \`${out}\`.konten SET balance = balance - 30 WHERE id = 7;`,
      );
      // On the old source at the same time (a canary still writing there).
      await src.query(
        `INSERT INTO \`${db}\`.audit VALUES ('2024-02-01 10:00:01.500', 'from source');
         UPDATE \`${db}\`.accounts SET balance = balance + 5 WHERE id = 9;`,
      );
      const audit = async (c: Connection, d: string) =>
        (await rows<{ note: string }>(c, `SELECT note FROM \`${d}\`.audit ORDER BY at`)).map(
          (r) => r.note,
        );
      const expected = ['opened', 'from target', 'from source'];
      await until(
        async () => JSON.stringify(await audit(src, db)) === JSON.stringify(expected),
        'the source has both audit rows',
      );
      await until(
        async () => JSON.stringify(await audit(dst, out)) === JSON.stringify(expected),
        'the target has both audit rows',
      );
      // An echo would add a keyless row a second time; give it time to show.
      await sleep(1500);
      expect(await audit(src, db)).toEqual(expected);
      expect(await audit(dst, out)).toEqual(expected);
      const balances = async (c: Connection, table: string) =>
        (
          await rows<{ id: number; balance: string }>(
            c,
            `SELECT id, balance FROM ${table} WHERE id IN (7, 9) ORDER BY id`,
          )
        ).map((r) => r.balance);
      expect(await balances(src, `\`${db}\`.accounts`)).toEqual(['70.00', '105.00']);
      expect(await balances(dst, `\`${out}\`.konten`)).toEqual(['70.00', '105.00']);
    } finally {
      stop.abort();
      await Promise.all(runs);
    }
  });
});
