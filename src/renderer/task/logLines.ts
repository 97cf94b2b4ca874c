import type { LogEntry } from '../../shared/api.js';
import type { LogLevel } from '../../shared/events.js';

export interface LogLine extends LogEntry {
  /** Stable key for the list: entries have no id of their own. */
  id: number;
}

/** Enough to scroll back through a long run without the window growing without bound. */
export const LOG_CAP = 2000;

export type LogFilterLevel = 'all' | LogLevel;

export function capLog(lines: LogLine[]): LogLine[] {
  return lines.length > LOG_CAP ? lines.slice(lines.length - LOG_CAP) : lines;
}

/**
 * The first detail brings the stored tail of the log. Live lines that came before it are
 * usually in that tail already (the engine stores a line before it sends it), so only those
 * the tail lacks are kept after it.
 */
export function seedLog(
  stored: readonly LogEntry[],
  early: readonly LogLine[],
  firstId: number,
): LogLine[] {
  const seen = new Set(stored.map((e) => `${e.level}\u0000${e.message}`));
  const seeded = stored.map((e, i) => ({ ...e, id: firstId + i }));
  const missing = early.filter((l) => !seen.has(`${l.level}\u0000${l.message}`));
  return capLog([...seeded, ...missing]);
}

/** Lines of one level (or all) whose message or code contains the search, case-insensitively. */
export function filterLog(
  lines: readonly LogLine[],
  level: LogFilterLevel,
  search: string,
): LogLine[] {
  const needle = search.trim().toLowerCase();
  return lines.filter(
    (l) =>
      (level === 'all' || l.level === level) &&
      (needle === '' ||
        l.message.toLowerCase().includes(needle) ||
        (l.code?.toLowerCase().includes(needle) ?? false)),
  );
}
