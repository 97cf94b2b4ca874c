/**
 * Runs every precheck against an open task session and turns each outcome, including a check
 * that broke, into result lines a person can act on.
 */
import type { CheckResult, CheckStatus } from '../../shared/precheck.js';
import type { Role } from '../connect/Endpoint.js';
import { toErrorInfo } from '../errors.js';
import type { TaskSpec } from '../../shared/task.js';
import { TaskSession } from '../task/TaskSession.js';
import { binlogCheck } from './BinlogCheck.js';
import { caseCollisionCheck } from './CaseCollisions.js';
import type { Check } from './Check.js';
import { existingTablesCheck } from './ExistingTablesCheck.js';
import { packetCheck } from './PacketCheck.js';
import { sourcePrivilegesCheck, targetPrivilegesCheck } from './PrivilegeCheck.js';
import { rowFilterCheck } from './RowFilterCheck.js';
import { schemaPlanCheck } from './SchemaPlanCheck.js';
import { sessionDefaultsCheck } from './SessionDefaultsCheck.js';
import { tableCheck } from './TableCheck.js';
import { versionCheck } from './VersionCheck.js';

export const CHECKS: readonly Check[] = [
  versionCheck,
  sourcePrivilegesCheck,
  targetPrivilegesCheck,
  binlogCheck,
  tableCheck,
  schemaPlanCheck,
  caseCollisionCheck,
  existingTablesCheck,
  packetCheck(),
  sessionDefaultsCheck,
  rowFilterCheck,
];

/** A check that threw: its message and fix, never a stack trace. */
function brokenCheck(check: Check, error: unknown): CheckResult {
  const info = toErrorInfo(error);
  return {
    id: check.id,
    title: check.title,
    status: 'fail',
    detail: `The check could not run: ${info.message}`,
    fix: info.fix,
  };
}

/** The checks read independent things, so they run side by side; results keep the check order. */
export async function runPrecheck(
  session: TaskSession,
  checks: readonly Check[] = CHECKS,
): Promise<CheckResult[]> {
  const outcomes = await Promise.all(
    checks.map((check) => check.run(session).catch((e: unknown) => [brokenCheck(check, e)])),
  );
  return outcomes.flat();
}

/**
 * The result line for a side whose server could not be reached (unreachable host, wrong
 * password …), so the precheck still reports it instead of stopping at the first error.
 * `role` is null when the task could not be opened for another reason (e.g. its selection).
 */
export function connectionFailure(role: Role | null, error: unknown): CheckResult {
  const info = toErrorInfo(error);
  return {
    id: role ? `${role}.connection` : 'task.open',
    title: role ? `Connect to the ${role}` : 'Open the task',
    status: 'fail',
    detail: info.message,
    fix: info.fix,
  };
}

export function summarise(results: readonly CheckResult[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, warn: 0, fail: 0 };
  for (const r of results) counts[r.status] += 1;
  return counts;
}

/**
 * Runs every check. A server that cannot be reached is itself a failed check, reported for
 * each side, so one unreachable server does not hide the other.
 */
export async function precheckTask(spec: TaskSpec): Promise<CheckResult[]> {
  const [source, target] = await TaskSession.connect(spec);
  if (source.status === 'rejected' || target.status === 'rejected') {
    const failures: CheckResult[] = [];
    for (const [role, side] of [
      ['source', source],
      ['target', target],
    ] as const) {
      if (side.status === 'rejected') failures.push(connectionFailure(role, side.reason));
      else await side.value.close();
    }
    return failures;
  }
  let session: TaskSession;
  try {
    session = await TaskSession.build(spec, source.value, target.value);
  } catch (e) {
    return [connectionFailure(null, e)];
  }
  try {
    return await runPrecheck(session);
  } finally {
    await session.close();
  }
}
