import type { TaskEvent } from '../../shared/events.js';
import {
  isKafkaTask,
  type AnyTaskSpec,
  type StepName,
  type UntilPoint,
} from '../../shared/task.js';
import { CutoverError, isCutoverError, toErrorInfo } from '../errors.js';
import type { CheckResult } from '../../shared/precheck.js';
import { precheckAnyTask } from '../precheck/KafkaPrecheck.js';
import { runPrecheck } from '../precheck/Prechecker.js';
import { readBinlogPosition } from '../snapshot/BinlogPositionReader.js';
import { prepareReverseTask, twoWayReverseSpec } from '../switchover/ReverseTask.js';
import { recordPrecheck } from '../precheck/PrecheckRecord.js';
import { Throttler } from '../snapshot/Throttler.js';
import type { Store } from '../store/Store.js';
import { EventRepository } from '../store/EventRepository.js';
import { StepRepository } from '../store/StepRepository.js';
import { TaskRepository, type Task } from '../store/TaskRepository.js';
import { ProgressGate } from './ProgressGate.js';
import type { StepContext } from './StepContext.js';
import { runFullStep } from './steps/FullStep.js';
import { runIncrementalStep } from './steps/IncrementalStep.js';
import { runSchemaStep } from './steps/SchemaStep.js';
import { runVerifyStep } from './steps/VerifyStep.js';
import { watchThrottle } from './ThrottleControl.js';
import { TaskSession } from './TaskSession.js';
import { KafkaSession } from '../sinks/kafka/KafkaSession.js';
import { runKafkaStep } from './steps/KafkaSteps.js';

export type RunOutcome = 'done' | 'reached-until';

/** The step after which each `--until` point is reached. */
const UNTIL_STEP: Record<UntilPoint, StepName> = {
  'schema-done': 'schema',
  'full-done': 'full',
  'caught-up': 'incremental',
};

export type TaskListener = (event: TaskEvent) => void;

/** The abort reason that leaves an interrupted task `paused` rather than `stopped`. */
export const PAUSE = 'pause';

export interface RunOptions {
  until?: UntilPoint;
  /** Pass the DDL statement the change stream paused on: the person made the change by hand. */
  skipPausedDdl?: boolean;
  signal?: AbortSignal;
}

/**
 * Runs a task's steps in order and records each step's state in the store, so that running the
 * same task again continues after the last finished step. Steps report through events; the
 * hosts (CLI, desktop, browser) only display them.
 */
export class TaskRunner {
  private readonly listeners = new Set<TaskListener>();
  private readonly tasks: TaskRepository;
  private readonly steps: StepRepository;
  private readonly events: EventRepository;
  private readonly gate = new ProgressGate();
  /** Shared by every step that moves rows; `cutover throttle` changes it while running. */
  private readonly throttler: Throttler;

  constructor(
    private readonly store: Store,
    private readonly spec: AnyTaskSpec,
  ) {
    this.tasks = new TaskRepository(store.db);
    this.steps = new StepRepository(store.db);
    this.events = new EventRepository(store.db);
    this.throttler = new Throttler({
      rowsPerSecond: spec.options.maxRowsPerSecond,
      bytesPerSecond: spec.options.maxBytesPerSecond,
    });
  }

  onEvent(listener: TaskListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: TaskEvent): void {
    if (!this.gate.pass(event)) return;
    for (const l of this.listeners) l(event);
  }

  private log(task: Task, level: 'info' | 'warn' | 'error', message: string, code?: string): void {
    this.events.append(task.id, { level, message, ...(code ? { code } : {}) });
    this.emit({ type: 'log', task: task.name, level, message, ...(code ? { code } : {}) });
  }

