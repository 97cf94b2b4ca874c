import { Buffer } from 'node:buffer';
import { Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafkaMock, type KafkaMock } from '../../scripts/kafka-mock.js';
import { KafkaSink } from '../../src/engine/sinks/kafka/KafkaSink.js';
import { KafkaProducer, type ProducerMessage } from '../../src/engine/sinks/kafka/wire/Producer.js';
import { consume } from '../support/kafka.js';
import { uniqueName } from '../support/sql.js';

// A cluster of its own: these tests make its brokers fail.
let mock: KafkaMock;
beforeAll(async () => {
  mock = await startKafkaMock({ brokers: 3 });
});
afterAll(async () => {
  await mock?.stop();
});

const PRODUCE = 0;

function messages(topic: string, keys: number, perKey: number): ProducerMessage[] {
  const out: ProducerMessage[] = [];
  for (let seq = 1; seq <= perKey; seq++) {
    for (let k = 0; k < keys; k++) {
      out.push({
        topic,
        key: Buffer.from(JSON.stringify({ id: k })),
        value: JSON.stringify({ id: k, seq, text: 'é'.repeat(k % 7) }),
        headers: { 'cutover.id': `${k}:${seq}` },
      });
    }
  }
  return out;
}

function producer(extra: Partial<ConstructorParameters<typeof KafkaProducer>[0]> = {}) {
  return new KafkaProducer({
    brokers: mock.bootstrap,
    clientId: 'cutover-test',
    connectTimeoutMs: 5_000,
    compression: 'none',
    ...extra,
  });
}

/** Every key's sequence numbers as the consumer saw them, in order. */
function sequences(got: { key: string | null; value: string }[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const m of got) {
    const seq = (JSON.parse(m.value) as { seq: number }).seq;
    out.set(m.key ?? '', [...(out.get(m.key ?? '') ?? []), seq]);
  }
  return out;
}

describe("Cutover's Kafka producer against a Kafka wire-protocol broker", () => {
  it('sends gzip batches split per partition, in order per key, where the Java client puts each key', async () => {
    const topic = uniqueName('split');
    const p = producer({ compression: 'gzip', partitionBatchBytes: 2_000 });
    await p.connect();
    const sent = messages(topic, 40, 25);
    try {
      await p.send(sent);
    } finally {
      p.close();
    }
    const got = await consume(mock.bootstrap, [topic], sent.length);
    expect(got).toHaveLength(sent.length);
    for (const seqs of sequences(got).values()) {
      expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    }
    const java = Partitioners.DefaultPartitioner();
    const partitionMetadata = Array.from({ length: 4 }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
      offlineReplicas: [],
    }));
    for (const m of got) {
      expect(m.partition).toBe(
        java({ topic, partitionMetadata, message: { key: Buffer.from(m.key ?? ''), value: null } }),
      );
      expect(m.value).toBe(sent.find((s) => s.headers['cutover.id'] === m.id)?.value);
    }
  });

  it('tries again when a broker answers with an error that can pass, and loses nothing', async () => {
    const topic = uniqueName('retry');
    const retries: string[] = [];
    const p = producer({ onRetry: (m) => retries.push(m) });
    await p.connect();
    try {
      await p.send(messages(topic, 5, 1));
      // NOT_LEADER_OR_FOLLOWER twice, then NOT_ENOUGH_REPLICAS: each request of those fails whole.
      await mock.command(`errors ${PRODUCE} 6 2`);
      await mock.command(`errors ${PRODUCE} 19 1`);
      await p.send(messages(topic, 5, 2).slice(5));
    } finally {
      p.close();
    }
    // A round goes to every leader at once, so one retry may take several of the errors.
    expect(retries.length).toBeGreaterThanOrEqual(1);
    for (const r of retries) expect(r).toMatch(/NOT_LEADER_OR_FOLLOWER|NOT_ENOUGH_REPLICAS/);
    const got = await consume(mock.bootstrap, [topic], 10);
    for (const seqs of sequences(got).values()) expect(seqs).toEqual([1, 2]);
  });

  it('follows a partition to its new leader', async () => {
    const topic = uniqueName('moved');
    const p = producer();
    await p.connect();
    try {
      await p.send(messages(topic, 20, 1));
      // Broker 1 leads some partitions: they move to the others, then it stops answering.
      for (let partition = 0; partition < 4; partition++) {
        await mock.command(`leader ${topic} ${partition} ${(partition % 2) + 2}`);
      }
      await mock.command(`down 1`);
      await p.send(messages(topic, 20, 2).slice(20));
    } finally {
      await mock.command(`up 1`);
      p.close();
    }
    const got = await consume(mock.bootstrap, [topic], 40);
    for (const seqs of sequences(got).values()) expect(seqs).toEqual([1, 2]);
  });

  it('stops on an error that cannot pass, with the fix in the message', async () => {
    const topic = uniqueName('large');
    const sink = await KafkaSink.open({
      brokers: mock.bootstrap,
      clientId: 'cutover-test',
      compression: 'none',
    });
    try {
      await sink.send([{ topic, key: null, value: '{}', headers: {} }]);
      await mock.command(`errors ${PRODUCE} 10 1`);
      const failed = sink.send([{ topic, key: null, value: '{"big":true}', headers: {} }]);
      await expect(failed).rejects.toMatchObject({
        code: 'KAFKA_FAILED',
        message: expect.stringMatching(/refused a message as too large/) as unknown,
        fix: expect.stringMatching(/max\.message\.bytes/) as unknown,
      });
      // Everything queued after it fails too: nothing may be checkpointed past the gap.
      await expect(sink.send([{ topic, key: null, value: '{}', headers: {} }])).rejects.toThrow();
    } finally {
      await sink.close();
    }
  });

  it('names the brokers it could not reach', async () => {
    const p = new KafkaProducer({
      brokers: ['127.0.0.1:1'],
      clientId: 'cutover-test',
      connectTimeoutMs: 2_000,
      compression: 'none',
    });
    await expect(p.connect()).rejects.toThrow(
      /no Kafka broker answered.*127\.0\.0\.1:1.*ECONNREFUSED/,
    );
  });
});
