import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { StepRepository } from '../../src/engine/store/StepRepository.js';
import { Store } from '../../src/engine/store/Store.js';
import { TaskRepository } from '../../src/engine/store/TaskRepository.js';
import { TaskRunner } from '../../src/engine/task/TaskRunner.js';
import { parseAnyTaskSpec } from '../../src/engine/task/TaskFile.js';
import type { KafkaFormat } from '../../src/shared/task.js';
import { consume as consumeFrom } from '../support/kafka.js';
import { endpoint } from '../support/cutover.js';
import { admin, uniqueName } from '../support/sql.js';

const servers = inject('servers');
const kafka = inject('kafka');
const consume = (topics: string | string[], count: number) =>
  consumeFrom(kafka.brokers, typeof topics === 'string' ? [topics] : topics, count);

describe('a task streaming to Kafka: the copy as read events, then every change', () => {
  const db = uniqueName('kshop');
  let src: Connection;

  beforeAll(async () => {
    src = await admin(servers.source);
    await src.query(
      `CREATE DATABASE \`${db}\`; USE \`${db}\`;
       CREATE TABLE types (
         id INT PRIMARY KEY, big BIGINT UNSIGNED, dec_ DECIMAL(12,2), f DOUBLE, b1 BIT(1),
         b12 BIT(12), d DATE, dt DATETIME(3), ts TIMESTAMP(6) NULL, tm TIME(2), y YEAR,
         t VARCHAR(20) CHARACTER SET utf8mb4, l VARCHAR(20) CHARACTER SET latin1,
         bin VARBINARY(8), e ENUM('a','b','c'), s SET('x','y','z'), j JSON);
       INSERT INTO types VALUES (1, 18446744073709551615, 12.30, 1.5, b'1', b'101010111100',
         '2024-02-29', '2024-02-29 23:59:59.123', '2024-02-29 23:59:59.000001', '-838:59:59.00',
         2024, 'héllo 😀', 'café', X'000102FF', 'b', 'x,z', '{"a": [1, 2.5]}');
       CREATE TABLE orders (id INT PRIMARY KEY, amount INT NOT NULL);
       INSERT INTO orders SELECT seq, seq FROM seq_1_to_300;
       CREATE TABLE notes (body VARCHAR(20));
       INSERT INTO notes VALUES ('one'), ('two');`,
    );
  });

  afterAll(async () => {
    await src?.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await src?.end();
  });

  function spec(format: KafkaFormat) {
    return parseAnyTaskSpec({
      name: uniqueName(`k-${format}`),
      source: endpoint('mysql', servers.source),
      target: {
        kind: 'kafka',
        brokers: kafka.brokers,
        format,
        topic: `${format}.{database}.{table}`,
        ddlTopic: `${format}.{database}.ddl`,
      },
      objects: [{ database: db, tables: ['*'], rename: { orders: 'sales' } }],
    });
  }

  it(
    'sends full rows, then inserts, updates, deletes and DDL, in every format',
    { timeout: 120_000 },
    async () => {
      const formats: KafkaFormat[] = ['json', 'debezium', 'canal'];
      const stores = formats.map(() => Store.open(mkdtempSync(join(tmpdir(), 'cutover-kafka-'))));
      const specs = formats.map(spec);
      try {
        for (const [i, s] of specs.entries()) {
          await new TaskRunner(stores[i] as Store, s).run({ until: 'caught-up' });
        }
        await src.query(
          `USE \`${db}\`;
         UPDATE orders SET amount = amount + 1000 WHERE id <= 3;
         DELETE FROM orders WHERE id = 300;
         INSERT INTO orders VALUES (301, 7);
         INSERT INTO types (id, t) VALUES (2, 'zwei');
         ALTER TABLE orders ADD note VARCHAR(10);
         UPDATE orders SET note = 'after' WHERE id = 301;`,
        );
        for (const [i, s] of specs.entries()) {
          await new TaskRunner(stores[i] as Store, s).run({ until: 'caught-up' });
          // Caught up again (the last transaction read is the stream's own heartbeat): the
          // stream stays the task's next step, not a finished one.
          await new TaskRunner(stores[i] as Store, s).run({ until: 'caught-up' });
          const task = new TaskRepository((stores[i] as Store).db).getByName(s.name);
          const steps = task ? new StepRepository((stores[i] as Store).db).list(task.id) : [];
          expect(steps.find((x) => x.step === 'incremental')?.state).toBe('pending');
        }
      } finally {
        for (const s of stores) s.close();
      }

      // Per format: 300 + 1 + 2 copied rows, then 3 updates, 1 delete, 2 inserts, 1 update, 1 DDL.
      for (const format of formats) {
        const topics = ['types', 'sales', 'notes'].map((t) => `${format}.${db}.${t}`);
        const got = await consume([...topics, `${format}.${db}.ddl`], 303 + 7 + 1);
        const sales = got.filter((m) => m.topic === `${format}.${db}.sales`);
        expect(sales, format).toHaveLength(300 + 3 + 1 + 1 + 1);
        // Every key's messages in order, and each id once.
        expect(new Set(got.map((m) => m.id)).size, format).toBe(got.length);
        const ofKey = (id: number) => sales.filter((m) => m.key === `{"id":${id}}`);
        expect(ofKey(1)).toHaveLength(2);
        const types = got.filter((m) => m.topic === `${format}.${db}.types`);
        const first = types.find((m) => m.key === '{"id":1}');
        const ddl = got.filter((m) => m.topic === `${format}.${db}.ddl`);
        expect(ddl, format).toHaveLength(1);
        expect(ddl[0]?.value).toContain('ALTER TABLE orders ADD note VARCHAR(10)');
        const keyless = got.filter((m) => m.topic === `${format}.${db}.notes`);
        expect(keyless.map((m) => m.key)).toEqual([null, null]);

        if (format === 'json') {
          expect(first?.value).toContain(
            '"after":{"id":1,"big":18446744073709551615,"dec_":"12.30","f":1.5,"b1":true,"b12":2748,' +
              '"d":"2024-02-29","dt":"2024-02-29T23:59:59.123","ts":"2024-02-29T23:59:59.000001Z",' +
              '"tm":"-838:59:59.00","y":2024,"t":"héllo 😀","l":"café","bin":"AAEC/w==","e":"b",' +
              '"s":"x,z","j":{"a": [1, 2.5]}}',
          );
          expect(JSON.parse(ofKey(1)[0]?.value ?? '')).toMatchObject({
            op: 'read',
            database: db,
            table: 'sales',
          });
          expect(JSON.parse(ofKey(1)[1]?.value ?? '')).toMatchObject({
            op: 'update',
            before: { id: 1, amount: 1 },
            after: { id: 1, amount: 1001 },
            position: { file: expect.any(String), pos: expect.any(Number), row: 0 },
          });
          expect(JSON.parse(ofKey(300).at(-1)?.value ?? '')).toMatchObject({
            op: 'delete',
            after: null,
          });
          // After the DDL, the table's new column is in its messages.
          expect(JSON.parse(ofKey(301).at(-1)?.value ?? '')).toMatchObject({
            op: 'update',
            after: { id: 301, amount: 7, note: 'after' },
          });
        }
        if (format === 'debezium') {
          const v = JSON.parse(first?.value ?? '');
          expect(v).toMatchObject({
            op: 'r',
            source: { db, table: 'types', snapshot: expect.any(String) },
          });
          expect(v.after.ts).toBe('2024-02-29T23:59:59.000001Z');
          expect(JSON.parse(ofKey(1)[1]?.value ?? '')).toMatchObject({
            op: 'u',
            before: { amount: 1 },
            after: { amount: 1001 },
          });
        }
        if (format === 'canal') {
          const v = JSON.parse(first?.value ?? '');
          expect(v).toMatchObject({
            type: 'INSERT',
            database: db,
            table: 'types',
            pkNames: ['id'],
          });
          expect(v.data[0]).toMatchObject({
            big: '18446744073709551615',
            b1: '1',
            j: '{"a": [1, 2.5]}',
          });
          expect(JSON.parse(ofKey(1)[1]?.value ?? '')).toMatchObject({
            type: 'UPDATE',
            data: [{ amount: '1001' }],
            old: [{ amount: '1' }],
          });
        }
      }
    },
  );

  it('reads in key order a page at a time where the source has no snapshot position', async () => {
    // The OceanBase stand-in reports no MariaDB flavor, so its tables are read in pages.
    const ob = await admin(servers.obStandIn);
    const pagedDb = uniqueName('kpaged');
    const store = Store.open(mkdtempSync(join(tmpdir(), 'cutover-kafka-paged-')));
    try {
      await ob.query(
        `CREATE DATABASE \`${pagedDb}\`; USE \`${pagedDb}\`;
         CREATE TABLE wide (a INT NOT NULL, b VARCHAR(8) NOT NULL, v INT, PRIMARY KEY (a, b));
         INSERT INTO wide SELECT seq DIV 3, CONCAT('k', seq MOD 3), seq FROM seq_1_to_12000;`,
      );
      const task = parseAnyTaskSpec({
        name: uniqueName('k-paged'),
        source: {
          kind: 'mysql',
          host: servers.obStandIn.host,
          port: servers.obStandIn.port,
          user: servers.obStandIn.user,
          password: servers.obStandIn.password,
        },
        target: {
          kind: 'kafka',
          brokers: kafka.brokers,
          format: 'json',
          topic: 'paged.{database}',
        },
        objects: [{ database: pagedDb, tables: ['*'] }],
        steps: ['full'],
        options: { chunkRows: 5000 },
      });
      await new TaskRunner(store, task).run();
      const got = await consume([`paged.${pagedDb}`], 12_000);
      expect(got).toHaveLength(12_000);
      expect(new Set(got.map((m) => m.id)).size).toBe(12_000);
      expect(new Set(got.map((m) => m.key)).size).toBe(12_000);
      expect(got[0]?.id).toMatch(/^copy:/);
    } finally {
      store.close();
      await ob.query(`DROP DATABASE IF EXISTS \`${pagedDb}\``);
      await ob.end();
    }
  });
});
