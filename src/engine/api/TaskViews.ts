import type { TaskDetail, TaskSummary } from '../../shared/api.js';
import type { StreamStatus } from '../../shared/stream.js';
import type { DatabaseEndpointSpec, KafkaTargetSpec } from '../../shared/task.js';
import { objectPath } from '../sql/Identifiers.js';
import { EventRepository } from '../store/EventRepository.js';
import { ProgressRepository } from '../store/ProgressRepository.js';
import type { Store } from '../store/Store.js';
import { StepRepository } from '../store/StepRepository.js';
import { StreamStatsRepository } from '../store/StreamStatsRepository.js';
import { TaskRepository, type Task } from '../store/TaskRepository.js';
import { VerificationRepository } from '../store/VerificationRepository.js';
import { pairedTask, REVERSE_SUFFIX } from '../switchover/ReverseTask.js';
import { readThrottle } from '../task/ThrottleControl.js';

/** Log entries the task screen gets when it opens; live ones follow as events. */
const DETAIL_EVENTS = 500;

const address = (e: DatabaseEndpointSpec | KafkaTargetSpec): string =>
  e.kind === 'kafka' ? e.brokers.join(',') : `${e.host}:${e.port}`;

/** Task records from the store, shaped for the dashboard and the task screen. */
export class TaskViews {
  private readonly progress: ProgressRepository;
  private readonly streams: StreamStatsRepository;
  private readonly steps: StepRepository;
  private readonly events: EventRepository;
  private readonly verifications: VerificationRepository;
  private readonly tasks: TaskRepository;

  constructor(private readonly store: Store) {
    this.progress = new ProgressRepository(store.db);
    this.streams = new StreamStatsRepository(store.db);
    this.steps = new StepRepository(store.db);
    this.events = new EventRepository(store.db);
    this.verifications = new VerificationRepository(store.db);
    this.tasks = new TaskRepository(store.db);
  }

  /** A name ending in `.reverse` alone is not enough: a person may name any task that way. */
  private reverseOf(name: string): string | null {
    if (!name.endsWith(REVERSE_SUFFIX)) return null;
    const forward = pairedTask(name);
    return this.tasks.getByName(forward) ? forward : null;
  }

  summary(task: Task, active: boolean): TaskSummary {
    const full = this.progress.list(task.id, 'full');
    const done = full.reduce((n, t) => n + t.rowsDone, 0);
    const total = full.reduce((n, t) => n + Math.max(t.rowsTotal ?? 0, t.rowsDone), 0);
    const fullDone = full.length > 0 && full.every((t) => t.state === 'done');
    const [stream] = this.streams.list<StreamStatus>(task.id);
    return {
      name: task.name,
      state: task.state,
      currentStep: task.currentStep,
      steps: task.spec.steps,
      updatedAt: task.updatedAt,
      error: task.error ? `${task.error.code}: ${task.error.message}` : null,
      active,
      source: address(task.spec.source),
      target: address(task.spec.target),
      fullProgress: fullDone ? 1 : total > 0 ? done / total : null,
      lagMs: stream?.stats.lagMs ?? null,
      reverseOf: this.reverseOf(task.name),
    };
  }

  detail(task: Task, active: boolean): TaskDetail {
    return {
      summary: this.summary(task, active),
      spec: task.spec,
      steps: this.steps.list(task.id).map((s) => ({
        step: s.step,
        state: s.state,
        startedAt: s.startedAt,
        finishedAt: s.finishedAt,
      })),
      tables: this.progress.list(task.id).map((t) => ({
        step: t.step,
        source: objectPath(t.sourceDb, t.sourceTable),
        target: objectPath(t.targetDb, t.targetTable),
        state: t.state === 'skipped' ? 'done' : t.state,
        rowsDone: t.rowsDone,
        rowsTotal: t.rowsTotal,
        chunksDone: t.chunksDone,
      })),
      streams: this.streams.list<StreamStatus>(task.id).map((s) => ({
        stream: s.stream,
        status: s.stats,
        updatedAt: s.updatedAt,
      })),
      verification: this.verifications.latest(task.id),
      throttle: readThrottle(this.store.dir, task.name) ?? {
        rowsPerSecond: task.spec.options.maxRowsPerSecond,
        bytesPerSecond: task.spec.options.maxBytesPerSecond,
      },
      events: this.events.list(task.id, { limit: DETAIL_EVENTS, latest: true }).map((e) => ({
        ts: e.ts,
        level: e.level,
        message: e.message,
        ...(e.code ? { code: e.code } : {}),
      })),
    };
  }
}
