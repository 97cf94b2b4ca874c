import type { PlanPhase } from '../../../shared/schema.js';
import { SchemaMigrator } from '../../schema/SchemaMigrator.js';
import { schemaLedger, type StepContext } from '../StepContext.js';

/** Creates the objects of one phase of the plan, reporting each as it goes. */
export async function createObjects(ctx: StepContext, phase: PlanPhase): Promise<void> {
  const { session, task } = ctx;
  const migrator = new SchemaMigrator(session.target, schemaLedger(ctx));
  await migrator.migrate(session.plan, {
    phase,
    existingTables: ctx.spec.options.existingTables,
    sqlMode: session.source.info.sqlMode,
    signal: ctx.signal,
    onObject: (entry, done, total) => {
      if (entry.state === 'skipped') {
        ctx.log('warn', `Skipped ${entry.kind} ${entry.object}: ${entry.error ?? ''}`);
      }
      ctx.emit({
        type: 'progress',
        task: task.name,
        step: phase === 'schema' ? 'schema' : 'full',
        item: entry.object,
        counters: { done, total, unit: 'objects' },
        finished: true,
      });
    },
  });
}

/** The schema step: reports every conversion, then creates databases, tables and views. */
export async function runSchemaStep(ctx: StepContext): Promise<void> {
  for (const change of ctx.session.plan.changes) {
    ctx.log(
      change.severity === 'warn' ? 'warn' : 'info',
      `${change.object}: ${change.action} [${change.rule}]`,
    );
  }
  await createObjects(ctx, 'schema');
}
