import {
  GtidSet,
  MariadbGtidPosition,
  type AnyBinlogEvent,
  type RowData,
  type TableMapEntry,
} from '@vlasky/zongji';
import type { BinlogPosition } from '../../shared/position.js';
import { CutoverError } from '../errors.js';
import { compareBinlog, type BinlogCoordinates } from './BinlogCoordinates.js';
import type { HeartbeatTable } from './BinlogReader.js';
import { prepareColumns, type ColumnCodec } from './ColumnCodec.js';
import { originOf, type RowChange, type StreamItem, type TxnOrigin } from './StreamItems.js';

/** Rows of one transaction held before they are handed on in pieces. */
const PIECE_ROWS = 2_000;
/** The common header of every binlog event, which the decoder leaves out of `size`. */
const EVENT_HEADER_BYTES = 19;

type GtidState = MariadbGtidPosition | GtidSet;

interface OpenTransaction {
  rows: RowChange[];
  /** Written by Cutover carrying changes from the other side: passing it on would echo them. */
  echo: boolean;
  /** Some of its rows were handed on already: a reconnect would deliver them again. */
  streamed: boolean;
  heartbeatMs: number | null;
}

/** The marker row Cutover's apply workers write first in every transaction (MetaTables). */
export interface EchoMarker {
  database: string;
  table: string;
  /** Tasks whose transactions carry changes from this stream's target: skipped whole. */
  tasks: ReadonlySet<string>;
}

export interface AssemblySink {
  push(item: StreamItem): void;
  /** The end of the last transaction handed on. */
  delivered(): BinlogPosition;
}

/**
 * Turns binlog events, in order, into what the reader hands on: the row changes of each
 * transaction (in pieces for large ones), its commit with the position after it and the GTID
 * state there, DDL statements, and the heartbeats of this task.
 */
export class TransactionAssembler {
  private file = '';
  private gtid: GtidState | null = null;
  private pendingGtid: Parameters<GtidState['add']>[0] | null = null;
  private origin: TxnOrigin | null = null;
  private txnStart: BinlogCoordinates | null = null;
  private open: OpenTransaction | null = null;
  private readonly codecs = new Map<number, ColumnCodec[]>();

  constructor(
    private readonly heartbeat: HeartbeatTable,
    private readonly sink: AssemblySink,
    private readonly marker: EchoMarker | null = null,
  ) {}

  /** Starts over at `from`: a new connection streams from there. */
  reset(from: BinlogPosition): void {
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

  private begin(): OpenTransaction {
    this.open ??= { rows: [], echo: false, streamed: false, heartbeatMs: null };
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
    if (txn && txn.rows.length > 0 && !txn.echo) {
      this.sink.push({ kind: 'rows', changes: txn.rows });
    }
    this.sink.push({
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
        : { file: this.sink.delivered().file, pos: this.sink.delivered().pos };
  }

  onEvent(event: AnyBinlogEvent): void {
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
          this.sink.push({
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
          if (compareBinlog(end, this.sink.delivered()) > 0) {
            this.sink.push({
              kind: 'commit',
              end,
              timestampMs: event.timestamp,
              heartbeatMs: null,
            });
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
      file: this.sink.delivered().file,
      pos: this.sink.delivered().pos,
    };
    const database = entry.parentSchema;
    const table = entry.tableName;
    const hb = this.heartbeat;
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
    const marker = this.marker;
    if (marker && database === marker.database && table === marker.table) {
      for (const r of e.rows) {
        const row = (type === 'UpdateRows' ? (r as { after: RowData }).after : r) as RowData;
        const task = row.task;
        if (Buffer.isBuffer(task) && marker.tasks.has(task.toString('utf8'))) txn.echo = true;
      }
      if (txn.echo) txn.rows = [];
      return;
    }
    if (txn.echo) return;
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
      this.sink.push({ kind: 'rows', changes: txn.rows });
      txn.rows = [];
      txn.streamed = true;
    }
  }
}
