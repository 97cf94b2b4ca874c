import { setTimeout as sleep } from 'node:timers/promises';
import ZongJi, {
  GtidSet,
  MariadbGtidPosition,
  type AnyBinlogEvent,
  type ColumnSchema,
  type RowData,
  type TableMapEntry,
} from '@vlasky/zongji';
import type { BinlogPosition } from '../../shared/position.js';
import type { Endpoint } from '../connect/Endpoint.js';
import { CutoverError } from '../errors.js';
import { compareBinlog, type BinlogCoordinates } from './BinlogCoordinates.js';
import { answerColumnLookups, columnsAt } from './ColumnLookup.js';
import { originOf, type RowChange, type StreamItem, type TxnOrigin } from './StreamItems.js';
import { describe, fatalReadError } from './ReaderErrors.js';
import { prepareColumns, type ColumnCodec } from './ColumnCodec.js';

export interface HeartbeatTable {
  database: string;
  table: string;
  /** Only this task's heartbeats count. */
  task: string;
}

export interface BinlogReaderOptions {
  source: Endpoint;
  /** The replica server_id this reader announces; unique per task. */
  serverId: number;
  /** Source databases whose row events are decoded; others only advance the position. */
  databases: string[];
  heartbeat: HeartbeatTable;
  /**
   * The columns of a table as they are at the point the stream has reached (the target's copy
   * of it, which DDL keeps in step), or null for tables the task does not replicate.
   */
  describeTable(database: string, table: string): ColumnSchema[] | null;
  signal: AbortSignal;
  onLog(level: 'info' | 'warn', message: string): void;
  /** How long the source may stay unreachable before the step fails. */
  reconnectForMs?: number;
  /** Silence (not even a server heartbeat) after which the connection counts as dead. */
  idleTimeoutMs?: number;
}

/** Rows of one transaction held before they are handed on in pieces. */
const PIECE_ROWS = 2_000;
/** Rows queued for the consumer before the socket is paused. */
const HIGH_WATER_ROWS = 20_000;
const LOW_WATER_ROWS = 5_000;
const SERVER_HEARTBEAT_NS = 1_000_000_000;
/** The common header of every binlog event, which the decoder leaves out of `size`. */
const EVENT_HEADER_BYTES = 19;
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 10_000;

type GtidState = MariadbGtidPosition | GtidSet;

interface OpenTransaction {
  rows: RowChange[];
  /** Some of its rows were handed on already: a reconnect would deliver them again. */
  streamed: boolean;
  heartbeatMs: number | null;
}

/**
 * Reads the source's binlog as a replica would (COM_BINLOG_DUMP through zongji), from a
 * recorded position, and turns it into transactions of row changes and DDL statements. It owns
 * the connection's life: a dropped connection is reopened with backoff from the end of the last
 * transaction handed on; a purged binlog stops it, since skipping changes is never an option.
 */
export class BinlogReader {
  private readonly queue: StreamItem[] = [];
  private queuedRows = 0;
  private wake: (() => void) | null = null;
  private failure: unknown = null;
  private zongji: ZongJi | null = null;
  private connected = false;
  private paused = false;
  private lastPacketAt = Date.now();
  /** A table's columns are being looked up; the socket must stay paused until they are known. */
  private describing = false;
  private readonly idleWaiters: (() => void)[] = [];

  private file = '';
  private gtid: GtidState | null = null;
  private pendingGtid: Parameters<GtidState['add']>[0] | null = null;
  private origin: TxnOrigin | null = null;
  private txnStart: BinlogCoordinates | null = null;
  private open: OpenTransaction | null = null;
  private lastDelivered!: BinlogPosition;
  private readonly codecs = new Map<number, ColumnCodec[]>();
  private readonly includeSchema: Record<string, true | string[]>;

  constructor(private readonly opts: BinlogReaderOptions) {
    this.includeSchema = Object.fromEntries(opts.databases.map((d) => [d, true as const]));
    const hb = opts.heartbeat;
    if (!opts.databases.includes(hb.database)) this.includeSchema[hb.database] = [hb.table];
  }

  /** Where the next transaction starts: the end of the last one handed on. */
  get position(): BinlogPosition {
    return this.lastDelivered;
  }

