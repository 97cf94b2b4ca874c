import { setTimeout as sleep } from 'node:timers/promises';
import ZongJi, { type AnyBinlogEvent, type ColumnSchema } from '@vlasky/zongji';
import type { BinlogPosition } from '../../shared/position.js';
import type { Endpoint } from '../connect/Endpoint.js';
import { CutoverError } from '../errors.js';
import { answerColumnLookups, columnsAt } from './ColumnLookup.js';
import type { StreamItem } from './StreamItems.js';
import { describe, fatalReadError } from './ReaderErrors.js';
import { TransactionAssembler, type EchoMarker } from './TransactionAssembler.js';
import { Fifo } from './Fifo.js';

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
  /** Transactions marked by these tasks are skipped (two-way and reverse sync: no echo). */
  echo?: EchoMarker | null;
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

/** Rows queued for the consumer before the socket is paused. */
const HIGH_WATER_ROWS = 20_000;
const LOW_WATER_ROWS = 5_000;
const SERVER_HEARTBEAT_NS = 1_000_000_000;
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 10_000;

/**
 * Reads the source's binlog as a replica would (COM_BINLOG_DUMP through zongji), from a
 * recorded position, and turns it into transactions of row changes and DDL statements. It owns
 * the connection's life: a dropped connection is reopened with backoff from the end of the last
 * transaction handed on; a purged binlog stops it, since skipping changes is never an option.
 */
export class BinlogReader {
  private readonly queue = new Fifo<StreamItem>();
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

  private lastDelivered!: BinlogPosition;
  private readonly includeSchema: Record<string, true | string[]>;
  private readonly assembler: TransactionAssembler;

  constructor(private readonly opts: BinlogReaderOptions) {
    const echo = opts.echo && opts.echo.tasks.size > 0 ? opts.echo : null;
    this.assembler = new TransactionAssembler(
      opts.heartbeat,
      {
        push: (item) => this.push(item),
        delivered: () => this.lastDelivered,
      },
      echo,
    );
    this.includeSchema = Object.fromEntries(opts.databases.map((d) => [d, true as const]));
    const hb = opts.heartbeat;
    if (!opts.databases.includes(hb.database)) {
      this.includeSchema[hb.database] = echo ? [hb.table, echo.table] : [hb.table];
    }
  }

  /** Where the next transaction starts: the end of the last one handed on. */
  get position(): BinlogPosition {
    return this.lastDelivered;
  }

  async *read(from: BinlogPosition): AsyncGenerator<StreamItem> {
    this.lastDelivered = from;
    this.assembler.reset(this.lastDelivered);
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
      this.assembler.reset(this.lastDelivered);
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
          this.assembler.onEvent(event);
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

  private push(item: StreamItem): void {
    this.queue.push(item);
    if (item.kind === 'rows') this.queuedRows += item.changes.length;
    else this.lastDelivered = item.end;
    // Paused again even when already paused: the decoder resumes the socket on its own after
    // fetching a table's columns.
    if (this.queuedRows > HIGH_WATER_ROWS) this.setPaused(true);
    this.wakeUp();
  }
}
