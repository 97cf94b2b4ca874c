import type { BinlogPosition } from '../../shared/position.js';
import type { Endpoint } from '../connect/Endpoint.js';
import { versionAtLeast } from '../connect/Flavor.js';
import { CutoverError } from '../errors.js';

/**
 * Reads where the source's binlog is now. Taken before the first chunk is read, it is where
 * incremental sync starts: every change after it is replayed over the copied rows.
 */
export async function readBinlogPosition(source: Endpoint): Promise<BinlogPosition> {
  const info = source.info;
  // MySQL 8.2 renamed SHOW MASTER STATUS; 8.4 removed the old name.
  const statement =
    info.flavor === 'mysql' && versionAtLeast(info.version, 8, 2)
      ? 'SHOW BINARY LOG STATUS'
      : 'SHOW MASTER STATUS';
  const rows = await source.query<{
    File?: string;
    Position?: string | number;
    Executed_Gtid_Set?: string;
  }>(statement);
  const row = rows[0];
  if (!row?.File) {
    throw new CutoverError(
      'BINLOG_UNAVAILABLE',
      `The ${source.where} has no binary log (SHOW MASTER STATUS is empty), so there is no position for incremental sync to start from.`,
      'Enable the binlog (log_bin, binlog_format=ROW, binlog_row_image=FULL, a server_id) and restart the server; `cutover precheck` lists the settings.',
    );
  }
  let gtid: string | null = null;
  let gtidFlavor: BinlogPosition['gtidFlavor'] = null;
  if (info.flavor === 'mariadb') {
    gtid = await source.variable('gtid_binlog_pos');
    gtidFlavor = 'mariadb';
  } else {
    const executed = row.Executed_Gtid_Set?.replace(/\s+/g, '') ?? '';
    const mode = await source.variable('gtid_mode');
    if (mode === 'ON' && executed) {
      gtid = executed;
      gtidFlavor = 'mysql';
    }
  }
  return {
    file: row.File,
    pos: Number(row.Position),
    gtid: gtid === '' ? null : gtid,
    gtidFlavor: gtid ? gtidFlavor : null,
    at: new Date().toISOString(),
  };
}
