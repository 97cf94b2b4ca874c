import type { ColumnSchema } from '@vlasky/zongji';
import type { TableDef } from '../../../shared/catalog.js';
import type { BinlogPosition } from '../../../shared/position.js';
import type { StreamStatus } from '../../../shared/stream.js';
import { compareBinlog, type BinlogCoordinates } from '../../cdc/BinlogCoordinates.js';
import { BinlogReader } from '../../cdc/BinlogReader.js';
import { BINLOG_STREAM } from '../../cdc/IncrementalSync.js';
import { LagMeter } from '../../cdc/LagMeter.js';
import {
  HEARTBEAT_TABLE_NAME,
  META_DATABASE,
  startHeartbeats,
  heartbeatTimer,
} from '../../cdc/MetaTables.js';
import { parseDdl } from '../../cdc/DdlStatement.js';
import { describe } from '../../cdc/ReaderErrors.js';
import type { RowChange } from '../../cdc/StreamItems.js';
import { CutoverError, isCutoverError } from '../../errors.js';
import { readBinlogPosition } from '../../snapshot/BinlogPositionReader.js';
import { START_POSITION_STREAM } from '../../snapshot/FullCopy.js';
import type { Throttler } from '../../snapshot/Throttler.js';
import type { CheckpointRepository } from '../../store/CheckpointRepository.js';
import type { StreamStatsRepository } from '../../store/StreamStatsRepository.js';
import { Fifo } from '../../cdc/Fifo.js';
import { changeEvent } from './ChangeEvent.js';
import type { KafkaRoute, KafkaSession } from './KafkaSession.js';
import { markStream, type TableMark } from './KafkaSnapshot.js';
import type { OutgoingMessage } from './KafkaSink.js';
import { topicFor } from './Topics.js';

export interface KafkaStreamOptions {
  taskId: string;
  taskName: string;
  serverId: number;
  throttler: Throttler;
  signal: AbortSignal;
  untilCaughtUp: boolean;
  onLog(level: 'info' | 'warn', message: string): void;
  onStatus(status: StreamStatus): void;
}

/** The tables' shapes as of the checkpoint, which the stream decodes rows with. */
export const SHAPES_STREAM = 'kafka-shapes';

/**
 * Sent and not yet acknowledged before reading waits: transactions, and bytes of messages. A few
 * produce requests' worth keeps the broker busy; more only lives long enough to leave the young
 * generation, and collecting it there cost the stream a third of its time.
 */
const MAX_IN_FLIGHT = 5_000;
const MAX_IN_FLIGHT_BYTES = 8 * 1024 * 1024;
const CHECKPOINT_EVERY_MS = 200;
const STATUS_EVERY_MS = 1_000;
/** Changes of one open transaction held before they go out in a part. */
const PART_CHANGES = 10_000;

interface InFlight {
  acked: Promise<void>;
  /** Null for a part of a transaction: its commit comes later. */
  end: BinlogPosition | null;
  /** The transaction's commit time, or its heartbeat's time when it carries one. */
  sentAt: number;
  heartbeatMs: number | null;
  rows: number;
  bytes: number;
}

function columnsOf(route: KafkaRoute): ColumnSchema[] {
  return route.def.columns.map((c) => ({
    COLUMN_NAME: c.name,
    COLLATION_NAME: c.collation,
    CHARACTER_SET_NAME: c.charset,
    COLUMN_COMMENT: c.comment,
    COLUMN_TYPE: c.columnType,
  }));
}

/**
 * The incremental step to Kafka: reads the source's binlog from where the copy started (or the
 * last checkpoint) and sends every change of a selected table as a message, each transaction's
 * messages in binlog order. The position after a transaction is checkpointed once the broker
 * acknowledged its messages and every one before them; a resume sends again only what was not
 * acknowledged, which the events' ids let consumers recognise.
 */
