import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { Fifo } from '../../cdc/Fifo.js';
import { CutoverError } from '../../errors.js';
import type { KafkaMessage } from './KafkaEvent.js';
import { KafkaProducer } from './wire/Producer.js';

export interface KafkaSaslSpec {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string;
}

export interface KafkaTlsSpec {
  /** Paths to PEM files. */
  ca?: string;
  cert?: string;
  key?: string;
  /** Check the brokers' certificates against `ca` (or the system's CAs); default true. */
  verify?: boolean;
}

/** How to reach the brokers, for the producer and for the precheck's admin client. */
export interface KafkaConnectOptions {
  brokers: string[];
  clientId: string;
  sasl?: KafkaSaslSpec;
  tls?: KafkaTlsSpec;
  connectTimeoutMs?: number;
}

export interface KafkaSinkOptions extends KafkaConnectOptions {
  compression: 'none' | 'gzip';
  /** The most bytes of message values sent in one produce request. */
  batchBytes?: number;
  onLog?(level: 'warn' | 'error', message: string): void;
}

export interface OutgoingMessage extends KafkaMessage {
  topic: string;
}

const DEFAULT_BATCH_BYTES = 4 * 1024 * 1024;

interface Pending {
  messages: OutgoingMessage[];
  bytes: number;
  resolve(): void;
  reject(e: unknown): void;
}

/** Node's TLS options for a target's `tls` settings, its PEM files read. */
export function tlsOptions(tls: KafkaTlsSpec): ConnectionOptions {
  const read = (path: string | undefined) => (path ? readFileSync(path) : undefined);
  const ca = read(tls.ca);
  const cert = read(tls.cert);
  const key = read(tls.key);
  return {
    rejectUnauthorized: tls.verify ?? true,
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
  };
}

/** A kafkajs client for the brokers (the precheck's admin), its warnings and errors passed to `onLog`. */
export function kafkaClient(
  opts: KafkaConnectOptions,
  onLog?: (level: 'warn' | 'error', message: string) => void,
): Kafka {
  return new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    connectionTimeout: opts.connectTimeoutMs ?? 10_000,
    ...(opts.sasl ? { sasl: opts.sasl as SASLOptions } : {}),
    ...(opts.tls ? { ssl: tlsOptions(opts.tls) } : {}),
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => {
      const level = entry.level === logLevel.ERROR ? 'error' : 'warn';
      if (entry.level <= logLevel.WARN) onLog?.(level, `Kafka: ${entry.log.message}`);
    },
    retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 5_000 },
  });
}

/**
 * A Kafka failure as a person reads it: what failed at which brokers, and what to check. A
 * `test` of the brokers (the wizard's) has no task to resume, so its fix does not promise one.
 */
export function kafkaFailed(
  e: unknown,
  brokers: string[],
  during: 'task' | 'test' = 'task',
): CutoverError {
  const message = e instanceof Error ? e.message : String(e);
  const type = (e as { type?: string }).type;
  if (type === 'MESSAGE_TOO_LARGE') {
    return new CutoverError(
      'KAFKA_FAILED',
      `The Kafka broker refused a message as too large: ${message}`,
      "Raise the topic's max.message.bytes (and the broker's message.max.bytes), or leave the largest columns out of the task.",
      { cause: e },
    );
  }
  return new CutoverError(
    'KAFKA_FAILED',
    `Kafka (${brokers.join(', ')}) failed: ${message}`,
    `Check that the brokers are reachable from this machine and that the SASL/TLS settings are right${during === 'task' ? '; the task resumes from its last acknowledged position' : ''}.`,
    { cause: e },
  );
}

/**
 * Produces messages to Kafka, acknowledged by all in-sync replicas before `send` resolves.
 * Sends from every caller go through one queue, one produce request at a time, so the messages
 * of each key stay in the order they were given whatever the concurrency of the callers; a
 * request takes everything waiting, up to `batchBytes`.
 */
export class KafkaSink {
  private readonly queue = new Fifo<Pending>();
  private sending = false;
  private closed = false;
  /** Once a send failed, every later one fails with it: it would land after a gap. */
  private failure: CutoverError | null = null;

  private constructor(
    private readonly producer: KafkaProducer,
    private readonly opts: KafkaSinkOptions,
  ) {}

  static async open(opts: KafkaSinkOptions): Promise<KafkaSink> {
    // Partitions by the Java client's murmur2 of the key, so other producers of these topics
    // put a key where Cutover does.
    const producer = new KafkaProducer({
      brokers: opts.brokers,
      clientId: opts.clientId,
      connectTimeoutMs: opts.connectTimeoutMs ?? 10_000,
      compression: opts.compression,
      ...(opts.sasl ? { sasl: opts.sasl } : {}),
      ...(opts.tls ? { tls: tlsOptions(opts.tls) } : {}),
      onRetry: (message) => opts.onLog?.('warn', `Kafka: ${message}`),
    });
    try {
      await producer.connect();
    } catch (e) {
      producer.close();
      throw kafkaFailed(e, opts.brokers);
    }
    return new KafkaSink(producer, opts);
  }

  /** Resolves once every message is acknowledged by all in-sync replicas of its partition. */
  send(messages: OutgoingMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('KafkaSink used after close()'));
    if (this.failure) return Promise.reject(this.failure);
    if (messages.length === 0) return Promise.resolve();
    const bytes = messages.reduce((n, m) => n + m.value.length + (m.key?.length ?? 0), 0);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ messages, bytes, resolve, reject });
      if (!this.sending) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.sending = true;
    const limit = this.opts.batchBytes ?? DEFAULT_BATCH_BYTES;
    while (this.queue.length > 0) {
      const batch: Pending[] = [];
      let bytes = 0;
      while (
        this.queue.length > 0 &&
        (batch.length === 0 || bytes + (this.queue.peek()?.bytes ?? 0) <= limit)
      ) {
        const next = this.queue.shift() as Pending;
        batch.push(next);
        bytes += next.bytes;
      }
      try {
        await this.produce(batch.flatMap((p) => p.messages));
        for (const p of batch) p.resolve();
      } catch (e) {
        const failure = kafkaFailed(e, this.opts.brokers);
        this.failure = failure;
        // Later sends would land after a gap: fail them too, so nothing is checkpointed past it.
        for (const p of [...batch, ...this.queue.drain()]) p.reject(failure);
      }
    }
    this.sending = false;
  }

  private async produce(messages: OutgoingMessage[]): Promise<void> {
    await this.producer.send(
      messages.map((m) => ({
        topic: m.topic,
        key: m.key === null ? null : Buffer.from(m.key),
        value: m.value,
        headers: m.headers,
      })),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    this.producer.close();
  }
}
