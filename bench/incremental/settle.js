// A quiet machine before each timed catch-up: after a backlog (or the other side's catch-up) the
// servers' InnoDB keeps writing dirty pages out in the background for half a minute and more, at
// a pace that depends on how much the last minute wrote. Whoever ran first would pay for it.
// Flushing them all beforehand, quickly, gives both sides the same start.

import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from '../support/mariadb.js';
import { mustRun } from '../support/proc.js';

/** The flushing pace while settling, pages/s: far more than this machine's disk can take. */
const FLUSH_IO_CAPACITY = 20_000;
/** Dirty pages that count as none (system tables a quiet server still touches). */
const DIRTY_ENOUGH = 16;
/** A server still writing pages out after this long is left to it. */
const FLUSH_LIMIT_MS = 60_000;

async function dirtyPages(conn) {
  const [[row]] = await conn.query("SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'");
  return Number(row?.Value ?? 0);
}

/**
 * Has `server` write out its dirty pages now (innodb_max_dirty_pages_pct 0 and a high
 * innodb_io_capacity for the moment), waits until they are written, and puts the settings back.
 */
async function flushDirtyPages(server) {
  const conn = await connect(server);
  try {
    const [[saved]] = await conn.query(
      `SELECT @@innodb_io_capacity AS io, @@innodb_io_capacity_max AS ioMax,
              @@innodb_max_dirty_pages_pct AS pct`,
    );
    try {
      // io_capacity may not exceed io_capacity_max: raise the maximum first, lower it last.
      await conn.query('SET GLOBAL innodb_io_capacity_max = ?', [FLUSH_IO_CAPACITY]);
      await conn.query('SET GLOBAL innodb_io_capacity = ?', [FLUSH_IO_CAPACITY]);
      await conn.query('SET GLOBAL innodb_max_dirty_pages_pct = 0');
      const began = performance.now();
      while ((await dirtyPages(conn)) > DIRTY_ENOUGH) {
        if (performance.now() - began > FLUSH_LIMIT_MS) break;
        await sleep(100);
      }
    } finally {
      await conn.query('SET GLOBAL innodb_max_dirty_pages_pct = ?', [Number(saved.pct)]);
      await conn.query('SET GLOBAL innodb_io_capacity = ?', [Number(saved.io)]);
      await conn.query('SET GLOBAL innodb_io_capacity_max = ?', [Number(saved.ioMax)]);
    }
  } finally {
    await conn.end();
  }
}

/**
 * Every server's dirty pages written out, then the kernel's (sync): what the last writes left
 * behind does not compete with the next timed run. Resolves with the seconds it took.
 */
export async function settle(servers) {
  const began = performance.now();
  await Promise.all(servers.map(flushDirtyPages));
  await mustRun('sync', []);
  return (performance.now() - began) / 1000;
}
