import type { Endpoint } from '../connect/Endpoint.js';
import type { KeyValue } from '../store/ChunkRepository.js';
import { keyToHex, orderBy, rangeCondition } from './CopyKey.js';
import type { TableCopyPlan } from './TableCopyPlan.js';

/**
 * Cuts a table into key ranges of about `chunkRows` rows, one at a time: each upper bound is
 * the key `chunkRows` rows past the previous one, read from the key's index. Nothing is held
 * but the current bound, whatever the table's size.
 */
export class Splitter {
  constructor(
    private readonly source: Endpoint,
    private readonly plan: TableCopyPlan,
    private readonly chunkRows: number,
  ) {}

  /** The upper bound of the chunk after `lower`; null when the rest of the table fits in it. */
  async nextUpper(lower: KeyValue | null): Promise<KeyValue | null> {
    const key = this.plan.key;
    if (!key) return null;
    const sql =
      `SELECT ${orderBy(key)} FROM ${this.plan.source}` +
      (lower ? ` WHERE ${rangeCondition(key, lower, null)}` : '') +
      ` ORDER BY ${orderBy(key)} LIMIT 1 OFFSET ${this.chunkRows - 1}`;
    const [row] = await this.source.queryRaw(sql);
    return row ? keyToHex(row) : null;
  }
}
