/**
 * The schema plan's changes, one result per conversion rule: what the target cannot hold fails
 * (schema/Blocking.ts marks it), what is converted with a visible effect warns. Info-level
 * changes stay in the plan review only.
 */
import type { CheckResult } from '../../shared/precheck.js';
import type { SchemaChange, SchemaPlan } from '../../shared/schema.js';
import { isBlockingChange } from '../schema/Blocking.js';
import type { TaskSession } from '../task/TaskSession.js';
import { fail, pass, warn, type Check } from './Check.js';

const SHOWN = 10;

/** One line: hosts print a result's detail on a single line. */
function describe(changes: SchemaChange[]): string {
  const lines = changes.slice(0, SHOWN).map((c) => `${c.object}: ${c.action}`);
  if (changes.length > SHOWN) lines.push(`… and ${changes.length - SHOWN} more`);
  const reason = changes[0]?.reason ?? '';
  return `${lines.join('; ')}.${reason ? ` Why: ${reason}` : ''}`;
}

/** Planner rule ids such as `schema.foreign-key` already carry the prefix. */
const resultId = (rule: string): string => (rule.startsWith('schema.') ? rule : `schema.${rule}`);

function byRule(changes: SchemaChange[]): Map<string, SchemaChange[]> {
  const groups = new Map<string, SchemaChange[]>();
  for (const c of changes) groups.set(c.rule, [...(groups.get(c.rule) ?? []), c]);
  return groups;
}

export function judgeSchemaPlan(plan: SchemaPlan): CheckResult[] {
  const results: CheckResult[] = [];
  for (const [rule, changes] of byRule(plan.changes.filter(isBlockingChange))) {
    results.push(
      fail({
        id: resultId(rule),
        title: `Cannot be created on the target (${rule})`,
        detail: describe(changes),
        fix: 'Leave these objects out of the task (objects[].exclude or a column subset), or change them on the source as the lines above describe; the schema step will not create them as they are.',
        objects: [...new Set(changes.map((c) => c.object))],
      }),
    );
  }
  const warned = plan.changes.filter((c) => c.severity === 'warn' && !isBlockingChange(c));
  for (const [rule, changes] of byRule(warned)) {
    results.push(
      warn({
        id: resultId(rule),
        title: `Changed for the target (${rule})`,
        detail: describe(changes),
        fix: 'Review the change: the target objects are created with it. If it is not acceptable, change the object on the source or leave it out of the task.',
        objects: [...new Set(changes.map((c) => c.object))],
      }),
    );
  }
  if (results.length === 0) {
    results.push(
      pass(
        'schema.plan',
        'Schema plan',
        'The schema plan has no change that blocks an object or alters what it holds; info-level conversions are listed in the plan.',
      ),
    );
  }
  return results;
}

export const schemaPlanCheck: Check = {
  id: 'schema.plan',
  title: 'Schema plan',
  async run(session: TaskSession) {
    return judgeSchemaPlan(session.plan);
  },
};
