import type {
  PlanPhase,
  PlannedObjectKind,
  PlannedStatement,
  SchemaPlan,
} from '../../shared/schema.js';
import { isSelected, OBJECT_KINDS, type ObjectKind, type Selection } from './selection.js';

export const PHASE_TITLES: Record<PlanPhase, string> = {
  schema: 'Schema: before the copy',
  'after-full': 'After the full copy',
  switchover: 'At the switchover',
};

const PHASES: readonly PlanPhase[] = ['schema', 'after-full', 'switchover'];

export interface PhaseGroup {
  phase: PlanPhase;
  title: string;
  statements: PlannedStatement[];
}

export function statementsByPhase(plan: SchemaPlan): PhaseGroup[] {
  return PHASES.map((phase) => ({
    phase,
    title: PHASE_TITLES[phase],
    statements: plan.statements.filter((s) => s.phase === phase),
  })).filter((g) => g.statements.length > 0);
}

/**
 * The source database and name of a `db.name` object. Database names may hold dots, so the
 * longest known database the object starts with wins.
 */
export function splitObject(
  object: string,
  databases: readonly string[],
): { database: string; name: string } | null {
  const database = databases
    .filter((d) => object.startsWith(`${d}.`))
    .sort((a, b) => b.length - a.length)[0];
  return database === undefined ? null : { database, name: object.slice(database.length + 1) };
}

const KIND_CHOICE: Partial<Record<PlannedObjectKind, ObjectKind>> = {
  view: 'views',
  trigger: 'triggers',
  routine: 'routines',
  event: 'events',
};

export function choiceKindOf(statement: PlannedStatement): ObjectKind | null {
  return KIND_CHOICE[statement.kind] ?? null;
}

export interface DatabaseKinds {
  database: string;
  kinds: ObjectKind[];
}

/** Per source database, the kinds of object with a choice (views, triggers…) that the plan has. */
export function kindsByDatabase(plan: SchemaPlan, databases: readonly string[]): DatabaseKinds[] {
  const found = new Map<string, Set<ObjectKind>>();
  for (const statement of plan.statements) {
    const kind = choiceKindOf(statement);
    const at = kind ? splitObject(statement.sourceObject, databases) : null;
    if (!kind || !at) continue;
    const kinds = found.get(at.database) ?? new Set<ObjectKind>();
    kinds.add(kind);
    found.set(at.database, kinds);
  }
  return databases
    .filter((d) => found.has(d))
    .map((database) => ({
      database,
      kinds: OBJECT_KINDS.filter((k) => found.get(database)?.has(k)),
    }));
}

/** Tables left out in the preview that were not ticked again since (here or in the tree). */
export function stillExcluded(
  excluded: readonly PlannedStatement[],
  selection: Selection,
  databases: readonly string[],
): PlannedStatement[] {
  return excluded.filter((statement) => {
    const at = splitObject(statement.sourceObject, databases);
    return at !== null && !isSelected(selection, at.database, at.name);
  });
}
