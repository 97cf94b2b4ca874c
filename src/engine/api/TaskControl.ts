import { rmSync } from 'node:fs';
import type { TaskEvent } from '../../shared/events.js';
import {
  isKafkaTask,
  type AnyTaskSpec,
  type KafkaTargetSpec,
  type TaskSpec,
  type UntilPoint,
} from '../../shared/task.js';
import { CutoverError } from '../errors.js';
import type { Store } from '../store/Store.js';
import { TaskRepository, type Task } from '../store/TaskRepository.js';
import type { TaskSecretRepository } from '../store/TaskSecretRepository.js';
import { pairedTask, REVERSE_SUFFIX } from '../switchover/ReverseTask.js';
import { PAUSE, TaskRunner } from '../task/TaskRunner.js';
import { throttleFile } from '../task/ThrottleControl.js';

/**
 * The tasks this process runs: starts them from a spec or from what the store saved, and stops,
 * pauses and deletes them. Passwords are sealed in the store when a task is saved, so a task
 * can be resumed after the app restarts.
 */
export class TaskControl {
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private readonly tasks: TaskRepository;

  constructor(
    private readonly store: Store,
    private readonly secrets: TaskSecretRepository,
    private readonly onEvent: (event: TaskEvent) => void,
    private readonly onFinished: () => void,
  ) {
    this.tasks = new TaskRepository(store.db);
  }

  isActive(name: string): boolean {
    if (this.running.has(name)) return true;
    // A two-way task's reverse stream runs inside the forward task's run.
    const forward = pairedTask(name);
    return (
      name.endsWith(REVERSE_SUFFIX) &&
      this.running.has(forward) &&
      this.tasks.getByName(forward)?.spec.options.twoWay === true
    );
  }

  /** The saved task; throws TASK_NOT_FOUND. */
  get(name: string): Task {
    const task = this.tasks.getByName(name);
    if (!task) {
      throw new CutoverError(
        'TASK_NOT_FOUND',
        `There is no task named "${name}".`,
        'Pick a task from the list; it may have been deleted.',
      );
    }
    return task;
  }

  list(): Task[] {
    return this.tasks.list();
  }

  /**
   * Saves a task that has not started (a new one, or one saved earlier and never started) with
   * its passwords sealed. A started task keeps the spec its checkpoints belong to.
   */
  save(spec: AnyTaskSpec): Task {
    this.refuseIfRunning(spec.name);
    const { task, created } = this.tasks.createOrGet(spec);
    if (!created && task.state !== 'new') {
      throw new CutoverError(
        'TASK_EXISTS',
        `A task named "${spec.name}" has already run (it is ${task.state}).`,
        'Choose another task name, or resume that task from the tasks list.',
      );
    }
    const saved = created ? task : this.tasks.updateSpec(task.id, spec);
    this.secrets.put(saved.id, 'source', spec.source.password);
    // A Kafka target's secret is its SASL password, kept in the target's place.
    this.secrets.put(
      saved.id,
      'target',
      isKafkaTask(spec) ? spec.target.sasl?.password : spec.target.password,
    );
    return saved;
  }

  /** Seals the passwords of a task the engine created itself (the reverse task of a switchover). */
  adoptPasswords(name: string, source: TaskSpec['source'], target: TaskSpec['target']): void {
    const task = this.tasks.getByName(name);
    if (!task) return;
    this.secrets.put(task.id, 'source', source.password);
    this.secrets.put(task.id, 'target', target.password);
  }

  /** The saved spec with its sealed passwords, ready to run. */
  specOf(task: Task): AnyTaskSpec {
    const spec = task.spec;
    const withPassword = <E extends { password?: string; passwordEnv?: string }>(
      secret: E,
      role: 'source' | 'target',
    ): E => {
      if (secret.passwordEnv !== undefined) return secret;
      const password = this.secrets.get(task.id, role);
      return password === undefined ? secret : { ...secret, password };
    };
    const source = withPassword(spec.source, 'source');
    if (!isKafkaTask(spec)) return { ...spec, source, target: withPassword(spec.target, 'target') };
    const { sasl } = spec.target;
    const target: KafkaTargetSpec = sasl
      ? { ...spec.target, sasl: withPassword(sasl, 'target') }
      : spec.target;
    return { ...spec, source, target };
  }

  /**
   * The saved spec of a task with a database target, for what needs one (`action`: the
   * switchover, verification); a Kafka task is refused with why.
   */
  databaseSpecOf(task: Task, action: string): TaskSpec {
    const spec = this.specOf(task);
    if (isKafkaTask(spec)) {
      throw new CutoverError(
        'USAGE',
        `${action} needs a database target, and task "${task.name}" streams to Kafka.`,
        'A task streaming to Kafka runs its full and incremental steps only: its consumers read the topics, with nothing to compare or switch over.',
      );
    }
    return spec;
  }

  start(spec: AnyTaskSpec, until?: UntilPoint): void {
    this.refuseIfRunning(spec.name);
    const abort = new AbortController();
    const runner = new TaskRunner(this.store, spec);
    runner.onEvent(this.onEvent);
    // The outcome, failures included, reaches the window as the task's events.
    const done = runner
      .run({ signal: abort.signal, ...(until ? { until } : {}) })
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.running.delete(spec.name);
        this.onFinished();
      });
    this.running.set(spec.name, { abort, done });
  }

  /** Asks a running task to stop at its next checkpoint; false if it was not running here. */
  interrupt(name: string, pause: boolean): boolean {
    const run = this.running.get(name);
    run?.abort.abort(pause ? PAUSE : undefined);
    return run !== undefined;
  }

  /** Pauses a task running here and waits until it has stopped; false if it was not running. */
  async pauseAndWait(name: string): Promise<boolean> {
    const run = this.running.get(name);
    if (!run) return false;
    run.abort.abort(PAUSE);
    await run.done;
    return true;
  }

  delete(name: string): boolean {
    this.refuseIfRunning(name);
    const task = this.tasks.getByName(name);
    if (!task) return false;
    rmSync(throttleFile(this.store.dir, name), { force: true });
    return this.tasks.delete(task.id);
  }

  refuseIfRunning(name: string): void {
    if (this.running.has(name)) {
      throw new CutoverError(
        'TASK_RUNNING',
        `Task "${name}" is running.`,
        'Pause or stop it first, and wait until it has stopped.',
      );
    }
  }

  /**
   * Pauses every running task at its next checkpoint and waits for them, so the host can close
   * the store: an app closed mid-run leaves its tasks paused and resumable.
   */
  async pauseAll(): Promise<void> {
    const runs = [...this.running.values()];
    for (const run of runs) run.abort.abort(PAUSE);
    await Promise.all(runs.map((r) => r.done));
  }
}
