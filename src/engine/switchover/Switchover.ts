import type { BinlogPosition } from '../../shared/position.js';
import { SWITCHOVER_STEPS, type SwitchoverStepName } from '../../shared/switchover.js';
import type { StreamStats } from '../../shared/stream.js';
import type { TaskSpec } from '../../shared/task.js';
import type { VerificationReport } from '../../shared/verify.js';
import { changedSince } from '../cdc/ChangedTables.js';
import { BINLOG_STREAM } from '../cdc/IncrementalSync.js';
import { objectPath } from '../sql/Identifiers.js';
import { CutoverError, toErrorInfo } from '../errors.js';
import { readBinlogPosition } from '../snapshot/BinlogPositionReader.js';
import { CheckpointRepository } from '../store/CheckpointRepository.js';
import { EventRepository } from '../store/EventRepository.js';
import type { Store } from '../store/Store.js';
import { StreamStatsRepository } from '../store/StreamStatsRepository.js';
import { TaskRepository, type Task } from '../store/TaskRepository.js';
import { VerificationRepository } from '../store/VerificationRepository.js';
import { TaskRunner } from '../task/TaskRunner.js';
import { TaskSession } from '../task/TaskSession.js';
import { createObjects } from '../task/steps/SchemaStep.js';
import { verifyTables } from '../verify/Verifier.js';
import { advanceAutoIncrements } from './AutoIncrements.js';
import { connectedSessions, setReadOnly, type ReadOnlyMode } from './SourceWrites.js';
import { differingTables, PreSwitchChecks } from './PreSwitchChecks.js';
import { prepareReverseTask, reverseName, reverseSpec } from './ReverseTask.js';

export { SWITCHOVER_STEPS, type SwitchoverStepName };

export interface SwitchoverStepState {
  state: 'pending' | 'running' | 'done' | 'failed';
  startedAt: string | null;
  finishedAt: string | null;
  detail: string | null;
  /**
   * The forward stream's lag when the step ended, ms, for the steps that run it (checks, drain);
   * absent in switchovers recorded before it was kept.
   */
  lagMs?: number | null;
}

export interface SwitchoverState {
  steps: Record<SwitchoverStepName, SwitchoverStepState>;
  /** Cutover set the source read-only, so a rollback sets it writable again. */
  readOnlySet: boolean;
  /** How (absent in switchovers recorded before super_read_only was offered: read_only). */
  readOnlyMode?: ReadOnlyMode;
  /** Where the reverse stream starts on the target. */
  reverseFrom: BinlogPosition | null;
  rolledBack: boolean;
}

/** The checkpoint stream holding a task's switchover: resumable after a crash at any step. */
export const SWITCHOVER_STREAM = 'switchover';

export interface SwitchoverOptions {
  /** Set the source read-only (step 2) instead of only asking that writes have stopped. */
  setReadOnly: boolean;
  /** With setReadOnly: which variable (super_read_only stops SUPER accounts too; MySQL only). */
  readOnlyMode?: ReadOnlyMode;
  /** The most lag the forward stream may show in the checks, ms. */
  maxLagMs?: number;
  /**
   * The final verification (step 4): only the tables the stream changed since the last
   * consistent verification (the default), or every table.
   */
  finalVerification?: FinalVerification;
  /** Asks the person a yes/no question at a step; `--yes` answers yes. */
  confirm(question: string, step: SwitchoverStepName): Promise<boolean>;
  onStep?(step: SwitchoverStepName, state: SwitchoverStepState): void;
  onLog?(level: 'info' | 'warn' | 'error', message: string): void;
  signal?: AbortSignal;
}

export type FinalVerification = 'changed' | 'full';

/** The checks' lag limit unless the person sets one: the drain waits about this long. */
export const DEFAULT_MAX_LAG_MS = 5_000;

function fresh(): SwitchoverState {
  const steps = Object.fromEntries(
    SWITCHOVER_STEPS.map((s) => [
      s,
      { state: 'pending', startedAt: null, finishedAt: null, detail: null },
    ]),
  ) as Record<SwitchoverStepName, SwitchoverStepState>;
  return { steps, readOnlySet: false, reverseFrom: null, rolledBack: false };
}

/** The switchover of a task, as the store last recorded it; null before the first attempt. */
export function readSwitchover(store: Store, taskId: string): SwitchoverState | null {
  const saved = new CheckpointRepository(store.db).get(taskId, SWITCHOVER_STREAM);
  return saved ? (saved.position as SwitchoverState) : null;
}

