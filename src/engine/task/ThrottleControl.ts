import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CutoverError } from '../errors.js';
import type { ThrottleLimits } from '../snapshot/Throttler.js';

/**
 * Throttle changes for a running task. The running process owns the state store, so another
 * process (`cutover throttle`) leaves the new limits in a small file next to it, which the
 * runner polls.
 */
export function throttleFile(stateDir: string, taskName: string): string {
  return join(stateDir, 'throttle', `${taskName}.json`);
}

export function writeThrottle(stateDir: string, taskName: string, limits: ThrottleLimits): void {
  const file = throttleFile(stateDir, taskName);
  mkdirSync(join(stateDir, 'throttle'), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(limits));
  renameSync(tmp, file);
}

export function readThrottle(stateDir: string, taskName: string): ThrottleLimits | null {
  const file = throttleFile(stateDir, taskName);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const v = JSON.parse(text) as Partial<ThrottleLimits>;
    return {
      rowsPerSecond: Number(v.rowsPerSecond ?? 0),
      bytesPerSecond: Number(v.bytesPerSecond ?? 0),
    };
  } catch (e) {
    throw new CutoverError(
      'USAGE',
      `The throttle file ${file} is not valid JSON.`,
      'Set the limits again with `cutover throttle`, or delete the file.',
      { cause: e },
    );
  }
}

/** Calls `onChange` whenever the task's throttle file changes; returns a stop function. */
export function watchThrottle(
  stateDir: string,
  taskName: string,
  onChange: (limits: ThrottleLimits) => void,
  intervalMs = 1000,
): () => void {
  const file = throttleFile(stateDir, taskName);
  let seen = -1;
  const poll = (): void => {
    let mtime: number;
    try {
      mtime = statSync(file).mtimeMs;
    } catch {
      return;
    }
    if (mtime === seen) return;
    seen = mtime;
    const limits = readThrottle(stateDir, taskName);
    if (limits) onChange(limits);
  };
  poll();
  const timer = setInterval(poll, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
