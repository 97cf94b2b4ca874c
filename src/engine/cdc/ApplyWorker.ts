import { setTimeout as sleep } from 'node:timers/promises';
import type { Endpoint, Session } from '../connect/Endpoint.js';
import { CutoverError } from '../errors.js';
import type { Throttler } from '../snapshot/Throttler.js';
import type { ApplyItem } from './ChangePlanner.js';
import { KeylessLedger } from './KeylessLedger.js';
import { buildStatements } from './StatementBuilder.js';
import { MARKER_TABLE } from './MetaTables.js';

export interface ApplyWorkerOptions {
  index: number;
  task: string;
  target: Endpoint;
  throttler: Throttler;
  signal: AbortSignal;
  /** Items one target transaction takes at most. */
  batchRows: number;
  /** Largest statement sent. */
  maxStatementBytes: number;
  /** Items queued before push() waits. */
  queueLimit: number;
  onApplied(items: ApplyItem[]): void;
  onLog(level: 'info' | 'warn', message: string): void;
}

/** MySQL error numbers after which the same batch is simply tried again. */
const RETRY_ERRNOS = new Set([
  1205, // lock wait timeout
  1213, // deadlock
  1053, // server shutdown in progress
  1927, // connection killed
  2006, // server has gone away
  2013, // lost connection
  4031, // disconnected by the server for inactivity
]);
const RETRY_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CONNECTION_KILLED',
]);
const MAX_ATTEMPTS = 30;

function retryable(e: unknown): boolean {
  for (let cur: unknown = e; cur; cur = (cur as { cause?: unknown }).cause) {
    const { errno, code } = cur as { errno?: unknown; code?: unknown };
    if (typeof errno === 'number' && RETRY_ERRNOS.has(errno)) return true;
    if (typeof code === 'string' && RETRY_CODES.has(code)) return true;
  }
  return false;
}

/**
 * One target connection applying the changes given to it, in order, a batch per target
 * transaction. Every transaction first writes the task's marker row, so a stream reading the
 * target's binlog (reverse sync) can tell these writes from the application's. A batch that
 * fails on a deadlock or a lost connection is applied again whole: its statements are
 * idempotent.
 */
export class ApplyWorker {
  private readonly queue: ApplyItem[] = [];
  private current: ApplyItem[] | null = null;
  private halted = false;
  private itemWaiter: (() => void) | null = null;
  private readonly spaceWaiters: (() => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private readonly keyless: KeylessLedger;

  constructor(private readonly opts: ApplyWorkerOptions) {
    this.keyless = new KeylessLedger(opts.task);
  }

  /** The worker no longer applies anything (stopped, or failed). */
  get stopped(): boolean {
    return this.halted;
  }

  get busy(): boolean {
    return this.queue.length > 0 || this.current !== null;
  }

  async push(item: ApplyItem): Promise<void> {
    while (this.queue.length >= this.opts.queueLimit && !this.halted) {
      await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
    }
    this.queue.push(item);
    this.itemWaiter?.();
  }

  /** Resolves once everything pushed so far is applied (or the worker stopped). */
  idle(): Promise<void> {
    if (!this.busy || this.halted) return Promise.resolve();
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Ends run() after the batch in progress; queued items are left for the next run. */
  stop(): void {
    this.halted = true;
    this.itemWaiter?.();
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const w of this.spaceWaiters.splice(0)) w();
    if (!this.busy || this.halted) for (const w of this.idleWaiters.splice(0)) w();
  }

  async run(): Promise<void> {
    try {
      await this.attempts();
    } finally {
      this.halted = true;
      this.wakeAll();
    }
  }

  private async attempts(): Promise<void> {
    let attempts = 0;
    while (!this.halted) {
      try {
        await this.opts.target.session((s) => this.loop(s, () => (attempts = 0)));
        return;
      } catch (e) {
        if (this.halted || this.opts.signal.aborted) return;
        attempts += 1;
        if (!retryable(e) || attempts > MAX_ATTEMPTS) throw e;
        const wait = Math.min(10_000, 100 * 2 ** attempts);
        this.opts.onLog(
          'warn',
          `Applier ${this.opts.index}: ${e instanceof Error ? e.message : String(e)}; retrying the batch in ${wait} ms.`,
        );
        await sleep(wait, undefined, { signal: this.opts.signal }).catch(() => undefined);
      }
    }
  }

  private async prepare(s: Session): Promise<void> {
    await s.execute('SET SESSION foreign_key_checks = 0');
    // As the full copy writes: values exactly as the source holds them, 0 in AUTO_INCREMENT
    // columns kept.
    await s.execute("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION'");
    // Row locks only: gap locks would make workers on neighbouring keys wait for each other.
    await s.execute('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
    if (this.opts.target.info.flavor === 'oceanbase') {
      for (const name of ['ob_query_timeout', 'ob_trx_timeout']) {
        await s.execute(`SET SESSION ${name} = 3600000000`).catch(() => undefined);
      }
    }
  }

  private async next(): Promise<ApplyItem[] | null> {
    while (this.queue.length === 0 && !this.halted) {
      for (const w of this.idleWaiters.splice(0)) w();
      await new Promise<void>((resolve) => (this.itemWaiter = resolve));
      this.itemWaiter = null;
    }
    if (this.halted) return null;
    const batch = this.queue.splice(0, this.opts.batchRows);
    for (const w of this.spaceWaiters.splice(0)) w();
    return batch;
  }

  private async loop(s: Session, succeeded: () => void): Promise<void> {
    await this.prepare(s);
    for (;;) {
      const batch = this.current ?? (await this.next());
      if (!batch) return;
      this.current = batch;
      await this.opts.throttler.take(batch.length, 0, this.opts.signal);
      await this.apply(s, batch);
      this.current = null;
      succeeded();
      this.opts.onApplied(batch);
      if (!this.busy) for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  private async apply(s: Session, batch: ApplyItem[]): Promise<void> {
    const fresh = await this.keyless.fresh(s, batch);
    const statements = buildStatements(fresh, this.opts.maxStatementBytes);
    const last = batch[batch.length - 1];
    await s.execute('START TRANSACTION');
    try {
      await s.execute(
        `INSERT INTO ${MARKER_TABLE} (task, worker, seq, applied_at_ms) VALUES (?, ?, ?, ?)` +
          ' ON DUPLICATE KEY UPDATE seq = VALUES(seq), applied_at_ms = VALUES(applied_at_ms)',
        [this.opts.task, this.opts.index, last?.seq ?? 0, Date.now()],
      );
      for (const sql of statements) await s.execute(sql);
      for (const mark of this.keyless.record(fresh)) await s.execute(mark.sql, mark.values);
      await s.execute('COMMIT');
      this.keyless.committed(fresh);
    } catch (e) {
      await s.execute('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }
}

export function applyFailed(e: unknown): CutoverError {
  return new CutoverError(
    'APPLY_FAILED',
    `Applying changes on the target failed: ${e instanceof Error ? e.message : String(e)}`,
    'Fix the cause named above on the target, then run the task again: it resumes from the last applied transaction.',
    { cause: e },
  );
}