/** The switchover moved the application: the task's stream now runs in reverse. */
export function switchedOver(state: SwitchoverState | null): boolean {
  return state !== null && !state.rolledBack && state.steps['move-app'].state === 'done';
}

/**
 * Moves the application from the source to the target without losing a write, one recorded
 * step at a time: checks, writes stopped on the source, the forward stream drained, a final
 * verification, the deferred objects created, the reverse stream prepared from the target's
 * position, and the application moved. Running it again continues at the first unfinished step.
 */
export class Switchover {
  private readonly tasks: TaskRepository;
  private readonly checkpoints: CheckpointRepository;
  private readonly events: EventRepository;
  private state!: SwitchoverState;
  /** The highest lag the checks saw, which the step records. */
  private checkedLag: number | null = null;
  private task!: Task;

  constructor(
    private readonly store: Store,
    private readonly spec: TaskSpec,
    private readonly opts: SwitchoverOptions,
  ) {
    this.tasks = new TaskRepository(store.db);
    this.checkpoints = new CheckpointRepository(store.db);
    this.events = new EventRepository(store.db);
  }

  async run(): Promise<SwitchoverState> {
    this.task = this.requireTask();
    const saved = readSwitchover(this.store, this.task.id);
    this.state = saved && !saved.rolledBack ? saved : fresh();
    for (const step of SWITCHOVER_STEPS) {
      if (this.state.steps[step].state === 'done') continue;
      if (this.opts.signal?.aborted) {
        throw new CutoverError(
          'INTERRUPTED',
          `Switchover stopped before step ${step}.`,
          'Run `cutover switchover` again: it continues from there.',
        );
      }
      await this.runStep(step);
    }
    return this.state;
  }

  /**
   * Goes back to the source. Before the application moved: the source is made writable again
   * and the forward stream can go on. After: the reverse stream is drained first, so the source
   * has every write the application made on the target, and then made writable.
   */
  async rollback(): Promise<SwitchoverState> {
    this.task = this.requireTask();
    const saved = readSwitchover(this.store, this.task.id);
    if (!saved || saved.rolledBack) {
      throw new CutoverError(
        'USAGE',
        `Task "${this.spec.name}" has no switchover in progress to roll back.`,
        'Nothing to do: the source is still the primary.',
      );
    }
    this.state = saved;
    if (switchedOver(saved)) {
      const ok = await this.opts.confirm(
        'Has the application stopped writing to the target? The reverse stream is drained next.',
        'move-app',
      );
      if (!ok) throw this.declined('the application must stop writing to the target first');
      await this.drainReverse();
    }
    if (saved.readOnlySet) {
      await this.withSession(this.spec, (s) =>
        setReadOnly(s.source, false, saved.readOnlyMode ?? 'read_only'),
      );
      this.log('info', 'The source accepts writes again (read_only = OFF).');
    }
    // A later switchover records a new start position for a new reverse task.
    const reverse = this.tasks.getByName(reverseName(this.spec.name));
    if (reverse) this.tasks.delete(reverse.id);
    this.state.rolledBack = true;
    this.save();
    this.log('warn', 'Switchover rolled back: the source is the primary again.');
    return this.state;
  }

  private requireTask(): Task {
    const task = this.tasks.getByName(this.spec.name);
    if (!task) {
      throw new CutoverError(
        'TASK_NOT_FOUND',
        `Task "${this.spec.name}" has not run in this state dir.`,
        'Run the task (schema, full, incremental) with `cutover run` first.',
      );
    }
    return task;
  }

  private async runStep(step: SwitchoverStepName): Promise<void> {
    const entry = this.state.steps[step];
    entry.state = 'running';
    entry.startedAt ??= new Date().toISOString();
    entry.detail = null;
    this.save();
    this.opts.onStep?.(step, entry);
    try {
      entry.detail = await this.perform(step);
      entry.state = 'done';
      entry.finishedAt = new Date().toISOString();
      if (step === 'checks') entry.lagMs = this.checkedLag;
      if (step === 'drain') entry.lagMs = this.forwardLag();
    } catch (e) {
      entry.state = 'failed';
      entry.detail = toErrorInfo(e).message;
      throw e;
    } finally {
      this.save();
      this.opts.onStep?.(step, entry);
      if (entry.detail)
        this.log(entry.state === 'failed' ? 'error' : 'info', `${step}: ${entry.detail}`);
    }
  }

