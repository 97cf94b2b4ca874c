import type { TableMapping } from '../../shared/catalog.js';
import type { TableVerification, VerificationReport } from '../../shared/verify.js';
import { TargetShapes } from '../cdc/TargetShapes.js';
import { planTableCopy, type TableCopyPlan } from '../snapshot/TableCopyPlan.js';
import { objectPath } from '../sql/Identifiers.js';
import type { TaskSession } from '../task/TaskSession.js';
import { applyRepair, planRepair, type RepairPlan } from './Repair.js';
import { convertedColumns, TableVerifier, type StreamWatch } from './TableVerifier.js';

export interface VerifyOptions {
  /** Tables compared at once. */
  concurrency: number;
  chunkRows: number;
  signal: AbortSignal;
  /** The task's change stream, when it applies to the target while verification runs. */
  stream?: StreamWatch | null;
  /** Compare only these source tables (`db.table`); all when absent. */
  only?: ReadonlySet<string>;
  onTable?(result: TableVerification): void;
}

interface TableToVerify {
  plan: TableCopyPlan;
  converted: Set<string>;
}

async function tableToVerify(
  session: TaskSession,
  shapes: TargetShapes,
  mapping: TableMapping,
): Promise<TableToVerify | null> {
  const def = session.tableDef(mapping.source.database, mapping.source.table);
  if (!def) return null;
  const plan = planTableCopy(mapping, def, session.target.info);
  return { plan, converted: convertedColumns(plan, (await shapes.read(mapping)) ?? undefined) };
}

/**
 * Repairs the differences a verification reported: per differing table, the statements that
 * make the target's rows equal the source's (shown to the user, applied when `apply`).
 */
export async function repairTables(
  session: TaskSession,
  report: VerificationReport,
  apply: boolean,
): Promise<RepairPlan[]> {
  const shapes = new TargetShapes(session.target);
  const plans: RepairPlan[] = [];
  for (const t of report.tables.filter((x) => x.differences.length > 0)) {
    const mapping = session.mappings.find(
      (m) => objectPath(m.source.database, m.source.table) === t.source,
    );
    const table = mapping ? await tableToVerify(session, shapes, mapping) : null;
    if (!table) continue;
    const repair = await planRepair(session.source, table.plan, t.differences, table.converted);
    if (apply) await applyRepair(session.target, repair);
    plans.push(repair);
  }
  return plans;
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
    (m) =>
      !skipped.has(`${m.target.database}.${m.target.table}`) &&
      (!opts.only || opts.only.has(objectPath(m.source.database, m.source.table))),
  );
  const tables: TableVerification[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const mapping = work[next++];
      if (!mapping || opts.signal.aborted) return;
      const table = await tableToVerify(session, shapes, mapping);
      if (!table) continue;
      const verifier = new TableVerifier(
        session.source,
        session.target,
        table.plan,
        table.converted,
        {
          chunkRows: opts.chunkRows,
          maxReported: MAX_REPORTED,
          signal: opts.signal,
          stream: opts.stream ?? null,
        },
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
