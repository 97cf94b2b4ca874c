import { Kafka, logLevel } from 'kafkajs';
import { uniqueName } from './sql.js';

export interface Received {
  topic: string;
  partition: number;
  key: string | null;
  value: string;
  /** The `cutover.id` header. */
  id: string;
}

/** Reads `topics` from the beginning, in a consumer group of its own, until `count` arrived. */
export async function consume(
  brokers: string[],
  topics: string[],
  count: number,
  timeoutMs = 30_000,
): Promise<Received[]> {
  const client = new Kafka({ brokers, logLevel: logLevel.NOTHING });
  const consumer = client.consumer({ groupId: uniqueName('reader') });
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
