import { Buffer } from 'node:buffer';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { API, KafkaConnection } from './Connection.js';
import { brokerError, connectionError, KafkaProtocolError } from './Errors.js';
import { partitionOfKey } from './Partitioner.js';
import {
  CODEC,
  recordsBytes,
  writeRecordBatch,
  writeRecords,
  type ProducerRecord,
} from './RecordBatch.js';
import type { SaslMechanism } from './Sasl.js';
import type { Reader } from './Wire.js';

const gzip = promisify(gzipCallback);

export interface ProducerOptions {
  brokers: string[];
  clientId: string;
  tls?: TlsOptions;
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  connectTimeoutMs: number;
  compression: 'none' | 'gzip';
  /**
   * The most bytes of one partition's record batch in one request. Brokers refuse a batch over
   * message.max.bytes (1 MiB by default) whole, so a larger share waits for the next request.
   */
  partitionBatchBytes?: number;
  /** Tries of a request that failed in a way that can pass (a leader moving, a broker restarting). */
  retries?: number;
  onRetry?(message: string): void;
}

export interface ProducerMessage extends ProducerRecord {
  topic: string;
}

interface Broker {
  host: string;
  port: number;
}

interface Partition {
  leader: number;
}

interface PartitionQueue {
  topic: string;
  partition: number;
  list: ProducerMessage[];
  /** The first message not yet in a batch. */
  next: number;
}

interface Batch {
  queue: PartitionQueue;
  records: ProducerMessage[];
  /** The broker's error code when it refused the batch. */
  error: number | null;
}

/** Bytes of a record besides its key and value (lengths, header, offsets), counted generously. */
const RECORD_OVERHEAD = 96;

/** Acknowledged by all in-sync replicas, waited for up to this long by the broker. */
const ACK_TIMEOUT_MS = 30_000;
const DEFAULT_PARTITION_BATCH_BYTES = 900 * 1024;
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5_000;

function parseAddress(address: string): Broker {
  const colon = address.lastIndexOf(':');
  const host = colon > 0 ? address.slice(0, colon).replace(/^\[|\]$/g, '') : address;
  const port = colon > 0 ? Number(address.slice(colon + 1)) : 9092;
  return { host, port };
}

/**
 * A Kafka producer for Cutover's one pattern: a list of messages in order, sent with acks from
 * all in-sync replicas, resolved when every partition's share is acknowledged. Each partition's
 * messages go in order, one request at a time (the caller waits for each send), so a retry cannot
 * reorder them. Records are written straight into the request's buffer: about three times
 * cheaper per message than a general-purpose client's encoder, which profiles of the Kafka
 * stream showed doing most of its work.
 */
export class KafkaProducer {
  private readonly brokers = new Map<number, Broker>();
  private readonly topics = new Map<string, Partition[]>();
  private readonly connections = new Map<string, Promise<KafkaConnection>>();
  private readonly roundRobin = new Map<string, number>();

  constructor(private readonly opts: ProducerOptions) {}

  /** Connects to a bootstrap broker and reads the cluster's brokers. */
  async connect(): Promise<void> {
    await this.refreshMetadata([]);
  }

