import { setTimeout as sleep } from 'node:timers/promises';
import type { StreamStats } from '../../shared/stream.js';
import type { TaskSpec } from '../../shared/task.js';
import type { VerificationReport } from '../../shared/verify.js';
import { compareBinlog, type BinlogCoordinates } from '../cdc/BinlogCoordinates.js';
import { BINLOG_STREAM } from '../cdc/IncrementalSync.js';
import { CutoverError } from '../errors.js';
import { readBinlogPosition } from '../snapshot/BinlogPositionReader.js';
import { CheckpointRepository } from '../store/CheckpointRepository.js';
import type { Store } from '../store/Store.js';
import { StepRepository } from '../store/StepRepository.js';
import { StreamStatsRepository } from '../store/StreamStatsRepository.js';
import type { Task } from '../store/TaskRepository.js';
import { VerificationRepository } from '../store/VerificationRepository.js';
import { PAUSE, TaskRunner } from '../task/TaskRunner.js';
import { TaskSession } from '../task/TaskSession.js';
import { storeStreamWatch } from '../verify/StreamWatch.js';
import { verifyTables } from '../verify/Verifier.js';

/** How long the checks watch the caught-up stream's lag. */
const LAG_WINDOW_MS = 3_000;
const POLL_MS = 200;

export interface PreSwitchOptions {
  /** Asks the person a yes/no question (whether to verify now). */
  confirm(question: string): Promise<boolean>;
  /** The most lag the forward stream may show, ms. */
  maxLagMs: number;
  signal?: AbortSignal;
}

/** The tables a verification found differences in. */
export function differingTables(report: VerificationReport): string[] {
  return report.tables.filter((t) => t.differenceCount > 0).map((t) => t.source);
}

/**
 * The switchover's first step, before anything is changed: the task has a change stream that
 * catches up, a consistent verification (or one made now, with the person's yes, while the
 * stream runs), and a lag small enough that writes stopped on the source wait little for the
 * drain. The forward stream runs while they look, and is paused afterwards.
 */
export class PreSwitchChecks {
  constructor(
    private readonly store: Store,
    private readonly spec: TaskSpec,
    private readonly task: Task,
    private readonly opts: PreSwitchOptions,
  ) {}

  /** Resolves with what the checks found, and the highest lag they saw (null: none measured). */
  async run(): Promise<{ detail: string; lagMs: number | null }> {
    const steps = new StepRepository(this.store.db).list(this.task.id);
    const done = (name: string) => steps.some((s) => s.step === name && s.state === 'done');
    if (!this.spec.steps.includes('incremental') || !done('full')) {
      throw new CutoverError(
        'USAGE',
        `Task "${this.spec.name}" has no running change stream to switch over from (its full copy is not done, or it has no incremental step).`,
        'Run the task with schema, full and incremental steps until it is caught up, then switch over.',
      );
    }
    if (this.task.state === 'failed') {
      throw new CutoverError(
        'USAGE',
        `Task "${this.spec.name}" failed: ${this.task.error?.message ?? 'see its log'}.`,
        'Fix the failure and run the task until it is caught up, then switch over.',
      );
    }
    return this.whileStreaming(async (session, caughtUp) => {
      await caughtUp;
      const verified = await this.verifiedOrOffer(session);
      const lag = await this.observeLag();
      const max = this.opts.maxLagMs;
      if (lag !== null && lag > max) {
        throw new CutoverError(
          'LAG_TOO_HIGH',
          `The change stream lags ${lag} ms behind the source after catching up (limit ${max} ms): writes stopped on the source would wait about that long for the drain.`,
          'Wait for a quieter period, give the stream more apply workers (options.applyWorkers) or lift its throttle, or allow more lag (--max-lag).',
        );
      }
      const measured =
        lag === null ? 'not measured (no heartbeat or change in the window)' : `${lag} ms`;
      return {
        detail: `change stream caught up, lag ${measured} (limit ${max} ms); ${verified}`,
        lagMs: lag,
      };
    });
  }

