import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE, StateLock, takeOver } from '../../../src/engine/store/StateLock.js';
import { caught, deadPid, tempDir } from './helpers.js';

describe('StateLock', () => {
  it('holds the lock until released, leaving no temp files', () => {
    const dir = tempDir();
    const lock = StateLock.acquire(dir);
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
    expect(caught(() => StateLock.acquire(dir)).code).toBe('STATE_LOCKED');
    lock.release();
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
    StateLock.acquire(dir).release();
  });

  it('does not remove a lock that another process has taken over meanwhile', () => {
    const dir = tempDir();
    const lock = StateLock.acquire(dir);
    writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n`);
    lock.release();
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.ppid));
  });
});

describe('takeOver', () => {
  it('removes the stale lock it saw', () => {
    const dir = tempDir();
    const stale = deadPid();
    writeFileSync(join(dir, LOCK_FILE), `${stale}\n`);
    takeOver(join(dir, LOCK_FILE), stale);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('puts back a lock that another process took over after we read the stale one', () => {
    const dir = tempDir();
    // We saw a dead pid, but by the time we act, a live process (our parent) owns the lock.
    writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n`);
    takeOver(join(dir, LOCK_FILE), deadPid());
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.ppid));
    expect(caught(() => StateLock.acquire(dir)).message).toContain(`pid ${process.ppid}`);
  });

  it('does nothing if the lock is already gone', () => {
    const dir = tempDir();
    takeOver(join(dir, LOCK_FILE), deadPid());
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});
