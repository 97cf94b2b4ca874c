import type { Endpoint, Session } from '../connect/Endpoint.js';
import { CutoverError } from '../errors.js';
import type { Chunk } from '../store/ChunkRepository.js';
import { rangeCondition } from './CopyKey.js';
import type { TableCopyPlan } from './TableCopyPlan.js';
import type { Throttler } from './Throttler.js';
import type { ValueEncoder } from './ValueEncoder.js';

export interface BatchLimits {
  /** Rows per INSERT; kept constant so the target's plan cache sees one statement shape. */
  rows: number;
  /** Bytes per INSERT statement a batch aims for. */
  bytes: number;
  /** The largest statement the target accepts (its max_allowed_packet, less a margin). */
  maxStatement: number;
}

export interface ChunkResult {
  rows: number;
  bytes: number;
  /**
   * For a table without a key (copied whole in one snapshot): where in the binlog the snapshot
   * stands, or null where the source cannot say.
   */
  snapshot?: { file: string; pos: number } | null;
}

export function interrupted(): CutoverError {
  return new CutoverError(
    'INTERRUPTED',
    'Stopped during the full copy.',
    'Run the task again: it continues with the chunks that were not finished.',
  );
}

/** How one chunk gets from the source to the target (FullCopy has cleared a re-copied one). */
export interface ChunkCopier {
  copy(
    target: Session,
    plan: TableCopyPlan,
    chunk: Chunk,
    signal: AbortSignal,
    onBatch: (rows: number, bytes: number) => void,
  ): Promise<ChunkResult>;
}

/** The SELECT that reads a chunk: its key range and the task's row filter. */
export function chunkSelectSql(plan: TableCopyPlan, chunk: Chunk): string {
  const conditions: string[] = [];
  if (plan.key) conditions.push(rangeCondition(plan.key, chunk.lower, chunk.upper));
  if (plan.where) conditions.push(`(${plan.where})`);
  const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  return `SELECT ${plan.selectList} FROM ${plan.source}${where}`;
}

/**
 * Removes what an earlier, interrupted copy of the chunk wrote, so copying it again leaves no
 * duplicates; a table without a key is one chunk and is emptied.
 */
export async function clearChunk(
  target: Session,
  plan: TableCopyPlan,
  chunk: Chunk,
): Promise<void> {
  if (plan.key) {
    await target.execute(
      `DELETE FROM ${plan.target} WHERE ${rangeCondition(plan.key, chunk.lower, chunk.upper)}`,
    );
  } else {
    await target.execute(`DELETE FROM ${plan.target}`);
  }
}

/**
 * Copies a chunk with multi-row INSERTs, reading the next batch while the previous one is being
 * written. Works on every target; values are SQL literals (ValueEncoder).
 */
export class InsertCopier implements ChunkCopier {
  constructor(
    private readonly source: Endpoint,
    private readonly limits: BatchLimits,
    private readonly throttler: Throttler,
  ) {}

  async copy(
    target: Session,
    plan: TableCopyPlan,
    chunk: Chunk,
    signal: AbortSignal,
    onBatch: (rows: number, bytes: number) => void,
  ): Promise<ChunkResult> {
    const encoders = plan.encoders;
    const prefix = plan.insertPrefix;
    // Everything after the prefix is ASCII (digits, hex, quotes), so string length is bytes.
    const prefixBytes = Buffer.byteLength(prefix);
    let values: string[] = [];
    let size = prefixBytes;
    let rawBytes = 0;
    let pending: Promise<void> | null = null;
    const total: ChunkResult = { rows: 0, bytes: 0 };

    const flush = async (): Promise<void> => {
      if (values.length === 0) return;
      const sql = prefix + values.join(',');
      const rows = values.length;
      const bytes = rawBytes;
      values = [];
      size = prefixBytes;
      rawBytes = 0;
      await pending;
      if (signal.aborted) throw interrupted();
      await this.throttler.take(rows, bytes, signal).catch(() => {
        throw interrupted();
      });
      pending = target.execute(sql).then(() => {
        total.rows += rows;
        total.bytes += bytes;
        onBatch(rows, bytes);
      });
      // A failed write surfaces at the next await of `pending`; keep it from going unhandled.
      pending.catch(() => undefined);
    };

    for await (const batch of this.source.streamRaw(
      chunkSelectSql(plan, chunk),
      [],
      plan.readAhead,
      plan.key === null ? (p) => (total.snapshot = p) : undefined,
    )) {
      for (const row of batch) {
        let tuple = '(';
        for (let i = 0; i < row.length; i++) {
          const raw = row[i] ?? null;
          if (raw) rawBytes += raw.length;
          tuple += (i ? ',' : '') + (encoders[i] as ValueEncoder)(raw);
        }
        tuple += ')';
        if (values.length > 0 && size + tuple.length + 1 > this.limits.bytes) await flush();
        if (prefixBytes + tuple.length > this.limits.maxStatement) {
          throw new CutoverError(
            'COPY_FAILED',
            `A row of ${plan.source} is ${tuple.length} bytes as SQL, more than the target accepts in one statement.`,
            "Raise the target's max_allowed_packet (cutover precheck prints the statement) and run the task again.",
          );
        }
        values.push(tuple);
        size += tuple.length + 1;
        if (values.length >= this.limits.rows) await flush();
      }
    }
    await flush();
    await pending;
    return total;
  }
}
