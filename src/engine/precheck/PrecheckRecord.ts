import type { CheckResult } from '../../shared/precheck.js';
import { CheckpointRepository } from '../store/CheckpointRepository.js';
import type { Store } from '../store/Store.js';

/** The checkpoint stream holding the precheck a task's first run ran: evidence for its report. */
export const PRECHECK_STREAM = 'precheck';

export interface PrecheckRecord {
  ranAt: string;
  results: CheckResult[];
}

export function recordPrecheck(store: Store, taskId: string, results: CheckResult[]): void {
  const record: PrecheckRecord = { ranAt: new Date().toISOString(), results };
  new CheckpointRepository(store.db).put(taskId, PRECHECK_STREAM, record);
}

/** null for a task whose first run came before the precheck was recorded. */
export function readPrecheck(store: Store, taskId: string): PrecheckRecord | null {
  const saved = new CheckpointRepository(store.db).get(taskId, PRECHECK_STREAM);
  return saved ? (saved.position as PrecheckRecord) : null;
}
