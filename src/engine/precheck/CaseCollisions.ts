/**
 * Names that become one under a target with lower_case_table_names ≠ 0 (OceanBase's default is 1,
 * fixed when the tenant is created; it covers database and table names, not columns).
 */
import type { CheckResult } from '../../shared/precheck.js';
import type { TaskSession } from '../task/TaskSession.js';
import { fail, pass, type Check } from './Check.js';

export interface TargetName {
  database: string;
  table: string;
}

export interface CaseCollision {
  kind: 'database' | 'table';
  /** The distinct spellings, `db` or `db.table`. */
  names: string[];
}

function groupsOfMany(names: Iterable<string>): string[][] {
  const groups = new Map<string, Set<string>>();
  for (const n of names) {
    const key = n.toLowerCase();
    groups.set(key, (groups.get(key) ?? new Set()).add(n));
  }
  return [...groups.values()].filter((g) => g.size > 1).map((g) => [...g].sort());
}

/** Databases that differ only by case, and tables of one database that differ only by case. */
export function findCaseCollisions(targets: readonly TargetName[]): CaseCollision[] {
  const databases = groupsOfMany(targets.map((t) => t.database)).map((names): CaseCollision => ({
    kind: 'database',
    names,
  }));
  const byDatabase = new Map<string, string[]>();
  for (const t of targets)
    byDatabase.set(t.database, [...(byDatabase.get(t.database) ?? []), t.table]);
  const tables = [...byDatabase].flatMap(([database, names]) =>
    groupsOfMany(names).map((group): CaseCollision => ({
      kind: 'table',
      names: group.map((n) => `${database}.${n}`),
    })),
  );
  return [...databases, ...tables];
}

export function judgeCaseCollisions(
  targets: readonly TargetName[],
  lowerCaseTableNames: number,
): CheckResult {
  const id = 'target.names.case';
  const title = 'Target names unique regardless of case';
  if (lowerCaseTableNames === 0) {
    return pass(
      id,
      title,
      'The target compares database and table names case-sensitively (lower_case_table_names = 0).',
    );
  }
  const collisions = findCaseCollisions(targets);
  if (collisions.length === 0) {
    return pass(
      id,
      title,
      `No two target names differ only by case (lower_case_table_names = ${lowerCaseTableNames}${lowerCaseTableNames === 1 ? ': names are stored in lower case' : ''}).`,
    );
  }
  return fail({
    id,
    title,
    detail: `The target folds database and table names to one case (lower_case_table_names = ${lowerCaseTableNames}), so these would be the same object: ${collisions
      .map((c) => `${c.kind}s ${c.names.join(' and ')}`)
      .join('; ')}.`,
    fix: 'Give one of each pair another target name (objects[].rename for tables, objects[].targetDatabase for databases), or leave one out.',
    objects: collisions.flatMap((c) => c.names),
  });
}

export const caseCollisionCheck: Check = {
  id: 'target.names.case',
  title: 'Target names unique regardless of case',
  async run(session: TaskSession) {
    const targets = session.mappings.map((m) => m.target);
    return [judgeCaseCollisions(targets, session.target.info.lowerCaseTableNames)];
  },
};
