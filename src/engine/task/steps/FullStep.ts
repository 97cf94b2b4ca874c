import { FullCopy } from '../../snapshot/FullCopy.js';
import type { Throttler } from '../../snapshot/Throttler.js';
import { CheckpointRepository } from '../../store/CheckpointRepository.js';
import { ChunkRepository } from '../../store/ChunkRepository.js';
import { ProgressRepository } from '../../store/ProgressRepository.js';
import type { StepContext } from '../StepContext.js';
import { createObjects } from './SchemaStep.js';

/** The full step: copies every table, then creates what waited for the data (FKs, triggers). */
export async function runFullStep(ctx: StepContext, throttler: Throttler): Promise<void> {
  const db = ctx.store.db;
  const copy = new FullCopy(
    ctx.session,
    {
      chunks: new ChunkRepository(db),
      progress: new ProgressRepository(db),
      checkpoints: new CheckpointRepository(db),
    },
    {
      taskId: ctx.task.id,
      concurrency: ctx.spec.options.concurrency,
      chunkRows: ctx.spec.options.chunkRows,
      loader: ctx.spec.options.loader,
      throttler,
      signal: ctx.signal,
      needsPosition: ctx.spec.steps.includes('incremental'),
      onLog: (level, message) => ctx.log(level, message),
      onProgress: (p) =>
        ctx.emit({
          type: 'progress',
          task: ctx.task.name,
          step: 'full',
          item: `${p.sourceDb}.${p.sourceTable}`,
          counters: { done: p.rowsDone, total: p.rowsTotal ?? p.rowsDone, unit: 'rows' },
          finished: p.state === 'done',
          rate: {
            rowsPerSecond: p.rowsPerSecond,
            bytesPerSecond: p.bytesPerSecond,
            etaSeconds: p.etaSeconds,
          },
        }),
    },
  );
  await copy.run();
  await createObjects(ctx, 'after-full');
}
