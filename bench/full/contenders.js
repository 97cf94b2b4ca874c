// The contenders of the full-copy benchmark. Each `run(ctx, n)` copies database `ctx.db` from
// `ctx.source` to the (empty) `ctx.target` and resolves with `{ seconds }` (Cutover also with
// `peakRssKb`), or rejects with why it failed. Whether the copy is right is checked by the caller.
//
// ctx: { db, tables, source, target, root (a scratch directory), taskFile (Cutover's task),
//        outfiles: { files, ddl } (per table: the exported rows and the CREATE TABLE) }

import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { cliArgs, connect, quoteName } from '../support/mariadb.js';
import { run, runPipe, whyItStopped } from '../support/proc.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CUTOVER = join(REPO, 'bin', 'cutover.js');
/** GNU time reports the peak RSS of the command it runs, exactly, after the command ends. */
export const GNU_TIME = '/usr/bin/time';

function failure(result) {
  return new Error(`${result.reason}: ${whyItStopped(result.output)}`);
}

/** Cutover's own account of a failed run: the last error object of its `--json` output. */
function cutoverError(output) {
  const errors = output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        return undefined;
      }
    })
    .filter((event) => event?.type === 'error');
  const last = errors.at(-1);
  return last ? `${last.code}: ${last.message}` : undefined;
}

/** The peak RSS in kB that GNU time wrote last in `file` (after any "Command exited" line). */
async function peakRssKb(file) {
  const lines = (await readFile(file, 'utf8')).trim().split('\n');
  const kb = Number(lines.at(-1));
  return Number.isFinite(kb) ? kb : undefined;
}

/** `cutover run` end to end (precheck, schema, full copy), each run with a fresh state dir. */
async function cutoverRun(ctx, n, taskFile) {
  const stateDir = join(ctx.root, `cutover-state-${n}`);
  const rssFile = join(ctx.root, `cutover-rss-${n}`);
  const command = [CUTOVER, 'run', taskFile, '--until', 'full-done'];
  try {
    const result = await run(
      GNU_TIME,
      ['-f', '%M', '-o', rssFile, process.execPath, ...command, '--state-dir', stateDir, '--json'],
      { cwd: REPO },
    );
    if (!result.ok) {
      const reason = cutoverError(result.output) ?? whyItStopped(result.output);
      throw new Error(`cutover exited with code ${result.code}: ${reason}`);
    }
    return { seconds: result.seconds, peakRssKb: await peakRssKb(rssFile) };
  } finally {
    await rm(stateDir, { recursive: true, force: true });
    await rm(rssFile, { force: true });
  }
}

/** Cutover as it runs by default: LOAD DATA LOCAL where the target allows it. */
const cutover = (ctx, n) => cutoverRun(ctx, n, ctx.taskFile);

/** Cutover made to write with multi-row INSERT, its path for OceanBase and other targets. */
const cutoverInsert = (ctx, n) => cutoverRun(ctx, n, ctx.insertTaskFile);

/** mydumper then myloader, 2 threads each, through a dump directory; timed as both together. */
async function mydumperMyloader(ctx, n) {
  const dir = join(ctx.root, `mydumper-${n}`);
  try {
    const dump = await run('mydumper', [
      ...cliArgs(ctx.source),
      '-B',
      ctx.db,
      '-t',
      '2',
      '-o',
      dir,
    ]);
    if (!dump.ok) throw failure(dump);
    // -e: myloader skips the binlog unless told; every other contender's writes are logged.
    const loadArgs = ['-d', dir, '-t', '2', '-B', ctx.db, '-o', '-e'];
    const load = await run('myloader', [...cliArgs(ctx.target), ...loadArgs]);
    if (!load.ok) throw failure(load);
    return { seconds: dump.seconds + load.seconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `mariadb-dump --single-transaction | mariadb`: one stream, one connection on each side. */
async function dumpPipe(ctx) {
  // --no-defaults: no option file of this machine changes what is measured.
  const result = await runPipe(
    ['mariadb-dump', ['--no-defaults', ...cliArgs(ctx.source), '--single-transaction', ctx.db]],
    ['mariadb', ['--no-defaults', ...cliArgs(ctx.target), ctx.db]],
  );
  if (!result.ok) throw failure(result);
  return { seconds: result.seconds };
}

/**
 * The target's own ingest limit: LOAD DATA INFILE of files already on its disk, every table at
 * once. Creating the empty tables is not timed; only the loads are.
 */
async function loadData(ctx) {
  const { files, ddl } = ctx.outfiles;
  const conns = await Promise.all(ctx.tables.map(() => connect(ctx.target, ctx.db)));
  try {
    for (const table of ctx.tables) await conns[0].query(ddl[table]);
    const began = performance.now();
    await Promise.all(
      ctx.tables.map((table, i) =>
        conns[i].query(`LOAD DATA INFILE ? INTO TABLE ${quoteName(table)} CHARACTER SET binary`, [
          files[table],
        ]),
      ),
    );
    return { seconds: (performance.now() - began) / 1000 };
  } finally {
    await Promise.all(conns.map((c) => c.end()));
  }
}

/** In report order; `key` names each in the JSON output and in the ratios. */
export const CONTENDERS = [
  { key: 'cutover', label: 'Cutover (concurrency 4)', run: cutover },
  { key: 'cutoverInsert', label: 'Cutover, INSERT loader', run: cutoverInsert },
  { key: 'mydumper', label: 'mydumper + myloader (2 threads)', run: mydumperMyloader },
  { key: 'dumpPipe', label: 'mariadb-dump | mariadb', run: dumpPipe },
  { key: 'loadData', label: 'LOAD DATA INFILE (tables in parallel)', run: loadData },
];
