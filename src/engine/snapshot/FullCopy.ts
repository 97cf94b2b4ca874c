import type { BinlogPosition } from '../../shared/position.js';
import type { Session } from '../connect/Endpoint.js';
import { CutoverError, isCutoverError } from '../errors.js';
import type { CheckpointRepository } from '../store/CheckpointRepository.js';
import type { Chunk, ChunkRepository } from '../store/ChunkRepository.js';
import type { ProgressRepository, TableProgressInput } from '../store/ProgressRepository.js';
import type { TaskSession } from '../task/TaskSession.js';
import { readBinlogPosition } from './BinlogPositionReader.js';
import { clearChunk, InsertCopier, type BatchLimits, type ChunkCopier } from './ChunkCopier.js';
import { LoadDataCopier } from './LoadDataCopier.js';
import { RateMeter } from './RateMeter.js';
import { Splitter } from './Splitter.js';
import { planTableCopy, type TableCopyPlan } from './TableCopyPlan.js';
import type { Throttler } from './Throttler.js';
import { WorkQueue } from './WorkQueue.js';

export const START_POSITION_STREAM = 'binlog-start';

/**
 * Where in the binlog the copy of a table without a key stands. Changes to such a table cannot
 * be replayed over its copy harmlessly (an INSERT would add the row again), so the change stream
 * applies only the transactions after this point to it.
 */
export function tableSnapshotStream(database: string, table: string): string {
  return `table-snapshot:${database}.${table}`;
}

export interface TableCopyProgress extends TableProgressInput {
  rowsPerSecond: number;
  bytesPerSecond: number;
  etaSeconds: number | null;
}

export interface FullCopyOptions {
  taskId: string;
  concurrency: number;
  throttler: Throttler;
  signal: AbortSignal;
  /** Rows per chunk: the unit of checkpointing and of re-copying after a crash. */
  chunkRows: number;
  batch?: Partial<BatchLimits>;
  /** Whether a missing binlog is fatal (the task has an incremental step). */
  needsPosition: boolean;
  /** 'auto': LOAD DATA LOCAL where the target allows it and it is exact, else INSERT. */
  loader: 'auto' | 'insert';
  onProgress(progress: TableCopyProgress): void;
  onLog(level: 'info' | 'warn', message: string): void;
}

export interface FullCopyStores {
  chunks: ChunkRepository;
  progress: ProgressRepository;
  checkpoints: CheckpointRepository;
}

const DEFAULT_BATCH_ROWS = 1_000;
const DEFAULT_BATCH_BYTES = 4 * 1024 * 1024;

interface Work {
  table: TableRun;
  chunk: Chunk;
}

/** What the copy knows about one table while it runs. */
class TableRun {
  readonly rate = new RateMeter();
  rowsDone = 0;
  bytesDone = 0;
  chunksDone = 0;
  chunksCut = 0;
  /** The upper bound of the last chunk cut; where the next one starts. */
  nextLower: string[] | null = null;
  /** Every chunk of the table has been cut. */
  cut = false;
  resumed: Chunk[] = [];

  constructor(
    readonly plan: TableCopyPlan,
    readonly splitter: Splitter,
  ) {}

  get done(): boolean {
    return this.cut && this.chunksDone === this.chunksCut;
  }
}

/**
 * The full step: records where the binlog is, then copies every selected table chunk by chunk
 * with `concurrency` workers, checkpointing each finished chunk, and creates the objects that
 * wait for the data (foreign keys, triggers). Run again after a crash or a stop, it continues
 * with the chunks that were not finished; the binlog position stays the one first recorded.
 */
export class FullCopy {
  private readonly insert: ChunkCopier;
  private readonly load: ChunkCopier;
  private useLoadData = false;
  private readonly abort = new AbortController();
  /** chunksDone when each table's progress was last written to the store. */
  private readonly lastStored = new Map<TableRun, number>();

  constructor(
    private readonly session: TaskSession,
    private readonly stores: FullCopyStores,
    private readonly opts: FullCopyOptions,
  ) {
    const target = session.target.info;
    const maxStatement = Math.max(64 * 1024, target.maxAllowedPacket - 4096);
    this.load = new LoadDataCopier(session.source, opts.throttler);
    this.insert = new InsertCopier(
      session.source,
      {
        rows: opts.batch?.rows ?? DEFAULT_BATCH_ROWS,
        bytes: Math.min(opts.batch?.bytes ?? DEFAULT_BATCH_BYTES, Math.floor(maxStatement / 2)),
        maxStatement,
      },
      opts.throttler,
    );
  }

