import type { Session } from '../connect/Endpoint.js';
import type { ApplyItem } from './ChangePlanner.js';
import { KEYLESS_TABLE } from './MetaTables.js';

interface Mark {
  seq: bigint;
  index: number;
}

function after(item: Mark, mark: Mark | null): boolean {
  return mark === null || item.seq > mark.seq || (item.seq === mark.seq && item.index > mark.index);
}

/**
 * Exactly-once for tables without a key. A replayed INSERT into such a table would add the row a
 * second time, so every change to one carries its place in the source's GTID history (stream,
 * sequence, index within the transaction), and the transaction that applies it also records the
 * last place applied per table and stream. A change at or before the recorded place is skipped.
 * Without GTIDs there is no such place, and a crash may repeat the last changes of a keyless
 * table.
 */
export class KeylessLedger {
  private readonly marks = new Map<string, Mark | null>();

  constructor(private readonly task: string) {}

  private static key(item: ApplyItem): string | null {
    return item.origin ? `${item.route.target}\u0000${item.origin.stream}` : null;
  }

  /** The items not applied before, reading the recorded places the batch needs. */
  async fresh(s: Session, items: ApplyItem[]): Promise<ApplyItem[]> {
    for (const item of items) {
      const key = KeylessLedger.key(item);
      if (key === null || this.marks.has(key) || !item.origin) continue;
      const [row] = await s.query<{ seq: string; idx: string | number }>(
        `SELECT seq, idx FROM ${KEYLESS_TABLE} WHERE task = ? AND tbl = ? AND stream = ?`,
        [this.task, item.route.target, item.origin.stream],
      );
      this.marks.set(key, row ? { seq: BigInt(row.seq), index: Number(row.idx) } : null);
    }
    return items.filter((item) => {
      const key = KeylessLedger.key(item);
      return key === null || !item.origin || after(item.origin, this.marks.get(key) ?? null);
    });
  }

  /** Statements recording the last place of each table and stream among the items. */
  record(items: ApplyItem[]): { sql: string; values: unknown[] }[] {
    return [...this.latest(items)].map(([, { item, mark }]) => ({
      sql:
        `INSERT INTO ${KEYLESS_TABLE} (task, tbl, stream, seq, idx) VALUES (?, ?, ?, ?, ?)` +
        ' ON DUPLICATE KEY UPDATE seq = VALUES(seq), idx = VALUES(idx)',
      values: [this.task, item.route.target, item.origin?.stream, mark.seq.toString(), mark.index],
    }));
  }

  /** The items' transaction committed: their places are the new marks. */
  committed(items: ApplyItem[]): void {
    for (const [key, { mark }] of this.latest(items)) this.marks.set(key, mark);
  }

  private latest(items: ApplyItem[]): Map<string, { item: ApplyItem; mark: Mark }> {
    const latest = new Map<string, { item: ApplyItem; mark: Mark }>();
    for (const item of items) {
      const key = KeylessLedger.key(item);
      if (key === null || !item.origin) continue;
      const seen = latest.get(key);
      if (!seen || after(item.origin, seen.mark)) {
        latest.set(key, { item, mark: { seq: item.origin.seq, index: item.origin.index } });
      }
    }
    return latest;
  }
}