export class KafkaStream {
  private applied!: BinlogPosition;
  private readonly inFlight = new Fifo<InFlight>();
  /** The last transaction sent: its acknowledgement follows every one before it. */
  private last: Promise<void> | null = null;
  private inFlightBytes = 0;
  private failure: unknown = null;
  private lastSaved = 0;
  private lag = new LagMeter('heartbeat');
  private heartbeats = false;
  private readonly stop = new AbortController();

  constructor(
    private readonly session: KafkaSession,
    private readonly stores: {
      checkpoints: CheckpointRepository;
      stats: StreamStatsRepository;
      atomically(write: () => void): void;
    },
    private readonly opts: KafkaStreamOptions,
  ) {}

  async run(): Promise<'caught-up' | 'stopped'> {
    const { checkpoints } = this.stores;
    const start = (
      checkpoints.get(this.opts.taskId, BINLOG_STREAM) ??
      checkpoints.get(this.opts.taskId, START_POSITION_STREAM)
    )?.position as BinlogPosition | undefined;
    if (!start) {
      throw new CutoverError(
        'STEP_UNAVAILABLE',
        'The change stream has no start position: the full step records it before copying.',
        'Add the "full" step before "incremental", or run the task again from the start.',
      );
    }
    this.applied = start;
    // The copy before this step reported its own.
    this.reportedInvalid = this.session.encoder.invalidText;
    const shapes = checkpoints.get(this.opts.taskId, SHAPES_STREAM)?.position as
      Record<string, TableDef> | undefined;
    if (shapes) this.session.useShapes(shapes);
    else checkpoints.put(this.opts.taskId, SHAPES_STREAM, this.session.shapes());
    await this.prepareHeartbeat();
    const target = this.opts.untilCaughtUp ? await readBinlogPosition(this.session.source) : null;
    this.opts.onLog(
      'info',
      `Reading the binlog from ${describe(start)} into Kafka${target ? `; caught up at ${target.file}:${target.pos}` : ''}.`,
    );
    if (target && compareBinlog(start, target) >= 0) return 'caught-up';
    const onAbort = (): void => this.stop.abort();
    this.opts.signal.addEventListener('abort', onAbort);
    if (this.opts.signal.aborted) onAbort();
    const timers = [
      setInterval(() => this.report(), STATUS_EVERY_MS),
      ...(this.heartbeats
        ? [heartbeatTimer(this.session.source, this.opts.taskName, this.opts.onLog)]
        : []),
    ];
    try {
      await this.read(start, target);
    } catch (e) {
      this.failure ??= e;
    } finally {
      for (const t of timers) clearInterval(t);
      this.opts.signal.removeEventListener('abort', onAbort);
      // Whatever was sent is waited for, so its acknowledgement is checkpointed.
      await this.last?.catch(() => undefined);
      this.save(true);
      this.report();
    }
    if (this.failure !== null) throw this.failure;
    if (target && compareBinlog(this.applied, target) >= 0) return 'caught-up';
    if (this.opts.signal.aborted) {
      throw new CutoverError(
        'INTERRUPTED',
        `Stopped the change stream to Kafka at ${describe(this.applied)}.`,
        'Run the task again: it resumes from there.',
      );
    }
    return 'stopped';
  }

  private async prepareHeartbeat(): Promise<void> {
    this.heartbeats = await startHeartbeats(
      this.session.source,
      this.opts.taskName,
      this.opts.onLog,
    );
    if (!this.heartbeats) this.lag = new LagMeter('event-time');
  }

