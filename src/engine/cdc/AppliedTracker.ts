import type { BinlogPosition } from '../../shared/position.js';

/** What is known about one source transaction once everything in it is applied. */
export interface AppliedTransaction {
  seq: number;
  end: BinlogPosition;
  /** When the source wrote it (binlog event time, second precision). */
  timestampMs: number;
  /** A heartbeat it carried: when the engine wrote it on the source (millisecond clock). */
  heartbeatMs: number | null;
  rows: number;
}

interface Entry {
  pending: number;
  rows: number;
  sealed: AppliedTransaction | null;
}

/**
 * Follows every source transaction until the target has all of it. Workers finish rows out of
 * order, so the applied position is the end of the longest run of finished transactions from the
 * start: resuming there never skips a change, and replays only changes that are idempotent.
 */
export class AppliedTracker {
  private readonly entries = new Map<number, Entry>();
  private head: number;

  constructor(
    firstSeq: number,
    private readonly onApplied: (txn: AppliedTransaction) => void,
  ) {
    this.head = firstSeq;
  }

  private entry(seq: number): Entry {
    let e = this.entries.get(seq);
    if (!e) this.entries.set(seq, (e = { pending: 0, rows: 0, sealed: null }));
    return e;
  }

  /** Rows of `seq` handed to the workers. */
  added(seq: number, rows: number): void {
    const e = this.entry(seq);
    e.pending += rows;
    e.rows += rows;
  }

  /** Rows of `seq` committed on the target. */
  applied(seq: number, rows: number): void {
    this.entry(seq).pending -= rows;
    this.advance();
  }

  /** The transaction's commit was read: no more rows will come for it. */
  sealed(txn: Omit<AppliedTransaction, 'rows'>): void {
    const e = this.entry(txn.seq);
    e.sealed = { ...txn, rows: e.rows };
    this.advance();
  }

  /** Transactions read but not yet applied. */
  get inFlight(): number {
    return this.entries.size;
  }

  private advance(): void {
    for (;;) {
      const e = this.entries.get(this.head);
      if (!e || e.sealed === null || e.pending > 0) return;
      this.entries.delete(this.head);
      this.head += 1;
      this.onApplied(e.sealed);
    }
  }
}
