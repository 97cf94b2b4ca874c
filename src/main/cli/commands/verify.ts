import type { TableVerification } from '../../../shared/verify.js';
import type { TaskSpec } from '../../../shared/task.js';
import { TaskSession } from '../../../engine/task/TaskSession.js';
import type { Endpoint } from '../../../engine/connect/Endpoint.js';
import type { Store } from '../../../engine/store/Store.js';
import type { StreamWatch } from '../../../engine/verify/TableVerifier.js';
import { TaskRepository } from '../../../engine/store/TaskRepository.js';
import { VerificationRepository } from '../../../engine/store/VerificationRepository.js';
import { repairTables, verifyTables } from '../../../engine/verify/Verifier.js';
import { EXIT } from '../ExitCodes.js';
import type { Output } from '../Output.js';
import { formatCount } from '../Terminal.js';

/** Makes the watch over a change stream running in another process, for the session's source. */
export type StreamWatchSource = (source: Endpoint) => StreamWatch;

/** Differences printed per table; `--json` carries up to the report's limit. */
const SHOWN = 20;

function printTable(out: Output, t: TableVerification): void {
  const s = out.style;
  const verdict = t.differenceCount === 0 ? s.green('CONSISTENT') : s.red('DIFFERENT');
  out.line(
    `${verdict}  ${t.source} → ${t.target}: ${formatCount(t.rowsSource)} / ${formatCount(t.rowsTarget)} rows, ${t.chunks} chunks, ${t.differenceCount} difference(s), ${t.seconds.toFixed(1)} s`,
  );
  for (const d of t.differences.slice(0, SHOWN)) {
    const key = Object.entries(d.key)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    const cols = d.kind === 'changed' ? `: ${d.columns.join(', ')}` : '';
    out.line(`      ${d.kind.padEnd(7)} ${key}${cols}`);
  }
  if (t.differenceCount > SHOWN) out.line(`      … ${t.differenceCount - SHOWN} more`);
}

/**
 * `cutover verify`: compares every copied table on both servers and lists what differs, with
 * the statements that would repair it; `--repair` applies them and compares again. Exit 0 when
 * everything matches, 1 when differences remain.
 */
export async function verifyCommand(
  spec: TaskSpec,
  out: Output,
  repair: boolean,
  store: Store | null,
  stream: StreamWatchSource | null = null,
): Promise<number> {
  const session = await TaskSession.open(spec);
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.on('SIGINT', onSigint);
  try {
    const report = await verifyTables(session, {
      concurrency: spec.options.concurrency,
      chunkRows: spec.options.chunkRows,
      signal: controller.signal,
      stream: stream ? stream(session.source) : null,
      onTable: (t) => {
        if (!out.json) printTable(out, t);
      },
    });
    out.record({ type: 'verification', ...report });
    if (controller.signal.aborted) return EXIT.interrupted;
    if (store) {
      const { task } = new TaskRepository(store.db).createOrGet(spec);
      new VerificationRepository(store.db).add(task.id, report);
    }
    if (!report.consistent) {
      const plans = await repairTables(session, report, repair);
      out.record({ type: 'repair', applied: repair, plans });
      const count = plans.reduce((n, p) => n + p.statements.length, 0);
      if (!out.json) {
        out.line(
          repair ? `Repair applied (${count} statements):` : `Repair (${count} statements):`,
        );
        for (const p of plans) {
          for (const sql of p.statements.slice(0, SHOWN)) out.line(`  ${sql.slice(0, 200)};`);
          if (p.statements.length > SHOWN)
            out.line(`  … ${p.statements.length - SHOWN} more for ${p.table}`);
        }
      }
      if (repair) return verifyCommand(spec, out, false, store, stream);
      out.line('Run `cutover verify TASK.json --repair` to apply these and verify again.');
    }
    const different = report.tables.filter((t) => t.differenceCount > 0).length;
    out.line(
      report.consistent
        ? out.style.green(`All ${report.tables.length} tables are consistent.`)
        : out.style.red(`${different} of ${report.tables.length} tables differ.`),
    );
    return report.consistent ? EXIT.ok : EXIT.checksFailed;
  } finally {
    process.off('SIGINT', onSigint);
    await session.close();
  }
}
