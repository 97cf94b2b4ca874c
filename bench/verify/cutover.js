// Cutover in the verify benchmark: its task file, the copy that sets the benchmark up
// (`cutover run --until full-done`, untimed) and `cutover verify --json`, with the verification
// record it prints.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonRecords, run, whyCutoverFailed } from '../support/proc.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CUTOVER = join(REPO, 'bin', 'cutover.js');

/** Tables Cutover compares at once (options.concurrency), as in the full-copy benchmark. */
export const CONCURRENCY = 4;

/** The task: every table of `database`, schema + full copy. */
export async function writeTask(root, source, target, database) {
  const endpoint = ({ host, port, user }) => ({ kind: 'mysql', host, port, user, password: '' });
  const task = {
    name: 'bench-verify',
    source: endpoint(source),
    target: endpoint(target),
    objects: [{ database, tables: ['*'] }],
    steps: ['schema', 'full'],
    options: { concurrency: CONCURRENCY },
  };
  const file = join(root, 'task-verify.json');
  await writeFile(file, `${JSON.stringify(task, null, 2)}\n`);
  return file;
}

function cutoverArgs(ctx, command, extra = []) {
  return [CUTOVER, command, ctx.taskFile, ...extra, '--state-dir', ctx.stateDir, '--json'];
}

/** Set-up, untimed: schema + full copy. Resolves with the seconds it took. */
export async function copy(ctx) {
  const args = cutoverArgs(ctx, 'run', ['--until', 'full-done']);
  const result = await run(process.execPath, args, { cwd: REPO });
  if (!result.ok) {
    throw new Error(
      `cutover run --until full-done exited with code ${result.code}: ` +
        `${whyCutoverFailed(result.output)}\n--- last output ---\n${result.output.slice(-3000)}`,
    );
  }
  return result.seconds;
}

/**
 * `cutover verify TASK --json`, timed from start to exit. Resolves with `{ code, seconds,
 * verification }`: its exit code and the verification record it printed (null when none);
 * `failure` says why a run that printed no verification failed.
 */
export async function verify(ctx) {
  const result = await run(process.execPath, cutoverArgs(ctx, 'verify'), { cwd: REPO });
  const verification =
    jsonRecords(result.output)
      .filter((r) => r.type === 'verification')
      .at(-1) ?? null;
  return {
    code: result.code,
    seconds: result.seconds,
    verification,
    failure: verification
      ? ''
      : `${result.reason || 'no verification record'}: ${whyCutoverFailed(result.output)}`,
  };
}
