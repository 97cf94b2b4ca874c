import { performance } from 'node:perf_hooks';
import type { KafkaTest } from '../../shared/api.js';
import type { KafkaTargetSpec } from '../../shared/task.js';
import { isCutoverError, toErrorInfo } from '../errors.js';
import { kafkaFailed, tlsOptions } from '../sinks/kafka/KafkaSink.js';
import { kafkaTargetConnectOptions } from '../sinks/kafka/KafkaTarget.js';
import { KafkaProducer } from '../sinks/kafka/wire/Producer.js';

/** The task's sink waits as long for a broker when the target sets no connectTimeoutMs. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Connects to a Kafka target's brokers with the producer a task uses (same SASL and TLS), so
 * passing means the task's producer can connect too, and lists the brokers the cluster reports.
 * Only the first bootstrap broker that answers is contacted; nothing is sent.
 */
export async function testKafkaTarget(target: KafkaTargetSpec): Promise<KafkaTest> {
  const started = performance.now();
  let producer: KafkaProducer | null = null;
  try {
    const opts = kafkaTargetConnectOptions(target, 'cutover-test');
    producer = new KafkaProducer({
      brokers: opts.brokers,
      clientId: opts.clientId,
      connectTimeoutMs: opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
      compression: 'none',
      ...(opts.sasl ? { sasl: opts.sasl } : {}),
      ...(opts.tls ? { tls: tlsOptions(opts.tls) } : {}),
    });
    await producer.connect();
    const ms = Math.round(performance.now() - started);
    return { ok: true, brokers: producer.brokerAddresses, ms };
  } catch (e) {
    // A missing password variable already names its fix; the rest is the brokers' answer.
    const error = isCutoverError(e) ? e : kafkaFailed(e, target.brokers, 'test');
    return { ok: false, error: toErrorInfo(error) };
  } finally {
    producer?.close();
  }
}