  async *read(from: BinlogPosition): AsyncGenerator<StreamItem> {
    this.lastDelivered = from;
    this.resetStreamState();
    const supervisor = this.supervise();
    try {
      for (;;) {
        const item = this.queue.shift();
        if (item) {
          if (item.kind === 'rows') this.queuedRows -= item.changes.length;
          if (this.paused && this.queuedRows < LOW_WATER_ROWS) this.setPaused(false);
          yield item;
          continue;
        }
        if (this.failure !== null) throw this.failure;
        if (this.opts.signal.aborted) return;
        for (const w of this.idleWaiters.splice(0)) w();
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
      }
    } finally {
      this.failure ??= new CutoverError('INTERRUPTED', 'Reader closed.', '');
      this.wakeUp();
      this.disconnect();
      await supervisor;
    }
  }

  private wakeUp(): void {
    this.wake?.();
  }

  /** Resolves once the consumer has taken (and so finished with) everything handed on so far. */
  private consumed(): Promise<void> {
    if (this.queue.length === 0 && this.wake !== null) return Promise.resolve();
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private fail(e: unknown): void {
    this.failure ??= e;
    this.disconnect();
    this.wakeUp();
    for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Keeps one connection open until the stream fails or the consumer stops. */
  private async supervise(): Promise<void> {
    const reconnectForMs = this.opts.reconnectForMs ?? 300_000;
    const idleTimeoutMs = this.opts.idleTimeoutMs ?? 10_000;
    let downSince: number | null = null;
    let backoff = BACKOFF_FIRST_MS;
    const onAbort = (): void => this.wakeUp();
    this.opts.signal.addEventListener('abort', onAbort);
    try {
      while (this.failure === null && !this.opts.signal.aborted) {
        const dropped = await this.connectOnce(idleTimeoutMs);
        if (this.failure !== null || this.opts.signal.aborted) return;
        downSince ??= Date.now();
        if (Date.now() - downSince > reconnectForMs) {
          this.fail(
            new CutoverError(
              'BINLOG_READ_FAILED',
              `Lost the binlog connection to the ${this.opts.source.where} and could not reconnect for ${Math.round(reconnectForMs / 1000)} s: ${dropped}`,
              'Check that the source is up and reachable, then run the task again: it resumes from the last applied transaction.',
            ),
          );
          return;
        }
        this.opts.onLog(
          'warn',
          `Binlog connection lost (${dropped}); reconnecting in ${backoff} ms from ${describe(this.lastDelivered)}.`,
        );
        await sleep(backoff, undefined, { signal: this.opts.signal }).catch(() => undefined);
        backoff = Math.min(BACKOFF_MAX_MS, backoff * 2);
        if (this.connected) {
          downSince = null;
          backoff = BACKOFF_FIRST_MS;
        }
      }
    } finally {
      this.opts.signal.removeEventListener('abort', onAbort);
    }
  }

  /** Streams until the connection drops; resolves with why, or after fail(). */
  private connectOnce(idleTimeoutMs: number): Promise<string> {
    return new Promise<string>((resolve) => {
      this.resetStreamState();
      this.connected = false;
      const zongji = new ZongJi(this.opts.source.connectionOptions());
      this.zongji = zongji;
      let settled = false;
      const drop = (why: string): void => {
        if (settled) return;
        settled = true;
        clearInterval(watchdog);
        this.disconnect();
        resolve(why);
      };
      const watchdog = setInterval(() => {
        // Silence is ours while the socket is held back, not the source's.
        if (this.paused || this.describing) this.lastPacketAt = Date.now();
        if (Date.now() - this.lastPacketAt > idleTimeoutMs) {
          drop(`no data from the source for ${Math.round(idleTimeoutMs / 1000)} s`);
        }
      }, 1_000);
      watchdog.unref();
      zongji.on('ready', () => {
        this.connected = true;
        this.lastPacketAt = Date.now();
      });
      zongji.on('error', (e: Error) => {
        const fatal = fatalReadError(e, this.opts.source.where, this.lastDelivered);
        if (fatal) {
          this.fail(fatal);
          drop(fatal.message);
        } else {
          drop(e.message);
        }
      });
      zongji.on('binlog', (event: AnyBinlogEvent) => {
        this.lastPacketAt = Date.now();
        try {
          this.onEvent(event);
        } catch (e) {
          this.fail(e);
          drop(e instanceof Error ? e.message : String(e));
        }
      });
      zongji.on('stopped', () => drop('stopped'));
      answerColumnLookups(zongji, {
        describe: (event) =>
          columnsAt(event, {
            consumed: () => this.consumed(),
            describeTable: this.opts.describeTable,
            source: this.opts.source,
          }),
        onStart: () => (this.describing = true),
        onEnd: () => (this.describing = false),
      });
      const from = this.lastDelivered;
      const useGtid = from.gtid !== null && from.gtidFlavor !== null;
      zongji.start({
        serverId: this.opts.serverId,
        includeSchema: this.includeSchema,
        ...(useGtid ? { gtidSet: from.gtid ?? '' } : { filename: from.file, position: from.pos }),
      });
      // Queued ahead of the dump command on the same connection: the server then sends a
      // heartbeat every second while there is nothing to send, so a dead link shows. (MySQL
      // 8.0.26+ reads the source_ name, older servers and MariaDB the master_ one.)
      zongji.connection?.query(
        `SET @master_heartbeat_period = ${SERVER_HEARTBEAT_NS}, @source_heartbeat_period = ${SERVER_HEARTBEAT_NS}`,
        () => undefined,
      );
    });
  }

  private disconnect(): void {
    const z = this.zongji;
    this.zongji = null;
    if (!z) return;
    z.removeAllListeners('binlog');
    z.on('error', () => undefined);
    z.stop();
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    const conn = this.zongji?.connection;
    if (!conn) return;
    if (paused) conn.pause();
    else if (!this.describing) conn.resume();
  }

  private resetStreamState(): void {
    const from = this.lastDelivered;
    this.file = from.file;
    this.open = null;
    this.pendingGtid = null;
    this.origin = null;
    this.txnStart = null;
    this.codecs.clear();
    if (from.gtidFlavor === 'mariadb') this.gtid = MariadbGtidPosition.parse(from.gtid ?? '');
    else if (from.gtidFlavor === 'mysql') this.gtid = GtidSet.parse(from.gtid ?? '');
    else this.gtid = null;
  }

  private push(item: StreamItem): void {
    this.queue.push(item);
    if (item.kind === 'rows') this.queuedRows += item.changes.length;
    else this.lastDelivered = item.end;
    // Paused again even when already paused: the decoder resumes the socket on its own after
    // fetching a table's columns.
    if (this.queuedRows > HIGH_WATER_ROWS) this.setPaused(true);
    this.wakeUp();
  }

  private begin(): OpenTransaction {
    this.open ??= { rows: [], streamed: false, heartbeatMs: null };
    return this.open;
  }

  private endPosition(nextPosition: number): BinlogPosition {
    if (this.pendingGtid) {
      if (!this.gtid) {
        this.gtid =
          typeof this.pendingGtid === 'string' ? new GtidSet() : new MariadbGtidPosition();
      }
      this.gtid.add(this.pendingGtid as never);
      this.pendingGtid = null;
    }
    const gtid = this.gtid && !this.gtid.isEmpty() ? this.gtid.toString() : null;
    return {
      file: this.file,
      pos: nextPosition,
      gtid,
      gtidFlavor: gtid ? (this.gtid instanceof GtidSet ? 'mysql' : 'mariadb') : null,
      at: new Date().toISOString(),
    };
  }

  private commit(event: AnyBinlogEvent): void {
    const txn = this.open;
    this.open = null;
    this.txnStart = null;
    if (txn && txn.rows.length > 0) this.push({ kind: 'rows', changes: txn.rows });
    this.push({
      kind: 'commit',
      end: this.endPosition(event.nextPosition),
      timestampMs: event.timestamp,
      heartbeatMs: txn?.heartbeatMs ?? null,
    });
  }

  /** A transaction's first event: where it starts (the event's end minus its length). */
  private markStart(event: AnyBinlogEvent): void {
    this.txnStart =
      event.nextPosition > 0
        ? { file: this.file, pos: event.nextPosition - event.size - EVENT_HEADER_BYTES }
        : { file: this.lastDelivered.file, pos: this.lastDelivered.pos };
  }

  private onEvent(event: AnyBinlogEvent): void {
    switch (event.getTypeName()) {
      case 'Rotate': {
        const e = event as Extract<AnyBinlogEvent, { binlogName: string }>;
        this.file = e.binlogName;
        return;
      }
      case 'MariadbGtid': {
        const e = event as Extract<AnyBinlogEvent, { domainId: number; seqNo: unknown }>;
        this.open = null;
        this.pendingGtid = { domainId: e.domainId, serverId: e.serverId, seqNo: e.seqNo } as never;
        this.origin = { stream: `domain ${e.domainId}`, seq: BigInt(e.seqNo) };
        this.markStart(event);
        return;
      }
      case 'Gtid': {
        this.open = null;
        this.pendingGtid = (event.gtid ?? null) as never;
        this.origin = originOf(event.gtid);
        this.markStart(event);
        return;
      }
      case 'AnonymousGtid':
        this.open = null;
        this.origin = null;
        this.markStart(event);
        return;
      case 'Query': {
        const e = event as Extract<AnyBinlogEvent, { query: string; schema: string }>;
        const upper = e.query.trim().toUpperCase();
        if (upper === 'BEGIN' || upper.startsWith('XA START') || upper.startsWith('XA END')) {
          if (this.txnStart === null) this.markStart(event);
          this.begin();
        } else if (upper === 'COMMIT' || upper === 'ROLLBACK' || upper.startsWith('XA COMMIT')) {
          // A ROLLBACK in the binlog ends a group whose non-transactional changes stayed.
          this.commit(event);
        } else {
          this.open = null;
          this.txnStart = null;
          this.push({
            kind: 'ddl',
            sql: e.query,
            database: e.schema === '' ? null : e.schema,
            end: this.endPosition(event.nextPosition),
            timestampMs: event.timestamp,
          });
        }
        return;
      }
      case 'Xid':
        this.commit(event);
        return;
      case 'TableMap': {
        const e = event as Extract<AnyBinlogEvent, { tableId: number; columnCount: number }>;
        const entry = e.tableMap[e.tableId];
        if (entry) this.codecs.set(e.tableId, prepareColumns(entry));
        return;
      }
      case 'WriteRows':
      case 'UpdateRows':
      case 'DeleteRows':
        this.onRows(event);
        return;
      case 'TransactionPayload':
        throw new CutoverError(
          'BINLOG_READ_FAILED',
          'The source writes compressed binlog transactions (binlog_transaction_compression=ON), which Cutover cannot decode.',
          'SET GLOBAL binlog_transaction_compression = OFF on the source, then run the task again from scratch.',
        );
      default:
        // Outside a transaction, a positioned event (format, checkpoint, GTID list) moves the
        // resume point forward too, so an idle stream still catches up to the server's end.
        if (this.open === null && this.pendingGtid === null && event.nextPosition > 0) {
          const end = this.endPosition(event.nextPosition);
          if (compareBinlog(end, this.lastDelivered) > 0) {
            this.push({ kind: 'commit', end, timestampMs: event.timestamp, heartbeatMs: null });
          }
        }
    }
  }

  private onRows(event: AnyBinlogEvent): void {
    const e = event as Extract<AnyBinlogEvent, { tableId: number; rows: unknown[] }>;
    const entry: TableMapEntry | undefined = e.tableMap[e.tableId];
    const columns = this.codecs.get(e.tableId);
    if (!entry || !columns) return;
    const txn = this.begin();
    const txnStart = this.txnStart ?? {
      file: this.lastDelivered.file,
      pos: this.lastDelivered.pos,
    };
    const database = entry.parentSchema;
    const table = entry.tableName;
    const hb = this.opts.heartbeat;
    if (database === hb.database && table === hb.table) {
      for (const r of e.rows) {
        const row = (
          event.getTypeName() === 'UpdateRows' ? (r as { after: RowData }).after : r
        ) as RowData;
        const task = row.task;
        if (Buffer.isBuffer(task) && task.toString('utf8') === hb.task) {
          txn.heartbeatMs = Number(row.ts_ms);
        }
      }
      return;
    }
    const type = event.getTypeName();
    for (const row of e.rows) {
      if (type === 'UpdateRows') {
        const r = row as { before: RowData; after: RowData };
        txn.rows.push({
          database,
          table,
          kind: 'update',
          origin: this.origin,
          txnStart,
          columns,
          before: r.before,
          after: r.after,
        });
      } else {
        const r = row as RowData;
        const insert = type === 'WriteRows';
        txn.rows.push({
          database,
          table,
          kind: insert ? 'insert' : 'delete',
          origin: this.origin,
          txnStart,
          columns,
          before: insert ? null : r,
          after: insert ? r : null,
        });
      }
    }
    if (txn.rows.length >= PIECE_ROWS) {
      this.push({ kind: 'rows', changes: txn.rows });
      txn.rows = [];
      txn.streamed = true;
    }
  }
}