  private async perform(step: SwitchoverStepName): Promise<string> {
    switch (step) {
      case 'checks':
        return this.checks();
      case 'stop-writes':
        return this.stopWrites();
      case 'drain':
        return this.drain();
      case 'verify':
        return this.verify();
      case 'deferred':
        return this.deferred();
      case 'reverse':
        return this.prepareReverse();
      case 'move-app':
        return this.moveApp();
    }
  }

  private async checks(): Promise<string> {
    const { detail, lagMs } = await new PreSwitchChecks(this.store, this.spec, this.task, {
      confirm: (question) => this.opts.confirm(question, 'checks'),
      maxLagMs: this.opts.maxLagMs ?? DEFAULT_MAX_LAG_MS,
      ...(this.opts.signal ? { signal: this.opts.signal } : {}),
    }).run();
    this.checkedLag = lagMs;
    return detail;
  }

  private async stopWrites(): Promise<string> {
    return this.withSession(this.spec, async (session) => {
      const mode = this.opts.readOnlyMode ?? 'read_only';
      if (this.opts.setReadOnly) {
        // Recorded first: a crash right after the SET must still let a rollback undo it.
        this.state.readOnlySet = true;
        this.state.readOnlyMode = mode;
        this.save();
        await setReadOnly(session.source, true, mode);
      } else {
        const stopped = await this.opts.confirm(
          'Have all applications stopped writing to the source?',
          'stop-writes',
        );
        if (!stopped) throw this.declined('writes to the source must stop first');
      }
      const sessions = await connectedSessions(session.source);
      const list = sessions.map((s) => `${s.user}@${s.host} (${s.command})`).join(', ');
      return `${this.opts.setReadOnly ? `source set ${mode} = ON` : 'writes stopped by the operator'}; ${sessions.length} other session(s) connected${list ? `: ${list}` : ''}`;
    });
  }

  private async drain(): Promise<string> {
    const final = await this.withSession(this.spec, (s) => readBinlogPosition(s.source));
    await this.catchUp();
    return `applied up to the source's final position ${final.file}:${final.pos}${final.gtid ? ` (GTID ${final.gtid})` : ''}`;
  }

  private async verify(): Promise<string> {
    return this.withSession(this.spec, async (session) => {
      const reports = new VerificationRepository(this.store.db);
      const scope = this.finalScope(session, reports.latest(this.task.id));
      const report = await verifyTables(session, {
        concurrency: this.spec.options.concurrency,
        chunkRows: this.spec.options.chunkRows,
        signal: this.opts.signal ?? new AbortController().signal,
        ...(scope ? { only: scope.only } : {}),
      });
      if (scope && scope.unchanged.length > 0) {
        report.unchanged = { tables: scope.unchanged, since: scope.since };
      }
      reports.add(this.task.id, report);
      if (!report.consistent) {
        throw new CutoverError(
          'VERIFY_DIFFERENCES',
          `The final verification found differences in ${differingTables(report).join(', ')}.`,
          'Repair them with `cutover verify TASK.json --repair` (the source takes no writes now), then run the switchover again; or roll back with `cutover switchover TASK.json --rollback`.',
        );
      }
      const rows = report.tables.reduce((n, t) => n + t.rowsSource, 0);
      const compared = `${report.tables.length} table(s), ${rows} rows consistent`;
      return scope && scope.unchanged.length > 0
        ? `${compared}; ${scope.unchanged.length} other table(s) unchanged since the consistent verification of ${scope.since}`
        : compared;
    });
  }

  /**
   * Which tables the final verification compares when only the changed ones are asked for:
   * those the stream read a change to since the last consistent verification, and those that
   * verification did not cover. Null means all: a full one was asked for, or what changed
   * cannot be told (no consistent verification, DDL since, or a record begun later).
   */
  private finalScope(
    session: TaskSession,
    last: VerificationReport | null,
  ): { only: Set<string>; unchanged: string[]; since: string } | null {
    if ((this.opts.finalVerification ?? 'changed') === 'full' || !last?.consistent) return null;
    const changed = changedSince(
      new CheckpointRepository(this.store.db),
      this.task.id,
      last.startedAt,
    );
    if (!changed) return null;
    const covered = new Set([
      ...last.tables.map((t) => t.source),
      ...(last.unchanged?.tables ?? []),
    ]);
    const all = session.mappings.map((m) => objectPath(m.source.database, m.source.table));
    const only = new Set(all.filter((t) => changed.has(t) || !covered.has(t)));
    return { only, unchanged: all.filter((t) => !only.has(t)), since: last.startedAt };
  }

