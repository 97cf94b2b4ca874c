import type { Endpoint } from '../connect/Endpoint.js';
import { CutoverError, isCutoverError } from '../errors.js';

export interface ConnectedSession {
  id: number;
  user: string;
  host: string;
  db: string | null;
  command: string;
}

/**
 * Sets the source read-only (or writable again). Accounts with SUPER (or READ_ONLY ADMIN) can
 * still write, which is why the sessions still connected are listed next to it.
 */
export async function setReadOnly(source: Endpoint, on: boolean): Promise<void> {
  try {
    await source.execute(`SET GLOBAL read_only = ${on ? 'ON' : 'OFF'}`);
  } catch (e) {
    throw new CutoverError(
      'MISSING_PRIVILEGE',
      `Cutover could not set read_only = ${on ? 'ON' : 'OFF'} on the source: ${isCutoverError(e) ? e.message : String(e)}`,
      on
        ? 'Grant SUPER (MySQL 5.7, MariaDB) or SYSTEM_VARIABLES_ADMIN (MySQL 8) to the task user, or stop the applications by hand and run the switchover without --set-read-only.'
        : 'Run `SET GLOBAL read_only = OFF` on the source as an administrator.',
      { cause: e },
    );
  }
}

/** Client sessions on the source other than Cutover's own and the server's (replicas, daemons). */
export async function connectedSessions(source: Endpoint): Promise<ConnectedSession[]> {
  const rows = await source.query<{
    id: number | string;
    user: string;
    host: string;
    db: string | null;
    command: string;
  }>(
    `SELECT ID AS id, USER AS user, HOST AS host, DB AS db, COMMAND AS command
       FROM information_schema.PROCESSLIST
      WHERE ID <> CONNECTION_ID()
        AND COMMAND NOT IN ('Binlog Dump', 'Binlog Dump GTID', 'Daemon')
        AND USER NOT IN ('system user', 'event_scheduler')
      ORDER BY ID`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    user: r.user,
    host: r.host,
    db: r.db,
    command: r.command,
  }));
}
