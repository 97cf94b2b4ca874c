import type { SchemaPlan } from '../../../shared/schema.js';
import type { TaskSpec } from '../../../shared/task.js';
import { TaskSession } from '../../../engine/task/TaskSession.js';
import { EXIT } from '../ExitCodes.js';
import type { Output } from '../Output.js';

export function printPlanChanges(out: Output, plan: SchemaPlan): void {
  const s = out.style;
  if (plan.changes.length === 0) {
    out.line('No conversions needed: the target gets the source definitions as they are.');
    return;
  }
  out.line(s.bold(`${plan.changes.length} change(s) to the source definitions:`));
  for (const c of plan.changes) {
    const tag = c.severity === 'warn' ? s.yellow('warn') : s.dim('info');
    out.line(`  ${tag}  ${c.object}: ${c.action} ${s.dim(`[${c.rule}]`)}`);
    out.line(`        ${s.dim(c.reason)}`);
  }
}

/** Shows the DDL the schema step would run and every conversion, creating nothing. */
export async function planCommand(spec: TaskSpec, out: Output): Promise<number> {
  const session = await TaskSession.open(spec);
  try {
    const { plan } = session;
    out.record({ type: 'plan', ...plan });
    printPlanChanges(out, plan);
    out.line();
    for (const st of plan.statements) {
      const when =
        st.phase === 'after-full'
          ? ' (after the full copy)'
          : st.phase === 'switchover'
            ? ' (at the switchover)'
            : '';
      if (st.skipped) {
        out.line(out.style.dim(`-- skipped ${st.kind} ${st.object}: ${st.skipReason ?? ''}`));
        continue;
      }
      out.line(`-- ${st.kind} ${st.object}${when}`);
      out.line(`${st.sql};`);
      out.line();
    }
    return EXIT.ok;
  } finally {
    await session.close();
  }
}
