// The native MariaDB replica the incremental benchmark compares Cutover with: a third server made
// a replica of the source from the very beginning of its binlog, started and stopped around each
// backlog, and timed until it has executed everything up to a given source position.

import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { stopRequested } from '../support/cleanup.js';
import { connect } from '../support/mariadb.js';
import { compareBinlog, describePosition } from './binlog.js';

/** How often the timed catch-up asks the replica where it is: the resolution of its time. */
const POLL_MS = 50;
/** Set-up waits (replaying sysbench's prepare) ask less often. */
const SETUP_POLL_MS = 250;
/** A replica that has not caught up in this long is taken as stuck. */
const WAIT_LIMIT_MS = 60 * 60_000;

async function withConnection(server, fn) {
  const conn = await connect(server);
  try {
    return await fn(conn);
  } finally {
    await conn.end();
  }
}

/** Where the replica's SQL thread is, in source binlog coordinates, and whether it is healthy. */
async function replicaStatus(conn) {
  const [[s]] = await conn.query('SHOW SLAVE STATUS');
  if (!s) throw new Error('the replica is not configured (SHOW SLAVE STATUS is empty)');
  return {
    io: s.Slave_IO_Running,
    sql: s.Slave_SQL_Running,
    executed: { file: s.Relay_Master_Log_File, pos: Number(s.Exec_Master_Log_Pos) },
    error: [s.Last_IO_Error, s.Last_SQL_Error].filter(Boolean).join('; '),
  };
}

function stuck(status, what) {
  const error = status.error ? `: ${status.error}` : '';
  return new Error(
    `the replica stopped before ${what} (IO thread ${status.io}, SQL thread ${status.sql}, ` +
      `executed up to ${describePosition(status.executed)})${error}`,
  );
}

/**
 * Makes `replica` a replica of `source` from `startFile`:4, by binlog file and position (not
 * GTID), with `threads` parallel appliers (0: MariaDB's default, one SQL thread applying in
 * order; otherwise slave_parallel_mode=optimistic). Resolves with the settings that matter for
 * the comparison, as the replica reports them.
 */
export async function configureReplica(replica, source, { startFile, threads }) {
  return withConnection(replica, async (conn) => {
    await conn.query(`SET GLOBAL slave_parallel_threads = ${Number(threads)}`);
    if (threads > 0) await conn.query("SET GLOBAL slave_parallel_mode = 'optimistic'");
    await conn.query(
      `CHANGE MASTER TO MASTER_HOST = ?, MASTER_PORT = ?, MASTER_USER = ?, MASTER_PASSWORD = '',
         MASTER_LOG_FILE = ?, MASTER_LOG_POS = 4, MASTER_USE_GTID = no`,
      [source.host, source.port, source.user, startFile],
    );
    const [[settings]] = await conn.query(
      `SELECT @@slave_parallel_threads AS parallelThreads, @@slave_parallel_mode AS parallelMode,
              @@log_slave_updates AS logSlaveUpdates`,
    );
    return {
      parallelThreads: Number(settings.parallelThreads),
      parallelMode: settings.parallelMode,
      logSlaveUpdates: Number(settings.logSlaveUpdates) === 1,
    };
  });
}

/**
 * Set-up, untimed: replicates up to `until` (START SLAVE UNTIL), waits until the SQL thread has
 * executed everything before it, then stops the replica. Resolves with the seconds it took.
 */
export async function replicateUntil(replica, until) {
  return withConnection(replica, async (conn) => {
    const began = performance.now();
    await conn.query('START SLAVE UNTIL MASTER_LOG_FILE = ?, MASTER_LOG_POS = ?', [
      until.file,
      until.pos,
    ]);
    for (;;) {
      // The SQL thread stops at an UNTIL position only once an event after it arrives; at the
      // end of the source's binlog it waits there instead. Where it has got to is what counts.
      const status = await replicaStatus(conn);
      if (compareBinlog(status.executed, until) >= 0) break;
      if (status.sql === 'No') throw stuck(status, `reaching ${describePosition(until)}`);
      if (stopRequested()) throw new Error('stopped');
      if (performance.now() - began > WAIT_LIMIT_MS) {
        throw stuck(status, `reaching ${describePosition(until)} in time`);
      }
      await sleep(SETUP_POLL_MS);
    }
    const seconds = (performance.now() - began) / 1000;
    await conn.query('STOP SLAVE');
    return seconds;
  });
}

/**
 * The timed catch-up: START SLAVE (IO and SQL threads: the time includes fetching the backlog
 * from the source) until the replica has executed everything up to `until`, polled every 50 ms;
 * then STOP SLAVE, untimed. Resolves with the seconds from START SLAVE to the first poll that
 * saw the replica there.
 */
export async function timeCatchUp(replica, until) {
  return withConnection(replica, async (conn) => {
    const began = performance.now();
    await conn.query('START SLAVE');
    let seconds;
    for (;;) {
      const status = await replicaStatus(conn);
      if (compareBinlog(status.executed, until) >= 0) {
        seconds = (performance.now() - began) / 1000;
        break;
      }
      // The IO thread may show No for a moment while it starts; a second is more than enough.
      const ioGone = status.io === 'No' && performance.now() - began > 1000;
      if (status.sql === 'No' || ioGone) {
        throw stuck(status, `catching up to ${describePosition(until)}`);
      }
      if (stopRequested()) throw new Error('stopped');
      if (performance.now() - began > WAIT_LIMIT_MS) {
        throw stuck(status, `catching up to ${describePosition(until)} in time`);
      }
      await sleep(POLL_MS);
    }
    await conn.query('STOP SLAVE');
    return seconds;
  });
}
