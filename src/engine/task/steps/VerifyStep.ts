import { CutoverError } from '../../errors.js';
import { VerificationRepository } from '../../store/VerificationRepository.js';
import { verifyTables } from '../../verify/Verifier.js';
import type { StepContext } from '../StepContext.js';

/** The verify step: every copied table compared on both servers; any difference fails it. */
export async function runVerifyStep(ctx: StepContext): Promise<void> {
  const report = await verifyTables(ctx.session, {
    concurrency: ctx.spec.options.concurrency,
    chunkRows: ctx.spec.options.chunkRows,
    signal: ctx.signal,
    onTable: (t) =>
      ctx.emit({
        type: 'progress',
        task: ctx.task.name,
        step: 'verify',
        item: t.source,
        counters: { done: t.rowsSource, total: t.rowsSource, unit: 'rows' },
        finished: true,
      }),
  });
  if (!ctx.signal.aborted) new VerificationRepository(ctx.store.db).add(ctx.task.id, report);
  if (ctx.signal.aborted) {
    throw new CutoverError(
      'INTERRUPTED',
      'Stopped during verification.',
      'Run the task again: verification starts over.',
    );
  }
  const differing = report.tables.filter((t) => t.differenceCount > 0);
  for (const t of differing) {
    ctx.log('error', `${t.source} → ${t.target}: ${t.differenceCount} difference(s).`);
  }
  const [first] = differing;
  if (first) {
    throw new CutoverError(
      'VERIFY_DIFFERENCES',
      `${differing.length} of ${report.tables.length} tables differ between source and target; first: ${first.target} with ${first.differenceCount} difference(s).`,
      '`cutover verify TASK.json` lists the rows and columns that differ. Find out why (writes to the target, a changed table), then run the task again.',
    );
  }
  ctx.log('info', `Verified ${report.tables.length} tables: source and target hold the same data.`);
}