  async run(): Promise<void> {
    await this.recordStartPosition();
    this.useLoadData = await this.loadDataAllowed();
    const tables = this.tables();
    const pending = tables.filter((t) => !t.done);
    if (pending.length > 0) await this.copyAll(pending);
  }

  private async recordStartPosition(): Promise<void> {
    const { taskId } = this.opts;
    if (this.stores.checkpoints.get(taskId, START_POSITION_STREAM)) return;
    let position: BinlogPosition;
    try {
      position = await readBinlogPosition(this.session.source);
    } catch (e) {
      if (this.opts.needsPosition || !isCutoverError(e) || e.code !== 'BINLOG_UNAVAILABLE') throw e;
      this.opts.onLog('info', 'The source has no binlog; no start position recorded.');
      return;
    }
    this.stores.checkpoints.put(taskId, START_POSITION_STREAM, position);
    const gtid = position.gtid ? `, GTID ${position.gtid}` : '';
    this.opts.onLog(
      'info',
      `Binlog position before the copy: ${position.file}:${position.pos}${gtid}.`,
    );
  }

  /**
   * LOAD DATA LOCAL is several times faster for the target to ingest, but servers may refuse it
   * (local_infile OFF is MySQL 8's default), and OceanBase's version drops duplicates silently.
   */
  private async loadDataAllowed(): Promise<boolean> {
    const target = this.session.target;
    if (this.opts.loader !== 'auto' || target.info.flavor === 'oceanbase') return false;
    const setting = await target.variable('global.local_infile');
    if (setting === '1' || setting?.toUpperCase() === 'ON') return true;
    this.opts.onLog(
      'info',
      `LOAD DATA LOCAL is off on the ${target.where} (local_infile); copying with INSERT, which is slower. SET GLOBAL local_infile = ON allows the faster path.`,
    );
    return false;
  }

  /** One TableRun per table the schema step created, restored from the chunks already cut. */
  private tables(): TableRun[] {
    const skipped = new Set(
      this.session.plan.statements
        .filter((s) => s.kind === 'table' && s.skipped)
        .map((s) => s.object),
    );
    const runs: TableRun[] = [];
    for (const mapping of this.session.mappings) {
      if (skipped.has(`${mapping.target.database}.${mapping.target.table}`)) continue;
      const def = this.session.tableDef(mapping.source.database, mapping.source.table);
      if (!def) continue;
      const plan = planTableCopy(mapping, def, this.session.target.info);
      const run = new TableRun(plan, new Splitter(this.session.source, plan, this.opts.chunkRows));
      const chunks = this.stores.chunks.list(
        this.opts.taskId,
        mapping.source.database,
        mapping.source.table,
      );
      for (const c of chunks) {
        if (c.state === 'done') {
          run.rowsDone += c.rows;
          run.bytesDone += c.bytes;
          run.chunksDone += 1;
        } else {
          run.resumed.push(c);
        }
      }
      run.chunksCut = chunks.length;
      const last = chunks[chunks.length - 1];
      run.nextLower = last?.upper ?? null;
      run.cut = last !== undefined && last.upper === null;
      runs.push(run);
      if (run.done) this.report(run, 'done');
    }
    return runs;
  }

  /**
   * Cuts chunks in table order, first those a previous run left unfinished, then new ones, a
   * few ahead of the workers: cutting runs while they copy instead of between their chunks.
   */
  private async cut(tables: TableRun[], queue: WorkQueue<Work>): Promise<void> {
    try {
      for (const table of tables) {
        for (const chunk of table.resumed) await queue.put({ table, chunk });
        while (!table.cut) {
          if (this.abort.signal.aborted) return;
          const lower = table.nextLower;
          const upper = await table.splitter.nextUpper(lower);
          const chunk = this.stores.chunks.add({
            taskId: this.opts.taskId,
            sourceDb: table.plan.mapping.source.database,
            sourceTable: table.plan.mapping.source.table,
            seq: table.chunksCut,
            lower,
            upper,
          });
          table.chunksCut += 1;
          table.nextLower = upper;
          table.cut = upper === null;
          await queue.put({ table, chunk });
        }
      }
    } catch (e) {
      queue.fail(e);
      this.abort.abort();
    } finally {
      // Also when stopped part-way: workers waiting for a chunk must hear there is none coming.
      queue.close();
    }
  }

