import type { BinlogPosition } from '../../../shared/position.js';
import type { BinlogCoordinates } from '../../cdc/BinlogCoordinates.js';
import type { RawRow } from '../../connect/Endpoint.js';
import { CutoverError } from '../../errors.js';
import { readBinlogPosition } from '../../snapshot/BinlogPositionReader.js';
import { keyToHex, orderBy, rangeCondition } from '../../snapshot/CopyKey.js';
import { START_POSITION_STREAM } from '../../snapshot/FullCopy.js';
import type { Throttler } from '../../snapshot/Throttler.js';
import { quoteIdent, qualify } from '../../sql/Identifiers.js';
import type { CheckpointRepository } from '../../store/CheckpointRepository.js';
import type { KeyValue } from '../../store/ChunkRepository.js';
import type { ProgressRepository } from '../../store/ProgressRepository.js';
import { readEvent, type RowValues } from './KafkaEvent.js';
import type { KafkaRoute, KafkaSession } from './KafkaSession.js';
import type { OutgoingMessage } from './KafkaSink.js';

/** Where a table's copy to Kafka stands: the last key acknowledged, and whether it is done. */
export interface TableMark {
  lastKey: KeyValue | null;
  rows: number;
  done: boolean;
  /**
   * Where in the binlog the consistent snapshot the table was read in stands: the change stream
   * skips the table's changes before it, which the copy already holds. Null when read in pages.
   */
  snapshot?: BinlogCoordinates | null;
}

export const markStream = (database: string, table: string): string =>
  `kafka-copy:${database}.${table}`;

const markOf = (route: KafkaRoute): string =>
  markStream(route.mapping.source.database, route.mapping.source.table);

export interface KafkaSnapshotOptions {
  taskId: string;
  /** Rows per page read and sent before its checkpoint. */
  pageRows: number;
  concurrency: number;
  throttler: Throttler;
  signal: AbortSignal;
  /** The binlog position is recorded first, for the change stream to start from. */
  needsPosition: boolean;
  onLog(level: 'info' | 'warn', message: string): void;
  onProgress(route: KafkaRoute, rowsDone: number, done: boolean): void;
}

/**
 * The full step to Kafka: every selected row as a read event (Debezium's op "r"), table by
 * table. Where the source tells the binlog position of a consistent snapshot (MariaDB), each
 * table is read in one such snapshot and the change stream skips the table's changes before
 * it: a consumer sees each row's copy, then exactly the changes after it, in order. A crash
 * mid-table reads the table again in a new snapshot. Elsewhere the table is read in key order a
 * page at a time, each page checkpointed once acknowledged; the stream then replays changes
 * from before the copy, so a consumer may see a row's copy followed by older changes of it
 * that end at the same state (docs/kafka.md).
 */
export class KafkaSnapshot {
  constructor(
    private readonly session: KafkaSession,
    private readonly stores: { checkpoints: CheckpointRepository; progress: ProgressRepository },
    private readonly opts: KafkaSnapshotOptions,
  ) {}

