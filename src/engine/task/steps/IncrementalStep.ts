import type { TaskEvent } from '../../../shared/events.js';
import type { StreamStatus } from '../../../shared/stream.js';
import { fnv1a } from '../../cdc/Hash.js';
import { IncrementalSync, type IncrementalOutcome } from '../../cdc/IncrementalSync.js';
import type { Throttler } from '../../snapshot/Throttler.js';
import { CheckpointRepository } from '../../store/CheckpointRepository.js';
import { StreamStatsRepository } from '../../store/StreamStatsRepository.js';
import type { StepContext } from '../StepContext.js';
import { pairedTask } from '../../switchover/ReverseTask.js';

/**
 * A server_id for the task's binlog reader: in a range real servers rarely use (2^30 and up)
 * and different for every task, since a source drops an older replica connection when a newer
 * one announces the same id.
 */
export function readerServerId(taskId: string): number {
  return 0x40000000 + (fnv1a(taskId) % 0x3fffffff);
}

/** The change stream's status as the event every host shows, whatever the sink. */
export function binlogStatusEvent(task: string, status: StreamStatus): TaskEvent {
  return { type: 'stream', task, step: 'incremental', stream: 'binlog', status };
}

/** The incremental step: streams the source's changes to the target. */
export async function runIncrementalStep(
  ctx: StepContext,
  throttler: Throttler,
  untilCaughtUp: boolean,
  skipPausedDdl: boolean,
): Promise<IncrementalOutcome> {
  const db = ctx.store.db;
  const sync = new IncrementalSync(
    ctx.session,
    { checkpoints: new CheckpointRepository(db), stats: new StreamStatsRepository(db) },
    {
      taskId: ctx.task.id,
      taskName: ctx.task.name,
      serverId: ctx.spec.options.serverId ?? readerServerId(ctx.task.id),
      workers: ctx.spec.options.applyWorkers,
      throttler,
      signal: ctx.signal,
      untilCaughtUp,
      skipPausedDdl,
      ddl: ctx.spec.options.ddl,
      echoOf: [pairedTask(ctx.task.name)],
      onLog: (level, message) => ctx.log(level, message),
      onStatus: (status) => ctx.emit(binlogStatusEvent(ctx.task.name, status)),
    },
  );
  return sync.run();
}
