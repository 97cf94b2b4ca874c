import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { uniqueName } from './sql.js';

export interface Received {
  topic: string;
  partition: number;
  key: string | null;
  value: string;
  /** The `cutover.id` header. */
  id: string;
}

/**
 * Reads `topics` from the beginning, in a consumer group of its own, until `count` arrived.
 * `options` adds kafkajs client options (such as `sasl` or `ssl`).
 */
export async function consume(
  brokers: string[],
  topics: string[],
  count: number,
  timeoutMs = 30_000,
  options: Omit<KafkaConfig, 'brokers'> = {},
): Promise<Received[]> {
  const client = new Kafka({ brokers, logLevel: logLevel.NOTHING, ...options });
  // A short fetch wait: disconnecting waits out the fetch in flight (5 s by default).
  const consumer = client.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 200 });
  const got: Received[] = [];
  await consumer.connect();
  try {
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${got.length} of ${count} messages arrived`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          got.push({
            topic,
            partition,
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? '',
            id: message.headers?.['cutover.id']?.toString() ?? '',
          });
          if (got.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return got;
}
