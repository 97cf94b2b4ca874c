/**
 * A point in a server's binlog. `file`/`pos` always; `gtid` where the server has GTIDs
 * (MariaDB's gtid_binlog_pos, MySQL's gtid_executed), so a resume can prefer it.
 */
export interface BinlogPosition {
  file: string;
  pos: number;
  gtid: string | null;
  /** Which GTID dialect `gtid` is written in. */
  gtidFlavor: 'mariadb' | 'mysql' | null;
  /** When it was read, ISO-8601. */
  at: string;
}
