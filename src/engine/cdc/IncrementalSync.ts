import type { TableMapping } from '../../shared/catalog.js';
import type { BinlogPosition } from '../../shared/position.js';
import type { StreamStatus } from '../../shared/stream.js';
import { CutoverError, isCutoverError } from '../errors.js';
import { readBinlogPosition } from '../snapshot/BinlogPositionReader.js';
import { START_POSITION_STREAM, tableSnapshotStream } from '../snapshot/FullCopy.js';
import type { Throttler } from '../snapshot/Throttler.js';
import type { CheckpointRepository } from '../store/CheckpointRepository.js';
import { ChangedTables } from './ChangedTables.js';
import type { StreamStatsRepository } from '../store/StreamStatsRepository.js';
import type { TaskSession } from '../task/TaskSession.js';
import { AppliedTracker, type AppliedTransaction } from './AppliedTracker.js';
import { compareBinlog, type BinlogCoordinates } from './BinlogCoordinates.js';
import { BinlogReader } from './BinlogReader.js';
import { describe } from './ReaderErrors.js';
import { ApplyWorker, applyFailed } from './ApplyWorker.js';
import { planChange, type ApplyItem } from './ChangePlanner.js';
import { DdlApplier, type DdlPolicy } from './DdlApplier.js';
import { Dispatcher } from './Dispatcher.js';
import { LagMeter } from './LagMeter.js';
import {
  createMarkerTable,
  HEARTBEAT_TABLE_NAME,
  MARKER_TABLE_NAME,
  META_DATABASE,
  startHeartbeats,
  heartbeatTimer,
} from './MetaTables.js';
import { charsetsOf, RouteTable } from './TableRoute.js';
import { TargetShapes } from './TargetShapes.js';

/** The checkpoint stream of the forward binlog reader. */
export const BINLOG_STREAM = 'binlog';
/**
 * The tables the stream replicates, as of its checkpoint: DDL in the stream adds, renames and
 * drops tables, and the source's catalog when a run starts may already be further on.
 */
export const TABLES_STREAM = 'binlog-tables';
/** Where the statement a run paused on ends, so `--skip-paused-ddl` passes exactly that one. */
export const PAUSED_DDL_STREAM = 'binlog-paused-ddl';

export interface IncrementalOptions {
  taskId: string;
  taskName: string;
  /** The replica server_id the reader announces. */
  serverId: number;
  workers: number;
  throttler: Throttler;
  signal: AbortSignal;
  /** Stop once everything the source committed before the start of the step is applied. */
  untilCaughtUp: boolean;
  /** Pass the statement a previous run paused on (DDL_PAUSED / DDL_UNSUPPORTED). */
  skipPausedDdl: boolean;
  ddl: DdlPolicy;
  /**
   * Tasks that write this stream's source with changes read from its target (the other
   * direction of a reverse or two-way sync): their marked transactions are skipped, not echoed.
   */
  echoOf: string[];
  onLog(level: 'info' | 'warn', message: string): void;
  onStatus(status: StreamStatus): void;
}

export interface IncrementalStores {
  checkpoints: CheckpointRepository;
  stats: StreamStatsRepository;
}

export type IncrementalOutcome = 'caught-up' | 'stopped';

const CHECKPOINT_EVERY_MS = 200;
const STATUS_EVERY_MS = 1_000;
const BATCH_ROWS = 2_000;
const QUEUE_LIMIT = 10_000;

/**
 * The incremental step: reads the source's binlog from where the full copy started (or the last
 * checkpoint), applies every change to the selected tables on the target with several workers,
 * and records after each fully applied transaction where to resume. Runs until stopped, or with
 * `untilCaughtUp` until the target has everything the source had committed when it started.
 */
export class IncrementalSync {
  private readonly routes = new RouteTable();
  /** Ends reading: caught up, stopped by the user, or failed. */
  private readonly stop = new AbortController();
  /** Ends applying: stopped by the user, or failed. Reaching the end still applies what was read. */
  private readonly halt = new AbortController();
  private failure: unknown = null;
  private applied!: BinlogPosition;
  private lastSaved = 0;
  private lag: LagMeter;
  private heartbeats = false;
  private inFlight = 0;
  private changes!: ChangedTables;

