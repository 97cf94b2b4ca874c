import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Store } from '../../src/engine/store/Store.js';
import { TaskRunner } from '../../src/engine/task/TaskRunner.js';
import { parseAnyTaskSpec } from '../../src/engine/task/TaskFile.js';
import { consume } from '../support/kafka.js';
import { endpoint } from '../support/cutover.js';
import { admin, uniqueName } from '../support/sql.js';

const servers = inject('servers');
const kafka = inject('kafka');

describe('a Kafka task and tables created while it streams', () => {
  const db = uniqueName('knew');
  let src: Connection;

  beforeAll(async () => {
    src = await admin(servers.source);
    await src.query(
      `CREATE DATABASE \`${db}\`; USE \`${db}\`;
       CREATE TABLE orders_2025 (id INT PRIMARY KEY, amount INT);
       INSERT INTO orders_2025 VALUES (1, 10);
       CREATE TABLE audit (id INT PRIMARY KEY);`,
    );
  });

  afterAll(async () => {
    await src?.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await src?.end();
  });

  it('streams a new table its objects take, from its first row, and leaves the others out', async () => {
    const prefix = uniqueName('kn');
    const spec = parseAnyTaskSpec({
      name: uniqueName('knew'),
      source: endpoint('mysql', servers.source),
      target: {
        kind: 'kafka',
        brokers: kafka.brokers,
        format: 'json',
        topic: `${prefix}.{table}`,
        ddlTopic: `${prefix}.ddl`,
      },
      objects: [
        {
          database: db,
          tables: ['orders_*'],
          exclude: ['orders_tmp*'],
          rename: {},
          where: {},
        },
      ],
    });
    const store = Store.open(mkdtempSync(join(tmpdir(), 'cutover-knew-')));
    const logs: string[] = [];
    try {
      await new TaskRunner(store, spec).run({ until: 'caught-up' });
      // The tables are created while the stream runs: they are not in the catalog it began with.
      const stop = new AbortController();
      const runner = new TaskRunner(store, spec);
      const streaming = new Promise<void>((resolve) => {
        runner.onEvent((e) => {
          if (e.type === 'log') logs.push(e.message);
          if (e.type === 'stream') resolve();
        });
      });
      const running = runner.run({ signal: stop.signal }).catch(() => undefined);
      await streaming;
      await src.query(
        `USE \`${db}\`;
         CREATE TABLE orders_2026 (id INT PRIMARY KEY, amount INT, note VARCHAR(10));
         INSERT INTO orders_2026 VALUES (1, 100, 'new'), (2, 200, NULL);
         UPDATE orders_2026 SET amount = 101 WHERE id = 1;
         CREATE TABLE orders_tmp1 (id INT PRIMARY KEY);
         INSERT INTO orders_tmp1 VALUES (1);
         CREATE TABLE other (id INT PRIMARY KEY);
         INSERT INTO other VALUES (1);
         CREATE TABLE orders_copy LIKE orders_2025;
         INSERT INTO orders_copy VALUES (5, 50);
         INSERT INTO orders_2025 VALUES (2, 20);`,
      );
      await consume(kafka.brokers, [`${prefix}.orders_copy`], 1, 30_000);
      stop.abort();
      await running;
      // A resume decodes the new tables' later rows with the shapes kept at its checkpoint.
      await src.query(`INSERT INTO \`${db}\`.orders_2026 VALUES (3, 300, 'later')`);
      await new TaskRunner(store, spec).run({ until: 'caught-up' });
    } finally {
      store.close();
    }
    expect(logs.filter((l) => l.startsWith('New table'))).toEqual([
      `New table ${db}.orders_2026 matches the task's objects: its changes go to ${prefix}.orders_2026.`,
      `New table ${db}.orders_copy matches the task's objects: its changes go to ${prefix}.orders_copy.`,
    ]);
    const topics = ['orders_2025', 'orders_2026', 'orders_copy', 'orders_tmp1', 'other'];
    // 2 messages of orders_2025, 4 of orders_2026, 1 of orders_copy, and the database's 4
    // CREATE TABLE statements on the DDL topic.
    const got = await consume(
      kafka.brokers,
      [...topics.map((t) => `${prefix}.${t}`), `${prefix}.ddl`],
      2 + 4 + 1 + 4,
      30_000,
    );
    const on = (t: string) =>
      got
        .filter((m) => m.topic === `${prefix}.${t}`)
        .map((m) => JSON.parse(m.value) as { op: string; after: Record<string, unknown> });
    expect(on('orders_2025').map((m) => m.op)).toEqual(['read', 'insert']);
    // Keys spread over partitions: the order to check is each key's (the sort keeps it).
    const byKey = on('orders_2026').sort((a, b) => Number(a.after.id) - Number(b.after.id));
    expect(byKey.map((m) => [m.op, m.after])).toEqual([
      ['insert', { id: 1, amount: 100, note: 'new' }],
      ['update', { id: 1, amount: 101, note: 'new' }],
      ['insert', { id: 2, amount: 200, note: null }],
      ['insert', { id: 3, amount: 300, note: 'later' }],
    ]);
    expect(on('orders_copy').map((m) => m.after)).toEqual([{ id: 5, amount: 50 }]);
    expect(on('orders_tmp1')).toEqual([]);
    expect(on('other')).toEqual([]);
    expect(got.filter((m) => m.topic === `${prefix}.ddl`)).toHaveLength(4);
  });
});
