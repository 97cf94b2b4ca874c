import type { BinlogPosition } from '../../shared/position.js';
import { CutoverError } from '../errors.js';

function errno(e: unknown): number | undefined {
  const n = (e as { errno?: unknown }).errno;
  return typeof n === 'number' ? n : undefined;
}

export function describe(p: BinlogPosition): string {
  return `${p.file}:${p.pos}${p.gtid ? ` (GTID ${p.gtid})` : ''}`;
}

/**
 * The binlog connection's errors that reconnecting cannot cure, as what to tell the user; null
 * for the others (a dropped connection, a restarting server), after which the reader reconnects.
 */
export function fatalReadError(e: Error, where: string, from: BinlogPosition): CutoverError | null {
  const n = errno(e);
  if (n === 1236) {
    return new CutoverError(
      'BINLOG_PURGED',
      `The source no longer has the binlog this task must continue from (${describe(from)}): ${e.message}`,
      'The changes in between are gone, so the target can no longer be brought up to date from the binlog. Start the task again from scratch (a new task name, or delete the state and drop the target tables), and raise binlog retention (binlog_expire_logs_seconds / expire_logs_days) above the expected migration time.',
    );
  }
  if (n === 1045 || n === 1227 || n === 1044) {
    return new CutoverError(
      'MISSING_PRIVILEGE',
      `The ${where} refused to stream its binlog: ${e.message}`,
      'Grant the user REPLICATION SLAVE and REPLICATION CLIENT (GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO …).',
    );
  }
  if (
    /Insufficient permissions|schema changed|compress|cannot be decoded|Unknown MariaDB/i.test(
      e.message,
    )
  ) {
    return new CutoverError(
      'BINLOG_READ_FAILED',
      `Cannot decode the source's binlog: ${e.message}`,
      /schema changed/i.test(e.message)
        ? 'A table changed shape between the binlog event and now. Set binlog_row_metadata=FULL on the source (MySQL 8.0+, MariaDB 10.5+) so events describe their own columns, then run the task again.'
        : 'Turn off binlog transaction compression (binlog_transaction_compression=OFF) and make sure the user can read the tables; then run the task again.',
    );
  }
  return null;
}
