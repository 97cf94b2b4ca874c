import type { CheckResult, CheckStatus } from '../../shared/precheck.js';

export interface CheckGroup {
  status: CheckStatus;
  heading: string;
  checks: CheckResult[];
}

const GROUPS: readonly { status: CheckStatus; title: string }[] = [
  { status: 'fail', title: 'Failed' },
  { status: 'warn', title: 'Warnings' },
  { status: 'pass', title: 'Passed' },
];

/** Precheck results as the step lists them: what blocks first, every group shown with its count. */
export function groupChecks(results: readonly CheckResult[]): CheckGroup[] {
  return GROUPS.map(({ status, title }) => {
    const checks = results.filter((r) => r.status === status);
    return { status, heading: `${title} (${checks.length})`, checks };
  });
}
