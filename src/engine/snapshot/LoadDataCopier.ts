import type { Endpoint, Session } from '../connect/Endpoint.js';
import type { Chunk } from '../store/ChunkRepository.js';
import { chunkSelectSql, interrupted, type ChunkCopier, type ChunkResult } from './ChunkCopier.js';
import type { TableCopyPlan } from './TableCopyPlan.js';
import type { Throttler } from './Throttler.js';
import { encodeTsvRow } from './TsvEncoder.js';

/** Bytes handed to the server at a time: the grain of the throttle and of progress. */
const PIECE_BYTES = 256 * 1024;

/**
 * Copies a chunk as one `LOAD DATA LOCAL INFILE` fed straight from the source stream: the
 * server parses tab-separated raw bytes far faster than INSERT statements, and the chunk is
 * one statement, so it lands whole or not at all. Only for targets and columns where raw bytes
 * mean the same value (TableCopyPlan.loadable).
 */
export class LoadDataCopier implements ChunkCopier {
  constructor(
    private readonly source: Endpoint,
    private readonly throttler: Throttler,
  ) {}

  async copy(
    target: Session,
    plan: TableCopyPlan,
    chunk: Chunk,
    signal: AbortSignal,
    onBatch: (rows: number, bytes: number) => void,
  ): Promise<ChunkResult> {
    const total: ChunkResult = { rows: 0, bytes: 0 };
    // One transaction per chunk: a load cut short (a stop, a source error) leaves nothing.
    await target.execute('START TRANSACTION');
    try {
      await this.load(target, plan, chunk, signal, onBatch, total);
      await target.execute('COMMIT');
    } catch (e) {
      await target.execute('ROLLBACK').catch(() => undefined);
      throw e;
    }
    return total;
  }

  private async load(
    target: Session,
    plan: TableCopyPlan,
    chunk: Chunk,
    signal: AbortSignal,
    onBatch: (rows: number, bytes: number) => void,
    total: ChunkResult,
  ): Promise<void> {
    await target.loadLocal(plan.loadSql, async (sink) => {
      let parts: Buffer[] = [];
      const size = { encoded: 0, raw: 0 };
      let rows = 0;
      const flush = async (): Promise<void> => {
        if (rows === 0) return;
        if (signal.aborted) throw interrupted();
        await this.throttler.take(rows, size.raw, signal).catch(() => {
          throw interrupted();
        });
        await sink.write(Buffer.concat(parts, size.encoded));
        total.rows += rows;
        total.bytes += size.raw;
        onBatch(rows, size.raw);
        parts = [];
        size.encoded = 0;
        size.raw = 0;
        rows = 0;
      };
      for await (const batch of this.source.streamRaw(
        chunkSelectSql(plan, chunk),
        [],
        plan.readAhead,
        plan.key === null ? (p) => (total.snapshot = p) : undefined,
      )) {
        for (const row of batch) {
          encodeTsvRow(row, plan.plainText, parts, size);
          rows += 1;
          if (size.encoded >= PIECE_BYTES) await flush();
        }
      }
      await flush();
    });
  }
}