  constructor(
    private readonly session: TaskSession,
    private readonly stores: IncrementalStores,
    private readonly opts: IncrementalOptions,
  ) {
    this.lag = new LagMeter('heartbeat');
  }

  private startPosition(): BinlogPosition {
    const { checkpoints } = this.stores;
    const saved =
      checkpoints.get(this.opts.taskId, BINLOG_STREAM) ??
      checkpoints.get(this.opts.taskId, START_POSITION_STREAM);
    if (!saved) {
      throw new CutoverError(
        'BINLOG_UNAVAILABLE',
        'There is no binlog position to start incremental sync from: the full step records it before copying.',
        'Add "full" before "incremental" in the task\'s steps and run the task again.',
      );
    }
    return saved.position as BinlogPosition;
  }

  /**
   * A route per copied table. Its shape is the target's copy of the table, which is the source's
   * as of the applied position (the schema step made it so, and every DDL since was applied in
   * stream order); a table copied with a column subset keeps the source's shape, since the
   * binlog carries all its columns.
   */
  private async buildRoutes(): Promise<void> {
    const skipped = new Set(
      this.session.plan.statements
        .filter((s) => s.kind === 'table' && s.skipped)
        .map((s) => s.object),
    );
    const saved = this.stores.checkpoints.get(this.opts.taskId, TABLES_STREAM);
    const mappings =
      (saved?.position as TableMapping[] | undefined) ??
      this.session.mappings.filter((m) => !skipped.has(`${m.target.database}.${m.target.table}`));
    const shapes = new TargetShapes(this.session.target);
    for (const mapping of mappings) {
      const def = this.session.tableDef(mapping.source.database, mapping.source.table);
      const shape = mapping.columns === null || !def ? await shapes.read(mapping) : null;
      const current = shape ?? def;
      if (current) this.routes.set(mapping, current, def ? charsetsOf(def) : undefined);
    }
  }

  private async prepareMetaTables(): Promise<void> {
    await createMarkerTable(this.session.target);
    this.heartbeats = await startHeartbeats(
      this.session.source,
      this.opts.taskName,
      this.opts.onLog,
    );
  }

  /**
   * Applies a DDL statement, or passes the one a previous run paused on when the person says
   * they made the change; a pause records where the statement ends for that.
   */
  private async applyDdl(
    ddl: DdlApplier,
    item: { sql: string; database: string | null; end: BinlogPosition },
  ): Promise<void> {
    const { checkpoints } = this.stores;
    const paused = checkpoints.get(this.opts.taskId, PAUSED_DDL_STREAM)?.position as
      BinlogCoordinates | undefined;
    if (this.opts.skipPausedDdl && samePlace(item.end, paused)) {
      this.opts.onLog('warn', `Passed the statement the task paused on, as asked: ${item.sql}`);
      // The person made the change on the target by hand.
      this.changes.ddl(new Date());
      return;
    }
    try {
      if (await ddl.apply(item.sql, item.database)) this.changes.ddl(new Date());
    } catch (e) {
      if (isCutoverError(e) && (e.code === 'DDL_PAUSED' || e.code === 'DDL_UNSUPPORTED')) {
        checkpoints.put(this.opts.taskId, PAUSED_DDL_STREAM, {
          file: item.end.file,
          pos: item.end.pos,
        });
      }
      throw e;
    }
  }

  private readonly snapshots = new Map<string, BinlogCoordinates | null>();

  private keylessSnapshot(mapping: TableMapping): BinlogCoordinates | null {
    const stream = tableSnapshotStream(mapping.source.database, mapping.source.table);
    if (!this.snapshots.has(stream)) {
      const saved = this.stores.checkpoints.get(this.opts.taskId, stream);
      this.snapshots.set(stream, (saved?.position as BinlogCoordinates | undefined) ?? null);
    }
    return this.snapshots.get(stream) ?? null;
  }

