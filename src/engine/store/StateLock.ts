import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CutoverError } from '../errors.js';

export const LOCK_FILE = 'cutover.lock';

/** Enough for a few lost takeover races; more means something keeps rewriting the lock. */
const MAX_ATTEMPTS = 5;

/** Lock files held by this process, so a single exit hook can remove them all. */
const held = new Set<string>();
let exitHookInstalled = false;

/**
 * One writer per state directory: an exclusive lock file holding the owner's pid. A lock whose
 * pid is no longer alive is stale (the owner crashed or was killed) and is taken over.
 */
export class StateLock {
  private constructor(readonly path: string) {}

  static acquire(dir: string): StateLock {
    const path = join(dir, LOCK_FILE);
    let owner: number | undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (tryCreate(path)) {
        held.add(path);
        installExitHook();
        return new StateLock(path);
      }
      owner = readPid(path);
      if (owner === undefined) continue; // released between our create and our read
      if (isAlive(owner, path)) throw lockedError(dir, path, owner);
      takeOver(path, owner);
    }
    throw lockedError(dir, path, owner ?? readPid(path) ?? 0);
  }

  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): void {
    if (held.delete(this.path)) removeIfOurs(this.path);
  }
}

/**
 * Exclusive create of a lock file that already holds our pid: link(2) fails with EEXIST just like
 * O_EXCL, and unlike open-then-write no other process can ever read a half-written, empty lock.
 */
function tryCreate(path: string): boolean {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${process.pid}\n`, { mode: 0o644 });
  try {
    linkSync(temp, path);
    return true;
  } catch (e) {
    if (errnoCode(e) === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(temp);
  }
}

/**
 * Removes a lock last seen holding `stalePid`. It is moved aside before deleting: if a racing
 * process took it over between our read and our rename, what we moved is that process's fresh
 * lock, so we put it back and the next attempt reports it as held. Exported for its tests.
 */
export function takeOver(path: string, stalePid: number): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return;
    throw e;
  }
  if (readPid(aside) !== stalePid) {
    try {
      linkSync(aside, path);
    } catch {
      // A third process created a lock meanwhile; it is the owner now, and the next attempt says so.
    }
  }
  unlinkSync(aside);
}

/** The pid in a lock file; undefined if the file is gone, 0 (never a live process) if unparsable. */
function readPid(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return undefined;
    throw e;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : 0;
}

function isAlive(pid: number, path: string): boolean {
  if (pid <= 0) return false;
  // Our own pid in a lock we do not hold was left by an earlier run that had the same pid
  // (routine for pid 1 in containers).
  if (pid === process.pid) return held.has(path);
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) === 'EPERM'; // alive, but owned by another user
  }
}

function removeIfOurs(path: string): void {
  try {
    if (readPid(path) === process.pid) unlinkSync(path);
  } catch {
    // Best effort: a lock left behind is taken over as stale by the next open.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' does not fire on SIGKILL or an unhandled signal; stale takeover covers those.
  process.on('exit', () => {
    for (const path of held) removeIfOurs(path);
    held.clear();
  });
}

function lockedError(dir: string, path: string, pid: number): CutoverError {
  const who = pid === process.pid ? `this process (pid ${pid})` : `another process (pid ${pid})`;
  return new CutoverError(
    'STATE_LOCKED',
    `The state directory ${dir} is in use by ${who}.`,
    `Stop the other cutover process (pid ${pid}) or use another --state-dir. If no cutover process is running, delete ${path}.`,
  );
}

function errnoCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}