  /** `host:port` of every broker the cluster reported, by broker id; empty before `connect`. */
  get brokerAddresses(): string[] {
    return [...this.brokers.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, b]) => `${b.host}:${b.port}`);
  }

  async send(messages: ProducerMessage[]): Promise<void> {
    const retries = this.opts.retries ?? 8;
    let left = messages;
    for (let attempt = 0; left.length > 0; attempt++) {
      let error: KafkaProtocolError;
      try {
        const result = await this.sendOnce(left);
        if (result.failed.length === 0) return;
        left = result.failed;
        error = result.error;
      } catch (e) {
        if (!(e instanceof KafkaProtocolError) || !e.retriable) throw e;
        error = e;
      }
      if (attempt >= retries) throw error;
      const wait = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** attempt);
      this.opts.onRetry?.(`${error.message}; trying again in ${wait} ms`);
      await new Promise((resolve) => setTimeout(resolve, wait));
      await this.refreshMetadata([...new Set(left.map((m) => m.topic))]).catch(() => undefined);
    }
  }

  close(): void {
    for (const c of this.connections.values()) void c.then((x) => x.close()).catch(() => undefined);
    this.connections.clear();
  }

  /**
   * Sends each partition's messages, in rounds of at most one batch per partition. Resolves with
   * the messages of the partitions that failed in a way worth retrying, from the first one not
   * acknowledged: nothing of such a partition is sent after a failure, so a retry keeps the order.
   */
  private async sendOnce(
    messages: ProducerMessage[],
  ): Promise<{ failed: ProducerMessage[]; error: KafkaProtocolError }> {
    await this.ensureTopics(messages);
    const byPartition = new Map<string, PartitionQueue>();
    for (const m of messages) {
      const partition = this.partitionOf(m);
      const id = `${m.topic}\0${partition}`;
      let q = byPartition.get(id);
      if (!q) byPartition.set(id, (q = { topic: m.topic, partition, list: [], next: 0 }));
      q.list.push(m);
    }
    const queues = [...byPartition.values()];
    const failed: ProducerMessage[] = [];
    let error: KafkaProtocolError = connectionError('no partition failed');
    const stall = (b: Batch): void => {
      // Later messages of this partition must not go before these: off the rounds with them.
      failed.push(...b.records, ...b.queue.list.slice(b.queue.next));
      b.queue.next = b.queue.list.length;
    };
    for (;;) {
      const { round, leaderless } = this.round(queues);
      for (const b of leaderless) {
        error = brokerError(5, `${b.queue.topic}[${b.queue.partition}]`);
        stall(b);
      }
      if (round.size === 0) break;
      const results = await Promise.allSettled(
        [...round].map(([leader, batches]) => this.produce(leader, batches)),
      );
      [...round.values()].forEach((batches, i) => {
        const result = results[i] as PromiseSettledResult<Set<number>>;
        if (result.status === 'rejected') {
          const e: unknown = result.reason;
          if (!(e instanceof KafkaProtocolError) || !e.retriable) throw e;
          error = e;
        }
        for (const [j, b] of batches.entries()) {
          const ok = result.status === 'fulfilled' && !result.value.has(j);
          if (ok) continue;
          if (result.status === 'fulfilled')
            error = brokerError(b.error ?? 5, `${b.queue.topic}[${b.queue.partition}]`);
          stall(b);
        }
      });
    }
    return { failed, error };
  }

  /**
   * The next batch of every partition with messages left, grouped by the partition's leader, and
   * those of partitions that have no leader now.
   */
  private round(queues: PartitionQueue[]): { round: Map<number, Batch[]>; leaderless: Batch[] } {
    const limit = this.opts.partitionBatchBytes ?? DEFAULT_PARTITION_BATCH_BYTES;
    const round = new Map<number, Batch[]>();
    const leaderless: Batch[] = [];
    for (const q of queues) {
      if (q.next >= q.list.length) continue;
      const start = q.next;
      let bytes = 0;
      while (q.next < q.list.length) {
        const m = q.list[q.next] as ProducerMessage;
        bytes += Buffer.byteLength(m.value) + (m.key?.length ?? 0) + RECORD_OVERHEAD;
        if (q.next > start && bytes > limit) break;
        q.next += 1;
      }
      const batch: Batch = { queue: q, records: q.list.slice(start, q.next), error: null };
      const leader = this.topics.get(q.topic)?.[q.partition]?.leader ?? -1;
      if (leader < 0 || !this.brokers.has(leader)) {
        leaderless.push(batch);
        continue;
      }
      let batches = round.get(leader);
      if (!batches) round.set(leader, (batches = []));
      batches.push(batch);
    }
    return { round, leaderless };
  }

  /** Sends one request to a leader; resolves with the indexes of the batches it refused. */
  private async produce(leader: number, batches: Batch[]): Promise<Set<number>> {
    const connection = await this.connection(leader);
    const now = Date.now();
    const codec = CODEC[this.opts.compression];
    const compressed =
      codec === CODEC.gzip
        ? await Promise.all(batches.map((b) => gzip(recordsBytes(b.records))))
        : null;
    const byTopic = new Map<string, number[]>();
    batches.forEach((b, i) => {
      const list = byTopic.get(b.queue.topic);
      if (list) list.push(i);
      else byTopic.set(b.queue.topic, [i]);
    });
    let size = 0;
    for (const b of batches) for (const m of b.records) size += m.value.length + RECORD_OVERHEAD;
    const r = await connection.request(
      API.produce,
      connection.versions.produce,
      (w) => {
        w.nullableString(null).int16(-1).int32(ACK_TIMEOUT_MS);
        w.int32(byTopic.size);
        for (const [topic, indexes] of byTopic) {
          w.string(topic).int32(indexes.length);
          for (const i of indexes) {
            const b = batches[i] as (typeof batches)[number];
            w.int32(b.queue.partition);
            const sizeAt = w.pos;
            w.int32(0);
            const body = compressed?.[i] ?? ((x: typeof w) => writeRecords(x, b.records));
            writeRecordBatch(w, b.records.length, now, codec, body);
            w.int32At(sizeAt, w.pos - sizeAt - 4);
          }
        }
      },
      size,
    );
    return this.checkProduced(r, batches, connection.address);
  }

  /**
   * The partitions of a request succeed or fail on their own: resolves with the batches refused
   * in a way that can pass, and throws the first refusal that cannot.
   */
  private checkProduced(r: Reader, batches: Batch[], address: string): Set<number> {
    const refused = new Set<number>();
    r.array((t) => {
      const topic = t.string();
      t.array((p) => {
        const partition = p.int32();
        const code = p.int16();
        p.int64();
        p.int64();
        if (code === 0) return;
        const e = brokerError(code, `${address} producing to ${topic}[${partition}]`);
        if (!e.retriable) throw e;
        const i = batches.findIndex(
          (b) => b.queue.topic === topic && b.queue.partition === partition,
        );
        const batch = batches[i];
        if (!batch) return;
        batch.error = code;
        refused.add(i);
      });
    });
    return refused;
  }

  private partitionOf(m: ProducerMessage): number {
    const partitions = this.topics.get(m.topic) as Partition[];
    if (m.key !== null) return partitionOfKey(m.key, partitions.length);
    // Keyless rows have no order to keep: spread them over the partitions that have a leader.
    const available = partitions.flatMap((p, i) => (p.leader >= 0 ? [i] : []));
    const n = this.roundRobin.get(m.topic) ?? 0;
    this.roundRobin.set(m.topic, n + 1);
    return available.length > 0
      ? (available[n % available.length] as number)
      : n % partitions.length;
  }

  private async ensureTopics(messages: ProducerMessage[]): Promise<void> {
    const missing = new Set<string>();
    for (const m of messages) if (!this.topics.has(m.topic)) missing.add(m.topic);
    if (missing.size === 0) return;
    // A topic made by this request has no leaders for a moment: ask again until it has.
    for (let attempt = 0; ; attempt++) {
      const errors = await this.refreshMetadata([...missing]);
      const pending = [...missing].filter((t) => !this.topics.has(t));
      if (pending.length === 0) return;
      const error = errors.get(pending[0] as string);
      if ((error && !error.retriable) || attempt >= 20) {
        throw error ?? brokerError(5, `topic ${pending[0]}`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 50 * 2 ** attempt)));
    }
  }

  /** Reads the brokers and the topics' partitions; resolves with the topics' errors. */
  private async refreshMetadata(topics: string[]): Promise<Map<string, KafkaProtocolError>> {
    let version = 0;
    const r = await this.anyBroker((c) => {
      version = c.versions.metadata;
      return c.request(API.metadata, version, (w) => {
        w.int32(topics.length);
        for (const t of topics) w.string(t);
        // Topics are created on first use where the brokers allow it, as the precheck found
        // (before version 4, asking for a topic always does that).
        if (version >= 4) w.int8(1);
      });
    });
    if (version >= 3) r.int32();
    const brokers = r.array((b) => ({
      id: b.int32(),
      host: b.string(),
      port: b.int32(),
      rack: b.nullableString(),
    }));
    if (version >= 2) r.nullableString();
    r.int32();
    const errors = new Map<string, KafkaProtocolError>();
    const found = r.array((t) => ({
      error: t.int16(),
      name: t.string(),
      internal: t.boolean(),
      partitions: t.array((p) => {
        const error = p.int16();
        const index = p.int32();
        const leader = p.int32();
        p.array((x) => x.int32());
        p.array((x) => x.int32());
        return { error, index, leader };
      }),
    }));
    for (const b of brokers) {
      const old = this.brokers.get(b.id);
      if (old && (old.host !== b.host || old.port !== b.port)) this.dropConnection(b.id);
      this.brokers.set(b.id, { host: b.host, port: b.port });
    }
    for (const t of found) {
      if (t.error !== 0 || t.partitions.length === 0) {
        errors.set(t.name, brokerError(t.error === 0 ? 5 : t.error, `topic ${t.name}`));
        if (t.error !== 0) this.topics.delete(t.name);
        continue;
      }
      const partitions: Partition[] = [];
      for (const p of t.partitions)
        partitions[p.index] = { leader: p.error === 0 || p.leader >= 0 ? p.leader : -1 };
      this.topics.set(
        t.name,
        Array.from(partitions, (p) => p ?? { leader: -1 }),
      );
    }
    return errors;
  }

  /** Asks the known brokers in turn, then the bootstrap addresses, until one answers. */
  private async anyBroker(ask: (c: KafkaConnection) => Promise<Reader>): Promise<Reader> {
    const tried: string[] = [];
    const candidates = [
      ...[...this.brokers.keys()].map((id) => () => this.connection(id)),
      ...this.opts.brokers.map((address) => () => this.connectTo(address, parseAddress(address))),
    ];
    for (const open of candidates) {
      try {
        return await ask(await open());
      } catch (e) {
        if (e instanceof KafkaProtocolError && !e.retriable) throw e;
        tried.push(e instanceof Error ? e.message : String(e));
      }
    }
    throw connectionError(`no Kafka broker answered (${tried.join('; ')})`);
  }

  private connection(id: number): Promise<KafkaConnection> {
    const broker = this.brokers.get(id);
    if (!broker) return Promise.reject(brokerError(8, `broker ${id}`));
    return this.connectTo(`${id}`, broker);
  }

  private connectTo(name: string, broker: Broker): Promise<KafkaConnection> {
    const key = `${name}@${broker.host}:${broker.port}`;
    const existing = this.connections.get(key);
    if (existing) {
      return existing.then((c) => {
        if (!c.closed) return c;
        this.connections.delete(key);
        return this.connectTo(name, broker);
      });
    }
    const opening = KafkaConnection.open({
      host: broker.host,
      port: broker.port,
      clientId: this.opts.clientId,
      connectTimeoutMs: this.opts.connectTimeoutMs,
      requestTimeoutMs: ACK_TIMEOUT_MS + 10_000,
      ...(this.opts.tls ? { tls: this.opts.tls } : {}),
      ...(this.opts.sasl ? { sasl: this.opts.sasl } : {}),
    });
    this.connections.set(key, opening);
    opening.catch(() => this.connections.delete(key));
    return opening;
  }

  private dropConnection(id: number): void {
    for (const [key, c] of this.connections) {
      if (key.startsWith(`${id}@`)) {
        void c.then((x) => x.close()).catch(() => undefined);
        this.connections.delete(key);
      }
    }
  }
}