  private fail(e: unknown): void {
    this.failure ??= e;
    this.stop.abort();
    this.halt.abort();
  }

  private status(): StreamStatus {
    return { ...this.lag.stats(), applied: this.applied, inFlight: this.inFlight };
  }

  private save(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastSaved < CHECKPOINT_EVERY_MS) return;
    this.lastSaved = now;
    this.stores.checkpoints.put(this.opts.taskId, BINLOG_STREAM, this.applied);
    this.changes.save();
  }

  /** After DDL: the tables and the position after the statement, together. */
  private saveTables(): void {
    this.stores.checkpoints.put(
      this.opts.taskId,
      TABLES_STREAM,
      this.routes.all().map((r) => r.mapping),
    );
    this.save(true);
  }

  private onApplied(txn: AppliedTransaction, target: BinlogPosition | null): void {
    this.applied = txn.end;
    this.inFlight -= 1;
    const now = Date.now();
    if (txn.heartbeatMs !== null) this.lag.sample(now - txn.heartbeatMs, now);
    else if (!this.heartbeats && txn.rows > 0) this.lag.sample(now - txn.timestampMs, now);
    if (txn.heartbeatMs === null) this.lag.appliedTransaction(txn.rows, now);
    this.save(false);
    if (target && compareBinlog(this.applied, target) >= 0) this.stop.abort();
  }

  async run(): Promise<IncrementalOutcome> {
    const start = this.startPosition();
    this.applied = start;
    this.changes = new ChangedTables(this.stores.checkpoints, this.opts.taskId);
    await this.buildRoutes();
    await this.prepareMetaTables();
    if (!this.heartbeats) this.lag = new LagMeter('event-time');
    const target = this.opts.untilCaughtUp ? await readBinlogPosition(this.session.source) : null;
    this.opts.onLog(
      'info',
      `Reading the binlog from ${describe(start)}${target ? `; caught up at ${target.file}:${target.pos}` : ''}.`,
    );
    if (target && compareBinlog(start, target) >= 0) return 'caught-up';

    const onAbort = (): void => {
      this.stop.abort();
      this.halt.abort();
    };
    this.opts.signal.addEventListener('abort', onAbort);
    // A stop asked for while the stream was starting must not be lost.
    if (this.opts.signal.aborted) onAbort();
    const tracker = new AppliedTracker(1, (txn) => this.onApplied(txn, target));
    const maxStatement = Math.max(64 * 1024, this.session.target.info.maxAllowedPacket - 4096);
    let dispatcher: Dispatcher | null = null;
    const workers = Array.from(
      { length: Math.max(1, this.opts.workers) },
      (_, index) =>
        new ApplyWorker({
          index,
          task: this.opts.taskName,
          target: this.session.target,
          throttler: this.opts.throttler,
          signal: this.halt.signal,
          batchRows: BATCH_ROWS,
          maxStatementBytes: Math.min(maxStatement, 4 * 1024 * 1024),
          queueLimit: QUEUE_LIMIT,
          onApplied: (items) => {
            dispatcher?.release(items);
            countBySeq(items, (seq, n) => tracker.applied(seq, n));
          },
          onLog: this.opts.onLog,
        }),
    );
    dispatcher = new Dispatcher(workers);
    const running = workers.map((w) =>
      w.run().catch((e: unknown) => this.fail(isCutoverError(e) ? e : applyFailed(e))),
    );
    const timers = [
      setInterval(() => {
        const status = this.status();
        this.opts.onStatus(status);
        this.stores.stats.put(this.opts.taskId, BINLOG_STREAM, status);
      }, STATUS_EVERY_MS),
      ...(this.heartbeats
        ? [heartbeatTimer(this.session.source, this.opts.taskName, this.opts.onLog)]
        : []),
    ];
    const ddl = new DdlApplier(this.session, this.routes, new TargetShapes(this.session.target), {
      policy: this.opts.ddl,
      onLog: this.opts.onLog,
    });

    try {
      await this.stream(start, tracker, dispatcher, ddl);
      if (this.failure === null && target && compareBinlog(this.applied, target) >= 0) {
        await dispatcher.drain();
      }
    } catch (e) {
      this.fail(e);
    } finally {
      for (const t of timers) clearInterval(t);
      for (const w of workers) w.stop();
      await Promise.all(running);
      this.opts.signal.removeEventListener('abort', onAbort);
      this.save(true);
      const status = this.status();
      this.stores.stats.put(this.opts.taskId, BINLOG_STREAM, status);
      this.opts.onStatus(status);
    }
    if (this.failure !== null) throw this.failure;
    if (target && compareBinlog(this.applied, target) >= 0) return 'caught-up';
    if (this.opts.signal.aborted) {
      throw new CutoverError(
        'INTERRUPTED',
        `Stopped incremental sync at ${describe(this.applied)}.`,
        'Run the task again: it resumes from there.',
      );
    }
    return 'stopped';
  }

  private async stream(
    start: BinlogPosition,
    tracker: AppliedTracker,
    dispatcher: Dispatcher,
    ddl: DdlApplier,
  ): Promise<void> {
    const reader = new BinlogReader({
      source: this.session.source,
      serverId: this.opts.serverId,
      databases: [...new Set(this.session.spec.objects.map((o) => o.database))],
      heartbeat: { database: META_DATABASE, table: HEARTBEAT_TABLE_NAME, task: this.opts.taskName },
      echo: { database: META_DATABASE, table: MARKER_TABLE_NAME, tasks: new Set(this.opts.echoOf) },
      describeTable: (database, table) => this.routes.describe(database, table),
      signal: this.stop.signal,
      onLog: this.opts.onLog,
    });
    let seq = 1;
    let open = false;
    /** Changes to each keyless table so far in the open transaction. */
    const keylessCount = new Map<number, number>();
    for await (const item of reader.read(start)) {
      if (this.stop.signal.aborted) break;
      switch (item.kind) {
        case 'rows': {
          if (!open) this.inFlight += 1;
          open = true;
          for (const change of item.changes) {
            const route = this.routes.get(change.database, change.table);
            if (!route) continue;
            this.changes.touched(route.mapping.source, Date.now());
            let index = 0;
            if (route.key === null) {
              // Already in the table's copy, which was read in a snapshot at this point.
              const copiedAt = this.keylessSnapshot(route.mapping);
              if (copiedAt && compareBinlog(change.txnStart, copiedAt) < 0) continue;
              index = (keylessCount.get(route.id) ?? 0) + 1;
              keylessCount.set(route.id, index);
            }
            for (const apply of planChange(seq, route, change, index)) {
              tracker.added(seq, 1);
              await dispatcher.dispatch(apply);
            }
          }
          break;
        }
        case 'commit':
          if (!open) this.inFlight += 1;
          open = false;
          keylessCount.clear();
          tracker.sealed({
            seq,
            end: item.end,
            timestampMs: item.timestampMs,
            heartbeatMs: item.heartbeatMs,
          });
          seq += 1;
          break;
        case 'ddl':
          this.inFlight += 1;
          await dispatcher.drain();
          if (this.failure !== null) return;
          await this.applyDdl(ddl, item);
          tracker.sealed({ seq, end: item.end, timestampMs: item.timestampMs, heartbeatMs: null });
          this.saveTables();
          seq += 1;
          break;
      }
    }
  }
}

function samePlace(a: BinlogCoordinates, b: BinlogCoordinates | undefined): boolean {
  return b !== undefined && a.file === b.file && a.pos === b.pos;
}

function countBySeq(items: ApplyItem[], fn: (seq: number, n: number) => void): void {
  let seq = -1;
  let n = 0;
  for (const item of items) {
    if (item.seq !== seq) {
      if (n > 0) fn(seq, n);
      seq = item.seq;
      n = 0;
    }
    n += 1;
  }
  if (n > 0) fn(seq, n);
}