  async run(opts: RunOptions = {}): Promise<RunOutcome> {
    const { task, created } = this.tasks.createOrGet(this.spec);
    this.log(task, 'info', created ? 'Task created.' : `Resuming task (was ${task.state}).`);
    this.tasks.setState(task.id, 'running');
    this.emit({ type: 'task', task: task.name, state: 'running' });

    let session: TaskSession | KafkaSession | null = null;
    const stopWatching = watchThrottle(this.store.dir, this.spec.name, (limits) => {
      this.throttler.setLimits(limits);
      this.log(
        task,
        'info',
        `Throttle set to ${limits.rowsPerSecond || 'unlimited'} rows/s, ${limits.bytesPerSecond || 'unlimited'} bytes/s.`,
      );
    });
    try {
      session = isKafkaTask(this.spec)
        ? await KafkaSession.open(this.spec, (level, message) => this.log(task, level, message))
        : await TaskSession.open(this.spec);
      const stopAfter = opts.until ? UNTIL_STEP[opts.until] : null;
      if (stopAfter && !this.spec.steps.includes(stopAfter)) {
        throw new CutoverError(
          'USAGE',
          `--until ${opts.until} waits for the ${stopAfter} step, which this task does not have (steps: ${this.spec.steps.join(', ')}).`,
          `Add "${stopAfter}" to the task's steps, or choose another --until.`,
        );
      }
      const recorded = this.steps.list(task.id);
      if (recorded.length === 0) {
        this.judgePrecheck(
          task,
          session instanceof TaskSession
            ? await runPrecheck(session)
            : await precheckAnyTask(session.spec),
        );
      }
      const done = new Set(recorded.filter((s) => s.state === 'done').map((s) => s.step));
      for (const step of this.spec.steps) {
        if (!done.has(step)) {
          const finished = await this.runStep(task, session, step, opts);
          if (!finished) {
            this.tasks.setState(task.id, 'paused', { currentStep: step });
            this.log(task, 'info', `Reached --until ${opts.until}.`);
            this.emit({ type: 'task', task: task.name, state: 'paused' });
            return 'reached-until';
          }
        }
        if (step === stopAfter) {
          this.tasks.setState(task.id, 'paused', { currentStep: step });
          this.log(task, 'info', `Reached --until ${opts.until}.`);
          this.emit({ type: 'task', task: task.name, state: 'paused' });
          return 'reached-until';
        }
      }
      this.tasks.setState(task.id, 'done', { currentStep: null });
      this.emit({ type: 'task', task: task.name, state: 'done' });
      return 'done';
    } catch (e) {
      const info = toErrorInfo(e);
      const interrupted = isCutoverError(e) && e.code === 'INTERRUPTED';
      const state = !interrupted ? 'failed' : opts.signal?.reason === PAUSE ? 'paused' : 'stopped';
      this.tasks.setState(task.id, state, { error: interrupted ? null : info });
      this.log(task, interrupted ? 'warn' : 'error', info.message, info.code);
      this.emit({ type: 'task', task: task.name, state, error: info });
      throw e;
    } finally {
      stopWatching();
      await session?.close();
    }
  }

  /**
   * A task's first run starts with the precheck, so a source without binlog or a missing
   * privilege stops it before anything is created on the target.
   */
  private judgePrecheck(task: Task, results: CheckResult[]): void {
    // Failed ones too: the report of a task that never started shows why.
    recordPrecheck(this.store, task.id, results);
    for (const r of results.filter((x) => x.status === 'warn')) {
      this.log(task, 'warn', `${r.title}: ${r.detail}`, r.id);
    }
    const failed = results.filter((r) => r.status === 'fail');
    const [first] = failed;
    if (first) {
      for (const r of failed) this.log(task, 'error', `${r.title}: ${r.detail}`, r.id);
      throw new CutoverError(
        'PRECHECK_FAILED',
        `${failed.length} precheck(s) failed; nothing was created. First: ${first.title}: ${first.detail}`,
        `${first.fix} \`cutover precheck\` lists every check with its fix.`,
      );
    }
  }

