import type { TableVerification, VerificationReport } from '../../shared/verify.js';
import { TargetShapes } from '../cdc/TargetShapes.js';
import { planTableCopy } from '../snapshot/TableCopyPlan.js';
import type { TaskSession } from '../task/TaskSession.js';
import { TableVerifier } from './TableVerifier.js';

export interface VerifyOptions {
  /** Tables compared at once. */
  concurrency: number;
  chunkRows: number;
  signal: AbortSignal;
  onTable?(result: TableVerification): void;
}

/** Differences listed per table in the report; all are counted. */
const MAX_REPORTED = 1_000;

/**
 * Compares every table the task copies, a few at a time, and says whether source and target
 * hold the same data (with the task's renames, column subsets and row filters applied).
 */
export async function verifyTables(
  session: TaskSession,
  opts: VerifyOptions,
): Promise<VerificationReport> {
  const startedAt = new Date();
  const skipped = new Set(
    session.plan.statements.filter((s) => s.kind === 'table' && s.skipped).map((s) => s.object),
  );
  const shapes = new TargetShapes(session.target);
  const work = session.mappings.filter(
    (m) => !skipped.has(`${m.target.database}.${m.target.table}`),
  );
  const tables: TableVerification[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const mapping = work[next++];
      if (!mapping || opts.signal.aborted) return;
      const def = session.tableDef(mapping.source.database, mapping.source.table);
      if (!def) continue;
      const plan = planTableCopy(mapping, def, session.target.info);
      const verifier = new TableVerifier(
        session.source,
        session.target,
        plan,
        (await shapes.read(mapping)) ?? undefined,
        { chunkRows: opts.chunkRows, maxReported: MAX_REPORTED, signal: opts.signal },
      );
      const result = await verifier.run();
      tables.push(result);
      opts.onTable?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  tables.sort((a, b) => a.source.localeCompare(b.source));
  return {
    tables,
    consistent: tables.every((t) => t.differenceCount === 0),
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
  };
}
