import { describe, expect, inject, it } from 'vitest';
import { KafkaSink, type OutgoingMessage } from '../../src/engine/sinks/kafka/KafkaSink.js';
import { consume as consumeFrom, type Received } from '../support/kafka.js';
import { uniqueName } from '../support/sql.js';

const kafka = inject('kafka');
const consume = (topics: string | string[], count: number) =>
  consumeFrom(kafka.brokers, typeof topics === 'string' ? [topics] : topics, count);

describe('KafkaSink against a Kafka wire-protocol broker', () => {
  it('keeps every key’s messages in order while many callers send at once', async () => {
    const topic = uniqueName('orders');
    const sink = await KafkaSink.open({
      brokers: kafka.brokers,
      clientId: 'cutover-test',
      compression: 'gzip',
      batchBytes: 64 * 1024,
    });
    const callers = 8;
    const keysPerCaller = 25;
    const changesPerKey = 40;
    try {
      // Each caller owns its keys and sends their changes in order, in small batches that
      // interleave with every other caller's.
      await Promise.all(
        Array.from({ length: callers }, async (_, c) => {
          for (let seq = 1; seq <= changesPerKey; seq++) {
            const batch: OutgoingMessage[] = Array.from({ length: keysPerCaller }, (_, k) => ({
              topic,
              key: JSON.stringify({ id: c * 1000 + k }),
              value: JSON.stringify({ id: c * 1000 + k, seq }),
              headers: { 'cutover.id': `${c}:${k}:${seq}` },
            }));
            await sink.send(batch);
          }
        }),
      );
    } finally {
      await sink.close();
    }
    const total = callers * keysPerCaller * changesPerKey;
    const got = await consume(topic, total);
    expect(got).toHaveLength(total);
    expect(new Set(got.map((m) => m.id)).size).toBe(total);
    const byKey = new Map<string, Received[]>();
    for (const m of got) byKey.set(m.key ?? '', [...(byKey.get(m.key ?? '') ?? []), m]);
    expect(byKey.size).toBe(callers * keysPerCaller);
    for (const [key, list] of byKey) {
      // One partition per key, and every change in the order it was sent.
      expect(new Set(list.map((m) => m.partition)).size, key).toBe(1);
      const seqs = list.map((m) => (JSON.parse(m.value) as { seq: number }).seq);
      expect(seqs, key).toEqual(Array.from({ length: changesPerKey }, (_, i) => i + 1));
    }
    // The keys spread over the topic's partitions.
    expect(new Set(got.map((m) => m.partition)).size).toBeGreaterThan(1);
  });

  it('says which brokers it could not reach, and what to check', async () => {
    await expect(
      KafkaSink.open({
        brokers: ['127.0.0.1:1'],
        clientId: 'cutover-test',
        compression: 'none',
        connectTimeoutMs: 500,
      }),
    ).rejects.toMatchObject({
      code: 'KAFKA_FAILED',
      message: expect.stringContaining('Kafka (127.0.0.1:1) failed'),
      fix: expect.stringContaining('reachable'),
    });
  });
});
