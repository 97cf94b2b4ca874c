import type { TaskEvent } from '../../../shared/events.js';
import type { StepName } from '../../../shared/task.js';
import type { KafkaTaskSpec } from '../../../shared/task.js';
import { CutoverError } from '../../errors.js';
import type { KafkaSession } from '../../sinks/kafka/KafkaSession.js';
import { KafkaSnapshot } from '../../sinks/kafka/KafkaSnapshot.js';
import { KafkaStream } from '../../sinks/kafka/KafkaStream.js';
import type { Throttler } from '../../snapshot/Throttler.js';
import { CheckpointRepository } from '../../store/CheckpointRepository.js';
import { ProgressRepository } from '../../store/ProgressRepository.js';
import type { Store } from '../../store/Store.js';
import { StreamStatsRepository } from '../../store/StreamStatsRepository.js';
import type { Task } from '../../store/TaskRepository.js';
import { binlogStatusEvent, readerServerId } from './IncrementalStep.js';

/** What a step of a Kafka task gets from the runner. */
export interface KafkaStepContext {
  task: Task;
  spec: KafkaTaskSpec;
  session: KafkaSession;
  store: Store;
  signal: AbortSignal;
  log(level: 'info' | 'warn' | 'error', message: string, code?: string): void;
  emit(event: TaskEvent): void;
}

/** Rows per page of the copy: a page is read, sent and acknowledged before its checkpoint. */
const PAGE_ROWS = 5_000;

/**
 * Runs one step of a Kafka task. False: the change stream stopped where `--until caught-up`
 * asked and is not finished.
 */
export async function runKafkaStep(
  ctx: KafkaStepContext,
  step: StepName,
  throttler: Throttler,
  untilCaughtUp: boolean,
): Promise<boolean> {
  const db = ctx.store.db;
  const checkpoints = new CheckpointRepository(db);
  switch (step) {
    case 'full': {
      const started = Date.now();
      await new KafkaSnapshot(
        ctx.session,
        { checkpoints, progress: new ProgressRepository(db) },
        {
          taskId: ctx.task.id,
          pageRows: Math.min(PAGE_ROWS, ctx.spec.options.chunkRows),
          concurrency: ctx.spec.options.concurrency,
          throttler,
          signal: ctx.signal,
          needsPosition: ctx.spec.steps.includes('incremental'),
          onLog: (level, message) => ctx.log(level, message),
          onProgress: (route, rowsDone, done) => {
            const seconds = Math.max(0.001, (Date.now() - started) / 1000);
            ctx.emit({
              type: 'progress',
              task: ctx.task.name,
              step: 'full',
              item: `${route.mapping.source.database}.${route.mapping.source.table}`,
              counters: {
                done: rowsDone,
                total: done ? rowsDone : Math.max(rowsDone, route.def.estimatedRows),
                unit: 'rows',
              },
              finished: done,
              rate: { rowsPerSecond: rowsDone / seconds, bytesPerSecond: 0, etaSeconds: null },
            });
          },
        },
      ).run();
      return true;
    }
    case 'incremental': {
      const outcome = await new KafkaStream(
        ctx.session,
        {
          checkpoints,
          stats: new StreamStatsRepository(db),
          atomically: (write) => db.transaction(write)(),
        },
        {
          taskId: ctx.task.id,
          taskName: ctx.task.name,
          serverId: ctx.spec.options.serverId ?? readerServerId(ctx.task.id),
          throttler,
          signal: ctx.signal,
          untilCaughtUp,
          onLog: (level, message) => ctx.log(level, message),
          onStatus: (status) => ctx.emit(binlogStatusEvent(ctx.task.name, status)),
        },
      ).run();
      return outcome !== 'caught-up';
    }
    default:
      throw new CutoverError(
        'USAGE',
        `The ${step} step does not apply to a Kafka target.`,
        'Give a Kafka task the steps "full" and "incremental".',
      );
  }
}