  private async copyAll(tables: TableRun[]): Promise<void> {
    const onOuterAbort = (): void => this.abort.abort();
    this.opts.signal.addEventListener('abort', onOuterAbort);
    const workers = Math.max(1, this.opts.concurrency);
    const queue = new WorkQueue<Work>(workers * 2);
    for (const t of tables) this.report(t, 'running');
    try {
      const cutter = this.cut(tables, queue);
      const copiers = Array.from({ length: workers }, () =>
        this.session.target.session((s) => this.worker(s, queue)),
      );
      const results = await Promise.allSettled(copiers);
      queue.close();
      await cutter;
      const failures = results
        .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
        .map((r) => r.reason as unknown);
      // The first real failure explains the others, which only stopped because of it.
      const cause =
        failures.find((e) => !(isCutoverError(e) && e.code === 'INTERRUPTED')) ?? failures[0];
      if (cause !== undefined) throw cause;
      if (this.opts.signal.aborted) {
        throw new CutoverError(
          'INTERRUPTED',
          'Stopped during the full copy.',
          'Run the task again: it continues with the chunks that were not finished.',
        );
      }
    } finally {
      this.opts.signal.removeEventListener('abort', onOuterAbort);
    }
  }

  private async prepare(target: Session): Promise<void> {
    await target.execute('SET SESSION foreign_key_checks = 0');
    // Values the source holds are written as they are, including those its own sql_mode once
    // let in and a strict mode refuses (zero dates, ENUM's '' error value); 0 in an
    // AUTO_INCREMENT column stays 0. Verification, not the loader, proves the copy.
    await target.execute("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION'");
    if (this.session.target.info.flavor === 'oceanbase') {
      // Defaults of 10 s per statement and 100 s per transaction are too short for bulk loads.
      // Releases without these variables have no such limits, so a refusal is not an error.
      for (const name of ['ob_query_timeout', 'ob_trx_timeout']) {
        await target.execute(`SET SESSION ${name} = 3600000000`).catch(() => undefined);
      }
    }
  }

  private async worker(target: Session, queue: WorkQueue<Work>): Promise<void> {
    await this.prepare(target);
    try {
      for (;;) {
        if (this.abort.signal.aborted) return;
        const next = await queue.take();
        if (next.done) return;
        await this.copyChunk(target, next.value.table, next.value.chunk);
      }
    } catch (e) {
      this.abort.abort();
      throw e;
    }
  }

  private async copyChunk(target: Session, table: TableRun, chunk: Chunk): Promise<void> {
    if (chunk.state === 'pending') this.stores.chunks.setState(chunk, 'started');
    else if (chunk.state === 'started') await clearChunk(target, table.plan, chunk);
    const copier = this.useLoadData && table.plan.loadable ? this.load : this.insert;
    const result = await copier.copy(
      target,
      table.plan,
      chunk,
      this.abort.signal,
      (rows, bytes) => {
        table.rowsDone += rows;
        table.bytesDone += bytes;
        table.rate.add(rows, bytes);
        this.report(table, 'running');
      },
    );
    if (result.snapshot !== undefined) this.recordSnapshot(table, result.snapshot);
    this.stores.chunks.setState(chunk, 'done', result.rows, result.bytes);
    table.chunksDone += 1;
    this.report(table, table.done ? 'done' : 'running');
  }

  private recordSnapshot(table: TableRun, at: { file: string; pos: number } | null): void {
    const { database, table: name } = table.plan.mapping.source;
    if (at) {
      this.stores.checkpoints.put(this.opts.taskId, tableSnapshotStream(database, name), at);
    } else if (this.opts.needsPosition) {
      this.opts.onLog(
        'warn',
        `${database}.${name} has no key and the source cannot say where in the binlog its copy stands: changes written to it during its copy may be applied twice by incremental sync. Give it a primary key, or copy it while it is not written.`,
      );
    }
  }

  private report(table: TableRun, state: 'running' | 'done'): void {
    const { mapping } = table.plan;
    const total =
      state === 'done' ? table.rowsDone : Math.max(table.plan.estimatedRows, table.rowsDone);
    const progress: TableProgressInput = {
      taskId: this.opts.taskId,
      step: 'full',
      sourceDb: mapping.source.database,
      sourceTable: mapping.source.table,
      targetDb: mapping.target.database,
      targetTable: mapping.target.table,
      state,
      rowsDone: table.rowsDone,
      rowsTotal: total,
      bytesDone: table.bytesDone,
      chunksDone: table.chunksDone,
      chunksTotal: table.cut ? table.chunksCut : null,
    };
    // The store is written once per chunk and at state changes; batches only update the view.
    if (state === 'done' || table.chunksDone !== this.lastStored.get(table)) {
      this.stores.progress.upsert(progress);
      this.lastStored.set(table, table.chunksDone);
    }
    const rates = table.rate.rates();
    this.opts.onProgress({
      ...progress,
      ...rates,
      etaSeconds: state === 'done' ? 0 : table.rate.etaSeconds(total - table.rowsDone),
    });
  }
}
