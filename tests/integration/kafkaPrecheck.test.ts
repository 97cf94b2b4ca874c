import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { precheckAnyTask } from '../../src/engine/precheck/KafkaPrecheck.js';
import { parseAnyTaskSpec } from '../../src/engine/task/TaskFile.js';
import { endpoint } from '../support/cutover.js';
import { admin, uniqueName } from '../support/sql.js';

const servers = inject('servers');
const kafka = inject('kafka');

describe('precheck of a Kafka task', () => {
  const db = uniqueName('kcheck');
  let src: Connection;

  beforeAll(async () => {
    src = await admin(servers.source);
    await src.query(
      `CREATE DATABASE \`${db}\`; USE \`${db}\`;
       CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(20));
       CREATE TABLE docs (id INT PRIMARY KEY, body LONGBLOB);
       INSERT INTO docs VALUES (1, REPEAT('x', 600000));`,
    );
  });

  afterAll(async () => {
    await src?.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await src?.end();
  });

  const task = (brokers: string[], objects = [{ database: db, tables: ['*'] }]) =>
    parseAnyTaskSpec({
      name: uniqueName('kcheck'),
      source: endpoint('mysql', servers.source),
      target: { kind: 'kafka', brokers, format: 'debezium', connectTimeoutMs: 1000 },
      objects,
    });

  it('checks the source and the brokers, and finds a row too large for one message', async () => {
    const results = await precheckAnyTask(task(kafka.brokers));
    const byId = new Map(results.map((r) => [r.id, r]));
    expect(byId.get('source.binlog.enabled')?.status).toBe('pass');
    expect(byId.get('source.privileges')?.status).toBe('pass');
    expect(byId.get('kafka.brokers')).toMatchObject({
      status: 'pass',
      detail: expect.stringMatching(/^3 broker\(s\) answered/),
    });
    // The test brokers create topics on first use but do not say so: the precheck warns.
    expect(byId.get('kafka.topics')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining(`${db}.orders`),
    });
    // 600 KB of stored bytes: twice over, base64 and all, more than the 1 MB default.
    expect(byId.get('kafka.message_size')).toMatchObject({
      status: 'fail',
      objects: [`${db}.docs`],
    });
    const small = await precheckAnyTask(
      task(kafka.brokers, [{ database: db, tables: ['orders'] }]),
    );
    expect(small.find((r) => r.id === 'kafka.message_size')?.status).toBe('pass');
  });

  it('reports brokers it cannot reach, with the fix, beside the source checks', async () => {
    const results = await precheckAnyTask(task(['127.0.0.1:1']));
    expect(results.find((r) => r.id === 'source.binlog.enabled')?.status).toBe('pass');
    expect(results.find((r) => r.id === 'kafka.brokers')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('127.0.0.1:1'),
      fix: expect.stringContaining('reachable'),
    });
  });
});
