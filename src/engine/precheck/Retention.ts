/**
 * How long the source keeps binlog files. Incremental sync starts from the position recorded
 * before the full copy, so the files from that point must survive the whole copy.
 */

export interface RetentionSettings {
  /** MySQL 8.0+, MariaDB 10.6+; null where the variable does not exist. */
  binlogExpireLogsSeconds: string | null;
  /** MySQL 5.7/8.0, MariaDB (fractional days from 10.6); null where removed (MySQL 8.4). */
  expireLogsDays: string | null;
  /** MySQL 8.0.29+: OFF means binlogs are never purged automatically. */
  binlogExpireLogsAutoPurge: string | null;
}

export interface Retention {
  /** Null when binlogs never expire automatically. */
  seconds: number | null;
  /** The variable in effect, or the one to raise. */
  variable: 'binlog_expire_logs_seconds' | 'expire_logs_days' | 'binlog_expire_logs_auto_purge';
}

const number = (v: string | null): number => (v === null ? 0 : Number(v) || 0);

const isOff = (v: string | null): boolean => v !== null && /^(0|OFF)$/i.test(v.trim());

/**
 * MySQL 8.0 and MariaDB 10.6 agree: a non-zero binlog_expire_logs_seconds wins; when it is 0,
 * a non-zero expire_logs_days applies; both 0 means no automatic purge.
 */
export function binlogRetention(s: RetentionSettings): Retention {
  const preferred =
    s.binlogExpireLogsSeconds !== null ? 'binlog_expire_logs_seconds' : 'expire_logs_days';
  if (isOff(s.binlogExpireLogsAutoPurge)) {
    return { seconds: null, variable: 'binlog_expire_logs_auto_purge' };
  }
  const seconds = number(s.binlogExpireLogsSeconds);
  if (seconds > 0) return { seconds, variable: 'binlog_expire_logs_seconds' };
  const days = number(s.expireLogsDays);
  if (days > 0) return { seconds: Math.round(days * 86_400), variable: 'expire_logs_days' };
  return { seconds: null, variable: preferred };
}

/** "30 days", "12 hours", "45 minutes" */
export function formatDuration(seconds: number): string {
  const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (seconds >= 86_400 && seconds % 86_400 === 0) {
    return plural(seconds / 86_400, 'day');
  }
  if (seconds >= 3_600) return plural(Math.round((seconds / 3_600) * 10) / 10, 'hour');
  if (seconds >= 60) return plural(Math.round(seconds / 60), 'minute');
  return plural(seconds, 'second');
}

/** What to run to keep binlogs for `seconds`, on a server whose settings are `s`. */
export function retentionSql(s: RetentionSettings, seconds: number): string {
  if (s.binlogExpireLogsSeconds !== null) {
    return `SET GLOBAL binlog_expire_logs_seconds = ${seconds};`;
  }
  return `SET GLOBAL expire_logs_days = ${Math.ceil(seconds / 86_400)};`;
}