  /**
   * The last verification when it was consistent; otherwise, with the person's yes, a new one
   * while the stream runs (the stream's checkpoint tells which rows are still in flight).
   */
  private async verifiedOrOffer(session: TaskSession): Promise<string> {
    const reports = new VerificationRepository(this.store.db);
    const last = reports.latest(this.task.id);
    if (last?.consistent) return `last verification ${last.startedAt} consistent`;
    const why = last
      ? 'The last verification found differences.'
      : 'The task has not been verified yet.';
    const ok = await this.opts.confirm(
      `${why} Verify its ${session.mappings.length} table(s) now, with the change stream running?`,
    );
    if (!ok) {
      throw new CutoverError(
        'VERIFY_DIFFERENCES',
        why,
        'Run `cutover verify TASK.json` (with --repair if needed) while the stream runs, or let the switchover verify, then switch over.',
      );
    }
    const report = await verifyTables(session, {
      concurrency: this.spec.options.concurrency,
      chunkRows: this.spec.options.chunkRows,
      signal: this.opts.signal ?? new AbortController().signal,
      stream: storeStreamWatch(session.source, this.store, this.task.id),
    });
    reports.add(this.task.id, report);
    if (!report.consistent) {
      throw new CutoverError(
        'VERIFY_DIFFERENCES',
        `The verification found differences in ${differingTables(report).join(', ')}.`,
        'Repair them with `cutover verify TASK.json --repair` while the stream runs, then switch over.',
      );
    }
    return `verified now: ${report.tables.length} table(s) consistent`;
  }

  /**
   * Runs the forward stream while `use` works: `caughtUp` resolves once it has applied
   * everything the source had committed when it started. The stream is paused afterwards.
   */
  private async whileStreaming<T>(
    use: (session: TaskSession, caughtUp: Promise<void>) => Promise<T>,
  ): Promise<T> {
    const stop = new AbortController();
    const onAbort = (): void => stop.abort(this.opts.signal?.reason);
    this.opts.signal?.addEventListener('abort', onAbort);
    let failure: unknown = null;
    let ended = false;
    const running = new TaskRunner(this.store, this.spec)
      .run({ signal: stop.signal })
      .catch((e: unknown) => {
        if (!stop.signal.aborted) failure = e;
      })
      .finally(() => {
        ended = true;
      });
    try {
      const session = await TaskSession.open(this.spec);
      try {
        const until = await readBinlogPosition(session.source);
        const checkpoints = new CheckpointRepository(this.store.db);
        const caughtUp = (async () => {
          for (;;) {
            if (failure !== null) throw failure;
            if (ended || this.opts.signal?.aborted) {
              throw new CutoverError(
                'INTERRUPTED',
                'The change stream stopped before catching up.',
                'Run the switchover again.',
              );
            }
            const applied = checkpoints.get(this.task.id, BINLOG_STREAM)?.position as
              BinlogCoordinates | undefined;
            if (applied && compareBinlog(applied, until) >= 0) return;
            await sleep(POLL_MS);
          }
        })();
        return await use(session, caughtUp);
      } finally {
        await session.close();
      }
    } finally {
      stop.abort(PAUSE);
      await running;
      this.opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The highest lag the running stream reports over a short window, ms; null if it reports none. */
  private async observeLag(): Promise<number | null> {
    const stats = new StreamStatsRepository(this.store.db);
    const from = new Date().toISOString();
    let worst: number | null = null;
    const end = Date.now() + LAG_WINDOW_MS;
    while (Date.now() < end && !this.opts.signal?.aborted) {
      await sleep(POLL_MS);
      const latest = stats.list<StreamStats>(this.task.id).find((x) => x.stream === BINLOG_STREAM);
      const lag = latest && latest.updatedAt > from ? latest.stats.lagMs : null;
      if (lag !== null) worst = Math.max(worst ?? 0, lag);
    }
    return worst;
  }
}
