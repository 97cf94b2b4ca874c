import type { TableMapping } from '../../shared/catalog.js';
import { objectPath } from '../sql/Identifiers.js';
import type { CheckpointRepository } from '../store/CheckpointRepository.js';

type TableRef = TableMapping['source'];

/** The checkpoint stream holding when the stream last read a change to each table. */
export const CHANGES_STREAM = 'binlog-changes';

interface Recorded {
  /** When the record began: nothing is known about changes before it. */
  since: string;
  /** Source table (`db.table`) → when the stream last read a change to it. */
  tables: Record<string, string>;
  /** When the stream last applied DDL, after which any table may differ. */
  ddlAt: string | null;
}

/**
 * Which tables the change stream touched, and when, so the switchover's final verification can
 * compare only the tables that changed since the last consistent one. Times are when a change was
 * read, never before it committed, so a table counts as changed whenever it might have.
 */
export class ChangedTables {
  private record: Recorded;
  private dirty = false;
  /** Touched since the last save, keyed by the route's table so the hot path builds no strings. */
  private readonly pending = new Map<TableRef, number>();

  constructor(
    private readonly checkpoints: CheckpointRepository,
    private readonly taskId: string,
  ) {
    const saved = checkpoints.get(taskId, CHANGES_STREAM)?.position as Recorded | undefined;
    this.record = saved ?? { since: new Date().toISOString(), tables: {}, ddlAt: null };
    this.dirty = saved === undefined;
  }

  touched(table: TableRef, atMs: number): void {
    this.pending.set(table, atMs);
  }

  ddl(at: Date): void {
    this.record.ddlAt = at.toISOString();
    this.dirty = true;
  }

  /** Writes the record when it changed; called with the position checkpoint it belongs to. */
  save(): void {
    for (const [table, at] of this.pending) {
      this.record.tables[objectPath(table.database, table.table)] = new Date(at).toISOString();
      this.dirty = true;
    }
    this.pending.clear();
    if (!this.dirty) return;
    this.checkpoints.put(this.taskId, CHANGES_STREAM, this.record);
    this.dirty = false;
  }
}

/**
 * The tables that may have changed since `since` (ISO time), or null when that cannot be told:
 * the record began later, or DDL was applied since.
 */
export function changedSince(
  checkpoints: CheckpointRepository,
  taskId: string,
  since: string,
): Set<string> | null {
  const saved = checkpoints.get(taskId, CHANGES_STREAM)?.position as Recorded | undefined;
  if (!saved || saved.since > since || (saved.ddlAt !== null && saved.ddlAt >= since)) return null;
  return new Set(
    Object.entries(saved.tables)
      .filter(([, at]) => at >= since)
      .map(([table]) => table),
  );
}
