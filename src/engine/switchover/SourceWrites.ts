import type { Flavor } from '../../shared/catalog.js';
import type { Endpoint } from '../connect/Endpoint.js';
import { versionAtLeast } from '../connect/Flavor.js';
import { CutoverError, isCutoverError } from '../errors.js';

/**
 * How the switchover stops writes on the source. `read_only` stops accounts without SUPER (or
 * READ ONLY ADMIN); `super_read_only` (MySQL 5.7.8 and later) stops those too.
 */
export type ReadOnlyMode = 'read_only' | 'super_read_only';

export interface ConnectedSession {
  id: number;
  user: string;
  host: string;
  db: string | null;
  command: string;
}

/**
 * The statements that turn the source's write protection on or off. Turning super_read_only on
 * turns read_only on with it; turning read_only off needs super_read_only off first.
 */
export function readOnlyStatements(mode: ReadOnlyMode, on: boolean): string[] {
  if (mode === 'read_only') return [`SET GLOBAL read_only = ${on ? 'ON' : 'OFF'}`];
  return on
    ? ['SET GLOBAL super_read_only = ON']
    : ['SET GLOBAL super_read_only = OFF', 'SET GLOBAL read_only = OFF'];
}

/** Why a server cannot take `super_read_only`, or null when it can. */
export function superReadOnlyRefusal(
  flavor: Flavor,
  version: Parameters<typeof versionAtLeast>[0],
): string | null {
  if (flavor === 'mysql' && versionAtLeast(version, 5, 7, 8)) return null;
  const what =
    flavor === 'mysql' ? 'MySQL before 5.7.8' : flavor === 'mariadb' ? 'MariaDB' : 'OceanBase';
  return `${what} has no super_read_only`;
}

/**
 * Sets the source read-only (or writable again). Accounts with SUPER (or READ ONLY ADMIN) can
 * still write under plain read_only, which is why the sessions still connected are listed next
 * to it and why super_read_only is offered on MySQL.
 */
export async function setReadOnly(
  source: Endpoint,
  on: boolean,
  mode: ReadOnlyMode = 'read_only',
): Promise<void> {
  if (mode === 'super_read_only') {
    const refusal = superReadOnlyRefusal(source.info.flavor, source.info.version);
    if (refusal) {
      throw new CutoverError(
        'USAGE',
        `Cannot set super_read_only on the source: ${refusal} (${source.info.versionString}).`,
        'Use --set-read-only (read_only) and check the sessions listed at this step for accounts with SUPER or READ ONLY ADMIN.',
      );
    }
  }
  const statements = readOnlyStatements(mode, on);
  for (const sql of statements) {
    try {
      await source.execute(sql);
    } catch (e) {
      throw new CutoverError(
        'MISSING_PRIVILEGE',
        `Cutover could not run \`${sql}\` on the source: ${isCutoverError(e) ? e.message : String(e)}`,
        on
          ? 'Grant SUPER (MySQL 5.7, MariaDB) or SYSTEM_VARIABLES_ADMIN (MySQL 8) to the task user, or stop the applications by hand and run the switchover without --set-read-only.'
          : `Run ${statements.map((x) => `\`${x}\``).join(' then ')} on the source as an administrator.`,
        { cause: e },
      );
    }
  }
}

/**
 * Client sessions on the source other than this endpoint's own and the server's (replication
 * dumps, daemons): who might still write.
 */
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
  const own = source.sessionIds;
  return rows
    .map((r) => ({
      id: Number(r.id),
      user: r.user,
      host: r.host,
      db: r.db,
      command: r.command,
    }))
    .filter((s) => !own.has(s.id));
}
