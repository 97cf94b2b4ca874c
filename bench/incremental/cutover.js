// Cutover in the incremental benchmark: its task file, `cutover run --until caught-up` (timed),
// `cutover run` streaming until SIGINT, and the stream figures it keeps in its state store.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import { onCleanup } from '../support/cleanup.js';
import { jsonRecords, run, whyCutoverFailed } from '../support/proc.js';
import { DB } from './sysbench.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CUTOVER = join(REPO, 'bin', 'cutover.js');
/** The state store in a state dir (src/engine/store/Store.ts). */
const STATE_DB_FILE = 'cutover.db';
/** The change stream's row in stream_stats (src/engine/cdc/IncrementalSync.ts). */
const STREAM = 'binlog';
/** Output kept per Cutover process, for error messages. */
const KEEP_CHARS = 16_000;
/** How long a streaming Cutover may take to stop after SIGINT before it is killed. */
const STOP_WAIT_MS = 60_000;
/** How long a streaming Cutover may take to write its first stream figures. */
const START_WAIT_MS = 120_000;

/** The task: every sysbench table, schema + full copy + incremental with `applyWorkers`. */
export async function writeTask(root, source, target, applyWorkers) {
  const endpoint = ({ host, port, user }) => ({ kind: 'mysql', host, port, user, password: '' });
  const task = {
    name: 'bench-incremental',
    source: endpoint(source),
    target: endpoint(target),
    objects: [{ database: DB, tables: ['*'] }],
    steps: ['schema', 'full', 'incremental'],
    options: { applyWorkers },
  };
  const file = join(root, 'task-incremental.json');
  await writeFile(file, `${JSON.stringify(task, null, 2)}\n`);
  return file;
}

/** The last stream status a run reported (its final one, written as it stops). */
function lastStreamStatus(output) {
  return (
    jsonRecords(output)
      .filter((r) => r.type === 'stream')
      .at(-1)?.status ?? null
  );
}

/**
 * `cutover run TASK --until caught-up`, timed from start to exit. Resolves with the seconds and
 * the last stream status it reported; rejects with Cutover's reason when it fails.
 */
export async function runUntilCaughtUp(ctx) {
  const args = [CUTOVER, 'run', ctx.taskFile, '--until', 'caught-up'];
  const result = await run(process.execPath, [...args, '--state-dir', ctx.stateDir, '--json'], {
    cwd: REPO,
  });
  if (!result.ok) {
    throw new Error(
      `cutover run --until caught-up exited with code ${result.code}: ` +
        `${whyCutoverFailed(result.output)}\n--- last output ---\n${result.output.slice(-3000)}`,
    );
  }
  return { seconds: result.seconds, stream: lastStreamStatus(result.output) };
}

/**
 * `cutover run TASK` without --until: it streams until SIGINT. Resolves at once with a handle;
 * clean-up (also on Ctrl-C) interrupts it if it still runs.
 */
export function startStreaming(ctx) {
  const args = [CUTOVER, 'run', ctx.taskFile, '--state-dir', ctx.stateDir, '--json'];
  // Its own process group: Ctrl-C in the terminal reaches the benchmark, which stops it in order.
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (d) => (output = (output + d.toString()).slice(-KEEP_CHARS));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exit = null;
  const ended = new Promise((resolve) => {
    child.once('error', (e) => resolve({ code: null, signal: null, error: e.message }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  }).then((e) => (exit = { ...e, at: performance.now() }));

  /** SIGINT, then a wait for the exit; SIGKILL if it takes longer than STOP_WAIT_MS. */
  async function interrupt() {
    if (exit) return { ...exit, seconds: 0, killed: false };
    const began = performance.now();
    child.kill('SIGINT');
    let timer;
    const late = new Promise((r) => (timer = setTimeout(r, STOP_WAIT_MS)));
    await Promise.race([ended, late]);
    clearTimeout(timer);
    const killed = exit === null;
    if (killed) {
      child.kill('SIGKILL');
      await ended;
    }
    return { ...exit, seconds: (exit.at - began) / 1000, killed };
  }

  onCleanup(interrupt);
  return {
    exited: () => exit,
    output: () => output,
    interrupt,
    why: () => whyCutoverFailed(output),
  };
}

/**
 * The latest stream figures in a state dir's store, read-only next to the Cutover that writes
 * them (as `cutover status` reads them). `latest()` is null until the first are written.
 */
export function openStreamStats(stateDir) {
  let db = null;
  let statement = null;
  const handle = {
    latest() {
      if (!db) {
        const file = join(stateDir, STATE_DB_FILE);
        if (!existsSync(file)) return null;
        db = new Sqlite(file, { readonly: true, fileMustExist: true });
        db.pragma('busy_timeout = 2000');
        statement = db.prepare(
          'SELECT stats_json, updated_at FROM stream_stats WHERE stream = ? ' +
            'ORDER BY updated_at DESC LIMIT 1',
        );
      }
      const row = statement.get(STREAM);
      return row ? { stats: JSON.parse(row.stats_json), updatedAt: row.updated_at } : null;
    },
    close() {
      if (db?.open) db.close();
      db = null;
    },
  };
  onCleanup(() => handle.close());
  return handle;
}

/**
 * Waits until the streaming Cutover has written stream figures since `sinceIso` (it is reading
 * the binlog), then up to `lagWaitMs` more for a lag measurement (its first heartbeat went
 * through). Resolves with whether it has one; rejects if Cutover exits first.
 */
export async function waitForStream(streaming, stats, sinceIso, lagWaitMs) {
  const began = performance.now();
  let streamingSince = null;
  for (;;) {
    const exit = streaming.exited();
    if (exit) {
      throw new Error(
        `cutover run exited with code ${exit.code} before it streamed: ${streaming.why()}`,
      );
    }
    const latest = stats.latest();
    if (latest && latest.updatedAt > sinceIso) {
      if (latest.stats.lagMs !== null) return true;
      streamingSince ??= performance.now();
      if (performance.now() - streamingSince > lagWaitMs) return false;
    }
    if (streamingSince === null && performance.now() - began > START_WAIT_MS) {
      throw new Error(
        `cutover run wrote no stream figures in ${START_WAIT_MS / 1000} s; its output ends:\n` +
          streaming.output().slice(-3000),
      );
    }
    await sleep(200);
  }
}