  async run(): Promise<void> {
    await this.recordStartPosition();
    const routes = [...this.session.routes.values()];
    let next = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        const route = routes[next++];
        if (!route) return;
        await this.copy(route);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.opts.concurrency) }, worker));
    const invalid = this.session.encoder.invalidText;
    if (invalid > 0) {
      this.opts.onLog(
        'warn',
        `${invalid} text value(s) held bytes not valid in their column's charset; they were sent with U+FFFD in their place.`,
      );
    }
  }

  private async recordStartPosition(): Promise<void> {
    if (!this.opts.needsPosition) return;
    if (this.stores.checkpoints.get(this.opts.taskId, START_POSITION_STREAM)) return;
    const position: BinlogPosition = await readBinlogPosition(this.session.source);
    this.stores.checkpoints.put(this.opts.taskId, START_POSITION_STREAM, position);
    this.opts.onLog('info', `Binlog position before the copy: ${position.file}:${position.pos}.`);
  }

  private mark(route: KafkaRoute): TableMark {
    const saved = this.stores.checkpoints.get(this.opts.taskId, markOf(route));
    return (saved?.position as TableMark | undefined) ?? { lastKey: null, rows: 0, done: false };
  }

  private async copy(route: KafkaRoute): Promise<void> {
    const mark = this.mark(route);
    if (mark.done) return;
    const { mapping } = route;
    const columns = route.table.columns.map((c) => c.name);
    const select = `SELECT ${columns.map(quoteIdent).join(', ')} FROM ${qualify(mapping.source.database, mapping.source.table)}`;
    const filter = mapping.where ? `(${mapping.where})` : null;
    const key = route.copyKey;
    if (!key || this.session.source.info.flavor === 'mariadb') {
      await this.copyWhole(route, `${select}${filter ? ` WHERE ${filter}` : ''}`, columns, mark);
      return;
    }
    const keyIndexes = key.columns.map((c) => columns.indexOf(c.name));
    for (;;) {
      if (this.opts.signal.aborted) throw this.interrupted(route);
      const conditions = [
        ...(mark.lastKey ? [rangeCondition(key, mark.lastKey, null)] : []),
        ...(filter ? [filter] : []),
      ];
      const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
      const rows = await this.session.source.queryRaw(
        `${select}${where} ORDER BY ${orderBy(key)} LIMIT ${this.opts.pageRows}`,
      );
      if (rows.length > 0) {
        await this.send(route, rows, columns, mark.rows);
        mark.rows += rows.length;
        const last = rows[rows.length - 1] as RawRow;
        mark.lastKey = keyToHex(keyIndexes.map((i) => last[i] ?? null));
      }
      mark.done = rows.length < this.opts.pageRows;
      this.stores.checkpoints.put(this.opts.taskId, markOf(route), mark);
      this.progress(route, mark, route.def.estimatedRows);
      if (mark.done) return;
    }
  }

  /** One pass in a consistent snapshot, its mark set only at the end. */
  private async copyWhole(
    route: KafkaRoute,
    sql: string,
    columns: string[],
    mark: TableMark,
  ): Promise<void> {
    let rows = 0;
    let page: RawRow[] = [];
    let snapshot: BinlogCoordinates | null = null;
    const batches = this.session.source.streamRaw(sql, [], 256, (at) => (snapshot = at));
    for await (const batch of batches) {
      if (this.opts.signal.aborted) throw this.interrupted(route);
      page.push(...batch);
      if (page.length >= this.opts.pageRows) {
        await this.send(route, page, columns, rows);
        rows += page.length;
        page = [];
        this.opts.onProgress(route, rows, false);
      }
    }
    await this.send(route, page, columns, rows);
    mark.rows = rows + page.length;
    mark.done = true;
    mark.snapshot = snapshot;
    this.stores.checkpoints.put(this.opts.taskId, markOf(route), mark);
    this.progress(route, mark, route.def.estimatedRows);
  }

  /** `offset`: rows of the table sent before, which number a keyless table's rows. */
  private async send(
    route: KafkaRoute,
    rows: RawRow[],
    columns: string[],
    offset: number,
  ): Promise<void> {
    if (rows.length === 0) return;
    const now = Date.now();
    const messages: OutgoingMessage[] = [];
    let bytes = 0;
    for (const raw of rows) {
      const values: RowValues = {};
      columns.forEach((c, i) => {
        values[c] = raw[i] ?? null;
        bytes += raw[i]?.length ?? 0;
      });
      const event = readEvent(
        this.session.encoder,
        route.table,
        values,
        now,
        offset + messages.length,
      );
      messages.push({ topic: route.topic, ...this.session.format.row(event) });
    }
    await this.opts.throttler.take(rows.length, bytes, this.opts.signal);
    await this.session.sink.send(messages);
  }

  private progress(route: KafkaRoute, mark: TableMark, estimated: number): void {
    const { mapping } = route;
    this.stores.progress.upsert({
      taskId: this.opts.taskId,
      step: 'full',
      sourceDb: mapping.source.database,
      sourceTable: mapping.source.table,
      targetDb: mapping.target.database,
      targetTable: mapping.target.table,
      state: mark.done ? 'done' : 'running',
      rowsDone: mark.rows,
      rowsTotal: mark.done ? mark.rows : Math.max(estimated, mark.rows),
      bytesDone: 0,
      chunksDone: 0,
      chunksTotal: null,
    });
    this.opts.onProgress(route, mark.rows, mark.done);
  }

  private interrupted(route: KafkaRoute): CutoverError {
    return new CutoverError(
      'INTERRUPTED',
      `Stopped the copy to Kafka in ${route.mapping.source.database}.${route.mapping.source.table}.`,
      'Run the task again: it resumes after the last page the broker acknowledged.',
    );
  }
}
