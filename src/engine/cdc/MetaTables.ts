import type { Endpoint } from '../connect/Endpoint.js';
import { qualify, quoteIdent } from '../sql/Identifiers.js';

/** The database Cutover owns on both servers for its bookkeeping rows. */
export const META_DATABASE = 'cutover_meta';
export const HEARTBEAT_TABLE_NAME = 'heartbeat';
export const MARKER_TABLE_NAME = 'txn_marker';
export const HEARTBEAT_TABLE = qualify(META_DATABASE, HEARTBEAT_TABLE_NAME);
export const MARKER_TABLE = qualify(META_DATABASE, MARKER_TABLE_NAME);
export const KEYLESS_TABLE = qualify(META_DATABASE, 'keyless_applied');

/**
 * On the target: one row per task and apply worker, rewritten in every transaction the worker
 * commits. A binlog reader of the target sees it at the start of each such transaction and so
 * knows the transaction came from Cutover (reverse sync skips it instead of echoing it back).
 */
export async function createMarkerTable(target: Endpoint): Promise<void> {
  await target.execute(`CREATE DATABASE IF NOT EXISTS ${quoteIdent(META_DATABASE)}`);
  await target.execute(
    `CREATE TABLE IF NOT EXISTS ${MARKER_TABLE} (` +
      'task VARCHAR(190) NOT NULL, worker INT NOT NULL, seq BIGINT NOT NULL,' +
      ' applied_at_ms BIGINT NOT NULL, PRIMARY KEY (task, worker))' +
      ' DEFAULT CHARSET = utf8mb4',
  );
  // The last change applied to each table without a key, per GTID stream (KeylessLedger).
  await target.execute(
    `CREATE TABLE IF NOT EXISTS ${KEYLESS_TABLE} (` +
      'task VARCHAR(190) NOT NULL, tbl VARCHAR(300) NOT NULL, stream VARCHAR(100) NOT NULL,' +
      ' seq DECIMAL(20, 0) NOT NULL, idx BIGINT NOT NULL, PRIMARY KEY (task, tbl, stream))' +
      ' DEFAULT CHARSET = utf8mb4',
  );
}

/**
 * On the source: one row per task, rewritten every second with the engine's clock. Seeing the
 * change arrive through the binlog and the applier measures the whole path in milliseconds.
 */
export async function createHeartbeatTable(source: Endpoint): Promise<void> {
  await source.execute(`CREATE DATABASE IF NOT EXISTS ${quoteIdent(META_DATABASE)}`);
  await source.execute(
    `CREATE TABLE IF NOT EXISTS ${HEARTBEAT_TABLE} (` +
      'task VARCHAR(190) NOT NULL PRIMARY KEY, ts_ms BIGINT NOT NULL)' +
      ' DEFAULT CHARSET = utf8mb4',
  );
}

/** Rewrites the task's heartbeat row with the engine's clock now. */
export async function writeHeartbeat(source: Endpoint, task: string): Promise<void> {
  await source.execute(
    `INSERT INTO ${HEARTBEAT_TABLE} (task, ts_ms) VALUES (?, ?) ON DUPLICATE KEY UPDATE ts_ms = VALUES(ts_ms)`,
    [task, Date.now()],
  );
}

/** How often a running stream writes its heartbeat: its lag is measured to this grain at worst. */
const HEARTBEAT_EVERY_MS = 1_000;

/** Writes the task's heartbeat every second until the timer is cleared; failures are warned of. */
export function heartbeatTimer(
  source: Endpoint,
  task: string,
  onLog: (level: 'warn', message: string) => void,
): NodeJS.Timeout {
  return setInterval(() => {
    writeHeartbeat(source, task).catch((e: unknown) =>
      onLog('warn', `Heartbeat write failed: ${e instanceof Error ? e.message : String(e)}`),
    );
  }, HEARTBEAT_EVERY_MS);
}

/**
 * Creates the heartbeat table and writes the first heartbeat; false (and says why, with the
 * grant that enables it) where the task user may not, and lag is then measured from event times.
 */
export async function startHeartbeats(
  source: Endpoint,
  task: string,
  onLog: (level: 'info', message: string) => void,
): Promise<boolean> {
  try {
    await createHeartbeatTable(source);
    await writeHeartbeat(source, task);
    return true;
  } catch (e) {
    onLog(
      'info',
      `No heartbeat table on the source (${e instanceof Error ? e.message : String(e)}); lag is measured from binlog event times, to the second. Grant CREATE, INSERT and UPDATE on ${META_DATABASE}.* for millisecond lag.`,
    );
    return false;
  }
}
