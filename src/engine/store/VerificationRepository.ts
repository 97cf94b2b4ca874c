import type { Database, Statement } from 'better-sqlite3';
import type { VerificationReport } from '../../shared/verify.js';
import { parseJson } from './json.js';

interface Row {
  report_json: string;
}

/** Verification reports of a task, kept as run: the evidence for the switchover. */
export class VerificationRepository {
  private readonly insert: Statement<[string, string, number, string]>;
  private readonly newest: Statement<[string], Row>;
  private readonly ofTask: Statement<[string], Row>;

  constructor(db: Database) {
    this.insert = db.prepare(
      'INSERT INTO verifications (task_id, started_at, consistent, report_json) VALUES (?, ?, ?, ?)',
    );
    this.newest = db.prepare(
      'SELECT report_json FROM verifications WHERE task_id = ? ORDER BY id DESC LIMIT 1',
    );
    this.ofTask = db.prepare('SELECT report_json FROM verifications WHERE task_id = ? ORDER BY id');
  }

  add(taskId: string, report: VerificationReport): void {
    this.insert.run(taskId, report.startedAt, report.consistent ? 1 : 0, JSON.stringify(report));
  }

  latest(taskId: string): VerificationReport | null {
    const row = this.newest.get(taskId);
    return row ? parseJson<VerificationReport>(row.report_json, `verifications.${taskId}`) : null;
  }

  /** Every report of the task, oldest first. */
  list(taskId: string): VerificationReport[] {
    return this.ofTask
      .all(taskId)
      .map((row) => parseJson<VerificationReport>(row.report_json, `verifications.${taskId}`));
  }
}
