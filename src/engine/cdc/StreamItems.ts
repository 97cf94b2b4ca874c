/** What the binlog reader hands on: row changes, commits and DDL, in binlog order. */
import type { RowData } from '@vlasky/zongji';
import type { BinlogPosition } from '../../shared/position.js';
import type { BinlogCoordinates } from './BinlogCoordinates.js';
import type { ColumnCodec } from './ColumnCodec.js';

export type ChangeKind = 'insert' | 'update' | 'delete';

/**
 * Where a transaction stands in the source's GTID history: `seq` orders the transactions of one
 * `stream` (a MariaDB domain, a MySQL server uuid). Null without GTIDs.
 */
export interface TxnOrigin {
  stream: string;
  seq: bigint;
}

/** One changed row as the binlog carries it: full before and/or after images. */
export interface RowChange {
  database: string;
  table: string;
  kind: ChangeKind;
  origin: TxnOrigin | null;
  /** Where the change's transaction begins in the binlog. */
  txnStart: BinlogCoordinates;
  columns: ColumnCodec[];
  before: RowData | null;
  after: RowData | null;
}

/**
 * What the reader hands on, in binlog order. A transaction is its `rows` items followed by one
 * `commit`; `end` is where reading resumes after it. Small transactions come as one rows item;
 * large ones in several, so a 1M-row transaction never sits in memory whole.
 */
export type StreamItem =
  | { kind: 'rows'; changes: RowChange[] }
  | { kind: 'commit'; end: BinlogPosition; timestampMs: number; heartbeatMs: number | null }
  | {
      kind: 'ddl';
      sql: string;
      database: string | null;
      end: BinlogPosition;
      timestampMs: number;
    };

/** 'uuid:42' or 'uuid:tag:42' → the uuid (and tag) as the stream, 42 as the sequence. */
export function originOf(gtid: string | undefined): TxnOrigin | null {
  const m = gtid ? /^(.*):(\d+)$/.exec(gtid) : null;
  return m ? { stream: m[1] ?? '', seq: BigInt(m[2] ?? '0') } : null;
}