  private async deferred(): Promise<string> {
    return this.withSession(this.spec, async (session) => {
      const advanced = await advanceAutoIncrements(session);
      await createObjects(
        {
          task: this.task,
          spec: this.spec,
          session,
          store: this.store,
          signal: this.opts.signal ?? new AbortController().signal,
          log: (level, message) => this.log(level, message),
          emit: () => undefined,
        },
        'switchover',
      );
      const created = session.plan.statements.filter(
        (s) => s.phase === 'switchover' && !s.skipped,
      ).length;
      return `AUTO_INCREMENT advanced on ${advanced} table(s); ${created} deferred object(s) created`;
    });
  }

  private async prepareReverse(): Promise<string> {
    return this.withSession(this.spec, async (session) => {
      const reverse = reverseSpec(this.spec, session.mappings);
      if (this.state.readOnlySet && this.state.readOnlyMode === 'super_read_only') {
        // super_read_only would refuse the reverse stream's writes too; read_only stays on.
        await session.source.execute('SET GLOBAL super_read_only = OFF');
        this.log(
          'info',
          'super_read_only lowered to read_only on the source, so the reverse stream can write to it.',
        );
      }
      this.state.reverseFrom ??= await readBinlogPosition(session.target);
      this.save();
      prepareReverseTask(this.store, reverse, this.state.reverseFrom);
      this.tasks.setState(this.task.id, 'done', { currentStep: null });
      const from = this.state.reverseFrom;
      return `forward stream stopped; reverse task ${reverse.name} starts at the target's ${from.file}:${from.pos}${from.gtid ? ` (GTID ${from.gtid})` : ''}`;
    });
  }

  private async moveApp(): Promise<string> {
    const t = this.spec.target;
    const moved = await this.opts.confirm(
      `Point the applications at the target ${t.host}:${t.port} (user ${t.user}). Done?`,
      'move-app',
    );
    if (!moved) throw this.declined('the applications have not been moved yet');
    return `applications moved to ${t.host}:${t.port}; the reverse task ${reverseName(this.spec.name)} keeps the old source current (the app starts it; from the command line: \`cutover run TASK.json\`)`;
  }

  /** Runs the forward stream until it has applied everything the source has committed. */
  private async catchUp(): Promise<void> {
    const runner = new TaskRunner(this.store, this.spec);
    const outcome = await runner.run({
      until: 'caught-up',
      ...(this.opts.signal ? { signal: this.opts.signal } : {}),
    });
    if (outcome !== 'reached-until') {
      throw new CutoverError('INTERNAL', 'The change stream ended without catching up.', '');
    }
  }

  private async drainReverse(): Promise<void> {
    const session = await TaskSession.open(this.spec);
    const reverse = reverseSpec(this.spec, session.mappings);
    await session.close();
    await new TaskRunner(this.store, reverse).run({
      until: 'caught-up',
      ...(this.opts.signal ? { signal: this.opts.signal } : {}),
    });
    this.log('info', 'Reverse stream drained: the source has every write made on the target.');
  }

  private async withSession<T>(spec: TaskSpec, use: (s: TaskSession) => Promise<T>): Promise<T> {
    const session = await TaskSession.open(spec);
    try {
      return await use(session);
    } finally {
      await session.close();
    }
  }

  /** The forward stream's latest measured lag, as its last run recorded it. */
  private forwardLag(): number | null {
    const stats = new StreamStatsRepository(this.store.db)
      .list<StreamStats>(this.task.id)
      .find((s) => s.stream === BINLOG_STREAM);
    return stats?.stats.lagMs ?? null;
  }

  private declined(why: string): CutoverError {
    return new CutoverError(
      'INTERRUPTED',
      `Switchover paused: ${why}.`,
      'Run `cutover switchover TASK.json` again when ready; it continues from this step.',
    );
  }

  private save(): void {
    this.checkpoints.put(this.task.id, SWITCHOVER_STREAM, this.state);
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.events.append(this.task.id, { level, message: `switchover: ${message}` });
    this.opts.onLog?.(level, message);
  }
}

/**
 * What `cutover run TASK.json` runs: the task itself, or, once its switchover moved the
 * application to the target, its reverse stream (target → old source).
 */
export async function specToRun(store: Store, spec: TaskSpec): Promise<TaskSpec> {
  const task = new TaskRepository(store.db).getByName(spec.name);
  if (!task || !switchedOver(readSwitchover(store, task.id))) return spec;
  const session = await TaskSession.open(spec);
  try {
    return reverseSpec(spec, session.mappings);
  } finally {
    await session.close();
  }
}