  private async read(start: BinlogPosition, target: BinlogPosition | null): Promise<void> {
    const reader = new BinlogReader({
      source: this.session.source,
      serverId: this.opts.serverId,
      databases: [...new Set(this.session.spec.objects.map((o) => o.database))],
      heartbeat: { database: META_DATABASE, table: HEARTBEAT_TABLE_NAME, task: this.opts.taskName },
      echo: null,
      describeTable: (database, table) => {
        const route = this.session.route(database, table);
        return route ? columnsOf(route) : null;
      },
      signal: this.stop.signal,
      onLog: this.opts.onLog,
    });
    /** The open transaction's changes, made into messages at its commit (which dates them). */
    let pending: { route: KafkaRoute; change: RowChange }[] = [];
    /** Messages of the open transaction already sent in parts. */
    let sent = 0;
    for await (const item of reader.read(start)) {
      if (this.stop.signal.aborted || this.failure !== null) break;
      switch (item.kind) {
        case 'rows':
          for (const change of item.changes) {
            const route = this.session.route(change.database, change.table);
            if (!route) continue;
            // Already in the table's copy, read in a snapshot at this point.
            if (this.inCopy(route, change.txnStart)) continue;
            pending.push({ route, change });
          }
          if (pending.length >= PART_CHANGES) {
            // A huge transaction goes out in parts, dated when read; only its commit moves
            // the checkpoint, so a resume sends all of it again.
            sent += await this.flush(pending, sent, { end: null, timestampMs: Date.now() });
            pending = [];
          }
          break;
        case 'commit':
          await this.flush(pending, sent, item);
          pending = [];
          sent = 0;
          await this.backpressure();
          if (target && compareBinlog(item.end, target) >= 0) this.stop.abort();
          break;
        case 'ddl':
          await this.ddl(item);
          if (target && compareBinlog(item.end, target) >= 0) this.stop.abort();
          break;
      }
    }
  }

  /**
   * Sends the changes as messages; with the commit's end, its acknowledgement moves the
   * checkpoint there. Resolves with the number of messages.
   */
  private async flush(
    changes: { route: KafkaRoute; change: RowChange }[],
    first: number,
    commit: { end: BinlogPosition | null; timestampMs: number; heartbeatMs?: number | null },
  ): Promise<number> {
    const messages: OutgoingMessage[] = [];
    let bytes = 0;
    for (const { route, change } of changes) {
      const event = changeEvent(route, change, first + messages.length, commit);
      if (!event) continue;
      const m = this.session.format.row(event);
      bytes += m.value.length;
      messages.push({ topic: route.topic, ...m });
    }
    await this.opts.throttler.take(messages.length, bytes, this.stop.signal).catch(() => undefined);
    this.send(
      messages,
      commit.end,
      commit.timestampMs,
      commit.heartbeatMs ?? null,
      messages.length,
    );
    return messages.length;
  }

  /** DDL goes to the DDL topic, after everything before it; the table is then read again. */
  private async ddl(item: {
    sql: string;
    database: string | null;
    end: BinlogPosition;
    timestampMs: number;
  }): Promise<void> {
    const stmt = parseDdl(item.sql, item.database);
    const subject = stmt.mentions.find((m) => m.role === 'subject')?.ref;
    let route = subject ? this.session.route(subject.database, subject.table) : undefined;
    // A table created while the task streams, that its selection takes: all its rows are
    // in the binlog from here on, so streaming its changes misses nothing.
    const created =
      !route && subject && (stmt.kind === 'create-table' || stmt.kind === 'create-table-like')
        ? await this.session.adopt(subject.database, subject.table)
        : undefined;
    if (created && subject) {
      route = created;
      this.opts.onLog(
        'info',
        `New table ${subject.database}.${subject.table} matches the task's objects: its changes go to ${created.topic}.`,
      );
    }
    const database = route?.table.database ?? subject?.database ?? item.database;
    if (!route && !(database && this.session.spec.objects.some((o) => o.database === database))) {
      this.send([], item.end, item.timestampMs, null, 0);
      return;
    }
    const message = this.session.format.ddl({
      kind: 'ddl',
      database,
      table: route?.table.table ?? null,
      sql: item.sql,
      sourceMs: item.timestampMs,
      position: { file: item.end.file, pos: item.end.pos, gtid: item.end.gtid },
      id: `ddl:${item.end.file}:${item.end.pos}`,
    });
    this.send(
      [{ topic: topicFor(this.session.spec.target.ddlTopic, database ?? ''), ...message }],
      item.end,
      item.timestampMs,
      null,
      0,
    );
    // Later row events carry the table's new shape: read it, and keep it with the position.
    await this.last?.catch(() => undefined);
    if (subject) {
      if (!created) await this.session.refresh(subject.database, subject.table);
      // Together: a resume must decode the rows after the statement with the new shape, and
      // the rows before it with the old one.
      this.stores.atomically(() => {
        this.save(true);
        this.stores.checkpoints.put(this.opts.taskId, SHAPES_STREAM, this.session.shapes());
      });
    }
  }

