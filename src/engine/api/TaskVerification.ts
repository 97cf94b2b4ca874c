import type { VerifyResult } from '../../shared/api.js';
import type { TaskEvent } from '../../shared/events.js';
import type { TaskSpec } from '../../shared/task.js';
import { CutoverError } from '../errors.js';
import { EventRepository } from '../store/EventRepository.js';
import type { Store } from '../store/Store.js';
import type { Task } from '../store/TaskRepository.js';
import { VerificationRepository } from '../store/VerificationRepository.js';
import { TaskSession } from '../task/TaskSession.js';
import { storeStreamWatch } from '../verify/StreamWatch.js';
import { repairTables, verifyTables } from '../verify/Verifier.js';

/**
 * Verification started from the window: compares every table of a task (following its change
 * stream when one runs here), records the report as the task's evidence, and repairs on request.
 */
export class TaskVerification {
  private readonly busy = new Set<string>();
  private readonly reports: VerificationRepository;
  private readonly events: EventRepository;

  constructor(
    private readonly store: Store,
    private readonly emit: (event: TaskEvent) => void,
  ) {
    this.reports = new VerificationRepository(store.db);
    this.events = new EventRepository(store.db);
  }

  async run(
    task: Task,
    spec: TaskSpec,
    streaming: boolean,
    repair: boolean,
  ): Promise<VerifyResult> {
    if (this.busy.has(task.name)) {
      throw new CutoverError(
        'TASK_RUNNING',
        `A verification of "${task.name}" is already running.`,
        'Wait for its results.',
      );
    }
    this.busy.add(task.name);
    const session = await TaskSession.open(spec).catch((e: unknown) => {
      this.busy.delete(task.name);
      throw e;
    });
    try {
      const first = await this.compare(task, spec, session, streaming);
      if (first.consistent) return { report: first, repairs: [], repaired: false };
      const repairs = await repairTables(session, first, repair);
      if (!repair) return { report: first, repairs, repaired: false };
      const count = repairs.reduce((n, p) => n + p.statements.length, 0);
      this.log(task, 'warn', `Repair applied: ${count} statement(s); verifying again.`);
      return {
        report: await this.compare(task, spec, session, streaming),
        repairs,
        repaired: true,
      };
    } finally {
      this.busy.delete(task.name);
      await session.close();
    }
  }

  private async compare(
    task: Task,
    spec: TaskSpec,
    session: TaskSession,
    streaming: boolean,
  ): ReturnType<typeof verifyTables> {
    this.log(task, 'info', `Verification started (${session.mappings.length} tables).`);
    let done = 0;
    const report = await verifyTables(session, {
      concurrency: spec.options.concurrency,
      chunkRows: spec.options.chunkRows,
      signal: new AbortController().signal,
      stream: streaming ? storeStreamWatch(session.source, this.store, task.id) : null,
      onTable: (t) => {
        done += 1;
        this.emit({
          type: 'progress',
          task: task.name,
          step: 'verify',
          item: t.source,
          counters: { done, total: session.mappings.length, unit: 'tables' },
          finished: true,
        });
      },
    });
    this.reports.add(task.id, report);
    const differing = report.tables.filter((t) => t.differenceCount > 0).length;
    this.log(
      task,
      report.consistent ? 'info' : 'warn',
      report.consistent
        ? `Verification: all ${report.tables.length} tables are consistent.`
        : `Verification: ${differing} of ${report.tables.length} tables differ.`,
    );
    return report;
  }

  private log(task: Task, level: 'info' | 'warn', message: string): void {
    this.events.append(task.id, { level, message });
    this.emit({ type: 'log', task: task.name, level, message });
  }
}
