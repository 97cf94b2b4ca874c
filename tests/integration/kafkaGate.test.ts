import { rm } from 'node:fs/promises';
import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafkaMock, type KafkaMock } from '../../scripts/kafka-mock.js';
import { consume } from '../support/kafka.js';
import { makeTestCertificates, startKafkaGate } from '../support/kafkaGate.js';
import { uniqueName } from '../support/sql.js';

type Client = Omit<KafkaConfig, 'brokers'>;
/** Credentials both kafkajs and the gate take. */
type Credentials = Extract<SASLOptions, { username: string }>;

// '=' and ',' in the name are escaped in SCRAM messages.
const username = 'cut=over,ops';
const password = 'p@ss,w=rd';
/** Fail fast: these tests expect refusals, which kafkajs would otherwise retry for seconds. */
const quick: Client = { retry: { retries: 0 }, connectionTimeout: 2_000 };

let mock: KafkaMock;
let certs: Awaited<ReturnType<typeof makeTestCertificates>>;

beforeAll(async () => {
  // A cluster of its own: the gate fronts each of its brokers with a listener.
  [mock, certs] = await Promise.all([startKafkaMock({ brokers: 3 }), makeTestCertificates()]);
});

afterAll(async () => {
  await mock?.stop();
  if (certs) await rm(certs.dir, { recursive: true, force: true });
});

/** Produces a few messages through `brokers` and reads them back through the same brokers. */
async function roundTrip(brokers: string[], client: Client): Promise<void> {
  const topic = uniqueName('gated');
  const producer = new Kafka({ brokers, logLevel: logLevel.NOTHING, ...client }).producer();
  await producer.connect();
  try {
    await producer.send({
      topic,
      messages: ['a', 'b', 'c'].map((v) => ({ key: v, value: v, headers: { 'cutover.id': v } })),
    });
  } finally {
    await producer.disconnect();
  }
  const got = await consume(brokers, [topic], 3, 20_000, client);
  expect(got.map((m) => m.value).sort()).toEqual(['a', 'b', 'c']);
}

/** Sends a message through `brokers`, expecting kafkajs to fail with `error`. */
async function expectRefused(brokers: string[], client: Client, error: object): Promise<void> {
  const kafka = new Kafka({ brokers, logLevel: logLevel.NOTHING, ...quick, ...client });
  const producer = kafka.producer();
  try {
    const send = async (): Promise<void> => {
      await producer.connect();
      await producer.send({ topic: uniqueName('refused'), messages: [{ value: 'x' }] });
    };
    await expect(send()).rejects.toMatchObject(error);
  } finally {
    await producer.disconnect();
  }
}

const saslFailure = { name: 'KafkaJSSASLAuthenticationError' };
/** A closed connection, which kafkajs retries: with no retries left, it gives up at once. */
const connectionClosed = {
  name: 'KafkaJSNumberOfRetriesExceeded',
  cause: { name: 'KafkaJSConnectionClosedError' },
};

describe.concurrent('the Kafka gate in front of the mock cluster', () => {
  it.for<Credentials>([
    { mechanism: 'plain', username, password },
    { mechanism: 'scram-sha-256', username, password },
    { mechanism: 'scram-sha-512', username, password },
  ])(
    'lets a kafkajs client in with SASL $mechanism, and refuses a wrong password',
    async (sasl) => {
      const gate = await startKafkaGate({ upstream: mock.bootstrap, sasl });
      try {
        // A copy: kafkajs keeps its authenticator, bound to the password, on the object it gets.
        await roundTrip(gate.bootstrap, { sasl: { ...sasl } });
        expect(gate.refused).toBe(0);
        await expectRefused(gate.bootstrap, { sasl: { ...sasl, password: 'wrong' } }, saslFailure);
        expect(gate.refused).toBe(1);
      } finally {
        await gate.stop();
      }
    },
  );

  it('refuses clients without credentials or with another mechanism', async () => {
    const gate = await startKafkaGate({
      upstream: mock.bootstrap,
      sasl: { mechanism: 'scram-sha-256', username, password },
    });
    try {
      await expectRefused(
        gate.bootstrap,
        { sasl: { mechanism: 'plain', username, password } },
        { name: 'KafkaJSProtocolError', type: 'UNSUPPORTED_SASL_MECHANISM' },
      );
      // ApiVersions goes through, but any request after it closes an unauthenticated connection.
      await expectRefused(gate.bootstrap, {}, connectionClosed);
    } finally {
      await gate.stop();
    }
  });

  it('serves TLS with SCRAM-SHA-512, and no plaintext client', async () => {
    const sasl = { mechanism: 'scram-sha-512', username, password } as const;
    const gate = await startKafkaGate({
      upstream: mock.bootstrap,
      sasl,
      tls: { cert: certs.cert, key: certs.key },
    });
    try {
      // The mock broker speaks plaintext only, so this also shows that the client never went
      // around the gate to the brokers that Metadata would otherwise advertise.
      await roundTrip(gate.bootstrap, { sasl, ssl: { ca: [certs.ca] } });
      await expectRefused(gate.bootstrap, { sasl }, connectionClosed);
    } finally {
      await gate.stop();
    }
  });
});