  /** Each table's copy snapshot position, until the stream is past it (then null). */
  private readonly snapshots = new WeakMap<KafkaRoute, BinlogCoordinates | null>();

  /** Whether a change of the route's table was already sent by its copy. */
  private inCopy(route: KafkaRoute, txnStart: BinlogCoordinates): boolean {
    let copiedAt = this.snapshots.get(route);
    if (copiedAt === undefined) {
      const { database, table } = route.mapping.source;
      const mark = this.stores.checkpoints.get(this.opts.taskId, markStream(database, table))
        ?.position as TableMark | undefined;
      copiedAt = mark?.snapshot ?? null;
    }
    const before = copiedAt !== null && compareBinlog(txnStart, copiedAt) < 0;
    // The binlog is read in order: once past the snapshot, every later change is too.
    this.snapshots.set(route, before ? copiedAt : null);
    return before;
  }

  private send(
    messages: OutgoingMessage[],
    end: BinlogPosition | null,
    commitMs: number,
    heartbeatMs: number | null,
    rows: number,
  ): void {
    // Done only after everything sent before it: a transaction without messages (a heartbeat,
    // rows the filter left out) must not move the checkpoint past one still in flight.
    const before = this.last;
    const sending = this.session.sink.send(messages);
    let bytes = 0;
    for (const m of messages) bytes += m.value.length;
    const entry: InFlight = {
      acked: before ? Promise.all([before, sending]).then(() => undefined) : sending,
      end,
      sentAt: commitMs,
      heartbeatMs,
      rows,
      bytes,
    };
    this.inFlight.push(entry);
    this.last = entry.acked;
    this.inFlightBytes += bytes;
    entry.acked.then(
      () => this.acked(entry),
      (e: unknown) => {
        this.failure ??= isCutoverError(e) ? e : new CutoverError('KAFKA_FAILED', String(e), '');
        this.stop.abort();
      },
    );
  }

  /** Acknowledgements come in order: each entry waits for the one before it. */
  private acked(entry: InFlight): void {
    if (this.inFlight.peek() === entry) this.inFlight.shift();
    this.inFlightBytes -= entry.bytes;
    if (entry.end === null) return;
    this.applied = entry.end;
    const now = Date.now();
    if (entry.heartbeatMs !== null) this.lag.sample(now - entry.heartbeatMs, now);
    else if (!this.heartbeats && entry.rows > 0) this.lag.sample(now - entry.sentAt, now);
    if (entry.heartbeatMs === null && entry.rows > 0) this.lag.appliedTransaction(entry.rows, now);
    this.save(false);
  }

  private async backpressure(): Promise<void> {
    while (
      (this.inFlight.length > MAX_IN_FLIGHT || this.inFlightBytes > MAX_IN_FLIGHT_BYTES) &&
      this.failure === null
    ) {
      await this.inFlight.peek()?.acked.catch(() => undefined);
    }
  }

  private save(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastSaved < CHECKPOINT_EVERY_MS) return;
    this.lastSaved = now;
    this.stores.checkpoints.put(this.opts.taskId, BINLOG_STREAM, this.applied);
  }

  private reportedInvalid = 0;

  private report(): void {
    const invalid = this.session.encoder.invalidText;
    if (invalid > this.reportedInvalid) {
      this.opts.onLog(
        'warn',
        `${invalid - this.reportedInvalid} text value(s) held bytes not valid in their column's charset; they were sent with U+FFFD in their place.`,
      );
      this.reportedInvalid = invalid;
    }
    const status: StreamStatus = {
      ...this.lag.stats(),
      applied: this.applied,
      inFlight: this.inFlight.length,
    };
    this.stores.stats.put(this.opts.taskId, BINLOG_STREAM, status);
    this.opts.onStatus(status);
  }
}