  /**
   * Two-way mode: the reverse task runs beside the forward stream in this process, from the
   * target's position when it first started (after the copy, whose rows must not flow back).
   * Each stream skips the other's marked transactions, so nothing echoes. Either one failing or
   * stopping stops both, and the failure reported is the one that came first.
   */
  private async bothWays<T>(
    ctx: StepContext,
    opts: RunOptions,
    forward: (ctx: StepContext) => Promise<T>,
  ): Promise<T> {
    const reverse = twoWayReverseSpec(ctx.spec, ctx.session.mappings);
    prepareReverseTask(this.store, reverse, await readBinlogPosition(ctx.session.target));
    const stop = new AbortController();
    const signal = AbortSignal.any([ctx.signal, stop.signal]);
    const runner = new TaskRunner(this.store, reverse);
    const unsubscribe = runner.onEvent((e) => this.emit(e));
    let first: unknown = null;
    const failed = (e: unknown): never => {
      first ??= e;
      stop.abort(ctx.signal.aborted ? ctx.signal.reason : undefined);
      throw e;
    };
    try {
      const [outcome] = await Promise.all([
        forward({ ...ctx, signal }).catch(failed),
        runner
          .run({ signal, ...(opts.until === 'caught-up' ? { until: 'caught-up' as const } : {}) })
          .catch(failed),
      ]).catch((e: unknown) => {
        throw first ?? e;
      });
      return outcome;
    } finally {
      unsubscribe();
    }
  }

  /**
   * Runs one step. False: the step stopped where `--until` asked and is not finished (the change
   * stream goes on from there next run).
   */
  private async runStep(
    task: Task,
    session: TaskSession | KafkaSession,
    step: StepName,
    opts: RunOptions,
  ): Promise<boolean> {
    const signal = opts.signal;
    if (signal?.aborted) {
      throw new CutoverError(
        'INTERRUPTED',
        `Stopped before the ${step} step.`,
        'Run the task again: it continues with this step.',
      );
    }
    this.tasks.setState(task.id, 'running', { currentStep: step });
    this.steps.set(task.id, step, 'running');
    this.emit({ type: 'step', task: task.name, step, state: 'running' });
    const base = {
      task,
      store: this.store,
      signal: signal ?? new AbortController().signal,
      log: (level: 'info' | 'warn' | 'error', message: string, code?: string) =>
        this.log(task, level, message, code),
      emit: (event: TaskEvent) => this.emit(event),
    };
    try {
      if (session instanceof KafkaSession) {
        const finished = await runKafkaStep(
          { ...base, session, spec: session.spec },
          step,
          this.throttler,
          opts.until === 'caught-up',
        );
        if (!finished) {
          this.steps.set(task.id, step, 'pending');
          this.emit({ type: 'step', task: task.name, step, state: 'pending' });
          return false;
        }
        this.steps.set(task.id, step, 'done');
        this.emit({ type: 'step', task: task.name, step, state: 'done' });
        return true;
      }
      const ctx: StepContext = { ...base, spec: session.spec, session };
      switch (step) {
        case 'schema':
          await runSchemaStep(ctx);
          break;
        case 'full':
          await runFullStep(ctx, this.throttler);
          break;
        case 'incremental': {
          const caughtUp = opts.until === 'caught-up';
          const stream = (c: StepContext) =>
            runIncrementalStep(c, this.throttler, caughtUp, opts.skipPausedDdl ?? false);
          const outcome = this.spec.options.twoWay
            ? await this.bothWays(ctx, opts, stream)
            : await stream(ctx);
          if (outcome === 'caught-up') {
            this.steps.set(task.id, step, 'pending');
            this.emit({ type: 'step', task: task.name, step, state: 'pending' });
            return false;
          }
          break;
        }
        case 'verify':
          await runVerifyStep(ctx);
          break;
        default:
          throw new CutoverError(
            'STEP_UNAVAILABLE',
            `The ${step} step is not available in this version of Cutover; the steps before it are done and recorded.`,
            'Remove the step from the task for now; running the task again later continues from here.',
          );
      }
      this.steps.set(task.id, step, 'done');
      this.emit({ type: 'step', task: task.name, step, state: 'done' });
      return true;
    } catch (e) {
      const info = toErrorInfo(e);
      const interrupted = isCutoverError(e) && e.code === 'INTERRUPTED';
      this.steps.set(
        task.id,
        step,
        interrupted ? 'pending' : 'failed',
        interrupted ? {} : { error: info },
      );
      this.emit({
        type: 'step',
        task: task.name,
        step,
        state: interrupted ? 'pending' : 'failed',
        error: info,
      });
      throw e;
    }
  }
}
