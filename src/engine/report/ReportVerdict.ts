import { SWITCHOVER_STEPS } from '../../shared/switchover.js';
import type { ReportData } from './ReportData.js';
import { latestEvidence } from './VerificationEvidence.js';
import { formatCount, formatTime, switchoverStepTitle, taskStateText } from './ReportFormat.js';

/** complete: verified consistent and switched over; attention: something failed or differs. */
export type VerdictLevel = 'complete' | 'incomplete' | 'attention';

export interface Verdict {
  level: VerdictLevel;
  headline: string;
  /** One sentence each: what the evidence shows, and what is missing. */
  points: string[];
}

const HEADLINES: Record<VerdictLevel, string> = {
  complete: 'Migration complete: ready for sign-off',
  incomplete: 'Migration not complete yet',
  attention: 'Needs attention before sign-off',
};

/** The report's summary: what a reader who reads nothing else must know. */
export function reportVerdict(data: ReportData): Verdict {
  const points: string[] = [];
  let attention = false;
  const switchover = data.switchover;
  const switchedOver =
    switchover !== null && !switchover.rolledBack && switchover.steps['move-app'].state === 'done';

  if (data.task.state === 'failed') {
    attention = true;
    points.push(`The task failed: ${data.task.error ?? 'see the log below'}.`);
  }

  const latest = data.verifications.at(-1);
  const which = finalVerified(data) ? 'final' : 'latest';
  if (!latest) {
    points.push('No verification is recorded.');
  } else if (latest.consistent) {
    const evidence = latestEvidence(data.verifications);
    const rows = evidence.reduce((n, e) => n + e.table.rowsSource, 0);
    const carried = evidence.filter((e) => !e.inLatest).length;
    const unchanged =
      latest.unchanged && carried > 0
        ? ` (${carried} of them unchanged since the consistent verification of ${formatTime(latest.unchanged.since)})`
        : '';
    points.push(
      `Consistent at the ${which} verification on ${formatTime(latest.startedAt)}: ${evidence.length} table(s), ${formatCount(rows)} rows on each side${unchanged}.`,
    );
  } else {
    attention = true;
    const differing = latest.tables.filter((t) => t.differenceCount > 0).length;
    points.push(
      `The ${which} verification on ${formatTime(latest.startedAt)} found differences in ${differing} of ${latest.tables.length} table(s).`,
    );
  }

  if (switchover === null) {
    points.push('Not switched over: no switchover is recorded.');
  } else if (switchover.rolledBack) {
    attention = true;
    points.push('The switchover was rolled back: the source is the primary again.');
  } else if (switchedOver) {
    points.push(`Switched over at ${formatTime(switchover.steps['move-app'].finishedAt)}.`);
  } else {
    const next = SWITCHOVER_STEPS.find((s) => switchover.steps[s].state !== 'done');
    const entry = next ? switchover.steps[next] : null;
    if (next && entry?.state === 'failed') {
      attention = true;
      points.push(
        `The switchover stopped at "${switchoverStepTitle(next)}": ${entry.detail ?? 'failed'}.`,
      );
    } else if (next) {
      points.push(`The switchover is not finished: next step "${switchoverStepTitle(next)}".`);
    }
  }

  if (switchedOver) {
    if (!data.reverse) {
      points.push('No reverse task is recorded: the old source is not kept current.');
    } else {
      if (data.reverse.state === 'failed') attention = true;
      points.push(`Reverse sync ${data.reverse.name}: ${taskStateText(data.reverse.state)}.`);
    }
  }

  const complete = !attention && switchedOver && latest?.consistent === true;
  const level: VerdictLevel = attention ? 'attention' : complete ? 'complete' : 'incomplete';
  return { level, headline: HEADLINES[level], points };
}

/** The latest verification is the switchover's final one: it ran within step 4, which passed. */
export function finalVerified(data: ReportData): boolean {
  const latest = data.verifications.at(-1);
  const step = data.switchover?.steps.verify;
  if (!latest || !step || data.switchover?.rolledBack || step.state !== 'done') return false;
  // ISO-8601 UTC times compare as text.
  return (
    step.startedAt !== null &&
    step.finishedAt !== null &&
    latest.startedAt >= step.startedAt &&
    latest.startedAt <= step.finishedAt
  );
}
