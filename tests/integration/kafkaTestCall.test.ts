import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/api/EngineApi.js';
import { Store } from '../../src/engine/store/Store.js';
import { makeTestCertificates, startKafkaGate, type Gate } from '../support/kafkaGate.js';

const kafka = inject('kafka');

describe("kafka:test (the wizard's Test button for a Kafka target)", () => {
  let store: Store;
  let engine: Engine;
  const test = (target: Record<string, unknown>) =>
    engine.handlers['kafka:test']({ kind: 'kafka', format: 'json', ...target });

  beforeAll(() => {
    store = Store.open(mkdtempSync(join(tmpdir(), 'cutover-ktest-')));
    engine = createEngine(store, { host: 'browser' });
  });

  afterAll(async () => {
    await engine?.shutdown();
    store?.close();
  });

  it('lists every broker of the cluster when one answers', async () => {
    // One bootstrap address is enough: the cluster reports the others.
    const result = await test({ brokers: kafka.brokers.slice(0, 1) });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.brokers).toHaveLength(3);
    expect([...result.brokers].sort()).toEqual([...kafka.brokers].sort());
    expect(result.ms).toBeGreaterThanOrEqual(0);
    expect(result.ms).toBeLessThan(10_000);
  });

  it('names an unreachable broker and what to check, with no task to resume', async () => {
    const result = await test({ brokers: ['127.0.0.1:1'], connectTimeoutMs: 500 });
    if (result.ok) throw new Error('a broker on port 1 answered');
    expect(result.error.code).toBe('KAFKA_FAILED');
    expect(result.error.message).toContain('127.0.0.1:1');
    expect(result.error.message).toMatch(/no Kafka broker answered/);
    expect(result.error.fix).toMatch(/reachable from this machine/);
    expect(result.error.fix).not.toMatch(/resumes/);
  });

  it('refuses a target that is not valid, naming the field', async () => {
    await expect(test({ brokers: [] })).rejects.toMatchObject({
      code: 'TASK_FILE_INVALID',
      message: 'The Kafka target is not valid: brokers: give one or more brokers as host:port',
    });
    await expect(test({ brokers: ['kafka1'] })).rejects.toMatchObject({
      code: 'TASK_FILE_INVALID',
      message: expect.stringContaining('brokers[0]: write a broker as host:port') as unknown,
    });
  });

  it('says which environment variable a SASL password should come from', async () => {
    const result = await test({
      brokers: kafka.brokers,
      sasl: { mechanism: 'plain', username: 'u', passwordEnv: 'CUTOVER_TEST_UNSET_PASSWORD' },
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'PASSWORD_ENV_MISSING',
        message: expect.stringContaining('CUTOVER_TEST_UNSET_PASSWORD') as unknown,
      },
    });
  });

  describe('with SASL over TLS', () => {
    const sasl = { mechanism: 'scram-sha-512', username: 'cutover', password: 's3cret,=x' };
    let certs: Awaited<ReturnType<typeof makeTestCertificates>>;
    let gate: Gate;

    beforeAll(async () => {
      certs = await makeTestCertificates();
      gate = await startKafkaGate({
        upstream: kafka.brokers,
        sasl: { ...sasl, mechanism: 'scram-sha-512' },
        tls: { cert: certs.cert, key: certs.key },
      });
    });

    afterAll(async () => {
      await gate?.stop();
      if (certs) await rm(certs.dir, { recursive: true, force: true });
    });

    it('uses the password the wizard sends, and reports one the brokers refuse', async () => {
      const target = (password: string) => ({
        brokers: gate.bootstrap,
        sasl: { ...sasl, password },
        tls: { ca: certs.caPath },
      });
      const passed = await test(target(sasl.password));
      if (!passed.ok) throw new Error(passed.error.message);
      expect([...passed.brokers].sort()).toEqual([...gate.bootstrap].sort());

      const refused = await test(target('wrong'));
      expect(refused).toMatchObject({
        ok: false,
        error: {
          code: 'KAFKA_FAILED',
          message: expect.stringMatching(/SASL_AUTHENTICATION_FAILED/) as unknown,
        },
      });
    });
  });
});
