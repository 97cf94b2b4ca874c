import { mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SASLOptions } from 'kafkajs';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startKafkaMock, type KafkaMock } from '../../scripts/kafka-mock.js';
import { KafkaSink } from '../../src/engine/sinks/kafka/KafkaSink.js';
import { consume } from '../support/kafka.js';
import { makeTestCertificates, startKafkaGate, type Gate } from '../support/kafkaGate.js';
import { endpoint, cutover } from '../support/cutover.js';
import { admin, uniqueName } from '../support/sql.js';

const servers = inject('servers');
const username = 'cutover';
const password = 's3cret,=x';

describe('Kafka with SASL and TLS, through an authenticating front to the test broker', () => {
  let mock: KafkaMock;
  let certs: Awaited<ReturnType<typeof makeTestCertificates>>;
  const gates: Gate[] = [];
  let src: Connection;
  const db = uniqueName('ksecure');

  beforeAll(async () => {
    [mock, certs, src] = await Promise.all([
      startKafkaMock({ brokers: 2 }),
      makeTestCertificates(),
      admin(servers.source),
    ]);
    await src.query(
      `CREATE DATABASE \`${db}\`; USE \`${db}\`;
       CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20));
       INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three');`,
    );
  });

  afterAll(async () => {
    await Promise.all(gates.map((g) => g.stop()));
    await mock?.stop();
    if (certs) await rm(certs.dir, { recursive: true, force: true });
    await src?.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await src?.end();
  });

  async function gate(opts: Omit<Parameters<typeof startKafkaGate>[0], 'upstream'>): Promise<Gate> {
    const g = await startKafkaGate({ upstream: mock.bootstrap, ...opts });
    gates.push(g);
    return g;
  }

  it.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)(
    'sends with SASL %s over TLS and is refused with a wrong password',
    async (mechanism) => {
      const sasl = { mechanism, username, password };
      const g = await gate({ sasl, tls: { cert: certs.cert, key: certs.key } });
      const topic = uniqueName('secure');
      const sink = await KafkaSink.open({
        brokers: g.bootstrap,
        clientId: 'cutover-test',
        compression: 'none',
        sasl,
        tls: { ca: certs.caPath },
      });
      try {
        await sink.send(
          ['a', 'b', 'c'].map((v) => ({ topic, key: v, value: v, headers: { 'cutover.id': v } })),
        );
      } finally {
        await sink.close();
      }
      const got = await consume(g.bootstrap, [topic], 3, 20_000, {
        // A copy: kafkajs keeps state in the object it is given.
        sasl: { ...sasl } as SASLOptions,
        ssl: { ca: [certs.ca] },
      });
      expect(got.map((m) => m.value).sort()).toEqual(['a', 'b', 'c']);

      await expect(
        KafkaSink.open({
          brokers: g.bootstrap,
          clientId: 'cutover-test',
          compression: 'none',
          sasl: { ...sasl, password: 'wrong' },
          tls: { ca: certs.caPath },
        }),
      ).rejects.toMatchObject({
        code: 'KAFKA_FAILED',
        message: expect.stringMatching(/SASL_AUTHENTICATION_FAILED/) as unknown,
      });
      expect(g.refused).toBe(1);
    },
  );

  it('refuses a broker whose certificate it cannot trust, unless told not to check', async () => {
    const g = await gate({ tls: { cert: certs.cert, key: certs.key } });
    const open = (tls: { ca?: string; verify?: boolean }) =>
      KafkaSink.open({ brokers: g.bootstrap, clientId: 'cutover-test', compression: 'none', tls });
    await expect(open({})).rejects.toThrow(/self.signed|unable to (get|verify)/i);
    const sink = await open({ verify: false });
    await sink.close();
  });

  it('runs a task (precheck, copy, changes) with SCRAM-SHA-512 over TLS, the password from the environment', async () => {
    const sasl = { mechanism: 'scram-sha-512' as const, username, password };
    const g = await gate({ sasl, tls: { cert: certs.cert, key: certs.key } });
    const dir = mkdtempSync(join(tmpdir(), 'cutover-ksecure-'));
    const file = join(dir, 'task.json');
    const topic = uniqueName('securetask');
    writeFileSync(
      file,
      JSON.stringify({
        name: uniqueName('ksecure'),
        source: endpoint('mysql', servers.source),
        target: {
          kind: 'kafka',
          brokers: g.bootstrap,
          format: 'json',
          topic,
          sasl: { mechanism: 'scram-sha-512', username, passwordEnv: 'KAFKA_PASSWORD' },
          tls: { ca: certs.caPath },
        },
        objects: [{ database: db, tables: ['t'] }],
      }),
    );
    const state = ['--state-dir', join(dir, 'state')];
    const first = await cutover(['run', file, '--until', 'caught-up', ...state], {
      env: { KAFKA_PASSWORD: password },
    });
    expect(first.stdout + first.stderr).not.toMatch(/error/i);
    expect(first.code).toBe(0);
    await src.query(`UPDATE \`${db}\`.t SET v = 'TWO' WHERE id = 2`);
    const second = await cutover(['run', file, '--until', 'caught-up', ...state], {
      env: { KAFKA_PASSWORD: password },
    });
    expect(second.code).toBe(0);
    const got = await consume(g.bootstrap, [topic], 4, 20_000, {
      sasl: { ...sasl },
      ssl: { ca: [certs.ca] },
    });
    expect(
      got
        .map((m) => JSON.parse(m.value) as { op: string })
        .map((v) => v.op)
        .sort(),
    ).toEqual(['read', 'read', 'read', 'update'].sort());
    expect(g.refused).toBe(0);

    const wrong = await cutover(['run', file, '--until', 'caught-up', ...state], {
      env: { KAFKA_PASSWORD: 'wrong' },
    });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout + wrong.stderr).toMatch(/SASL|authentication/i);
  });
});
