import type { SchemaChange, SchemaPlan } from '../../shared/schema.js';

/**
 * How a plan says "this cannot be created on the target": src/shared/schema.ts has no flag for
 * it, so a blocking change is an ordinary SchemaChange (severity 'warn') whose rule id ends with
 * `.unsupported`, e.g. `oceanbase.charset.unsupported`. The statement it concerns is in the plan
 * with `skipped: true` and a skipReason. Precheck turns every blocking change into a fail; the user
 * resolves it by changing the selection or by consenting to a conversion (an option), never by
 * running the plan as is.
 */
export const UNSUPPORTED_SUFFIX = '.unsupported';

export function isBlockingChange(change: SchemaChange): boolean {
  return change.rule.endsWith(UNSUPPORTED_SUFFIX);
}

export function blockingChanges(plan: SchemaPlan): SchemaChange[] {
  return plan.changes.filter(isBlockingChange);
}
