import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { latestVersion, migrate } from '../../../src/engine/store/migrate.js';
import { MIGRATIONS } from '../../../src/engine/store/migrations.js';
import { LOCK_FILE } from '../../../src/engine/store/StateLock.js';
import { DB_FILE, Store } from '../../../src/engine/store/Store.js';
import { TaskRepository } from '../../../src/engine/store/TaskRepository.js';
import { caught, closeLater, deadPid, sampleSpec, tempDir } from './helpers.js';

describe('Store.open', () => {
  it('creates the database in WAL mode with foreign keys on and synchronous NORMAL', () => {
    const dir = tempDir();
    const store = closeLater(Store.open(dir));
    expect(existsSync(join(dir, DB_FILE))).toBe(true);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(store.db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(store.schemaVersion).toBe(latestVersion());
  });

  it('keeps data across close and reopen', () => {
    const dir = tempDir();
    const first = Store.open(dir);
    new TaskRepository(first.db).createOrGet(sampleSpec());
    first.close();
    const second = closeLater(Store.open(dir));
    expect(new TaskRepository(second.db).list().map((t) => t.name)).toEqual(['orders-to-ob']);
  });

  it('reports a file that is not a database as STATE_CORRUPT and releases the lock', () => {
    const dir = tempDir();
    writeFileSync(join(dir, DB_FILE), 'this is not an SQLite database, just some text '.repeat(40));
    const error = caught(() => Store.open(dir));
    expect(error.code).toBe('STATE_CORRUPT');
    expect(error.fix).toContain('--state-dir');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});

describe('state dir lock', () => {
  it('writes our pid into the lock file and removes it on close', () => {
    const dir = tempDir();
    const store = Store.open(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    store.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('refuses a second writable open of the same dir with STATE_LOCKED', () => {
    const dir = tempDir();
    closeLater(Store.open(dir));
    const error = caught(() => Store.open(dir));
    expect(error.code).toBe('STATE_LOCKED');
    expect(error.message).toContain(`pid ${process.pid}`);
    expect(error.fix).toMatch(/stop the other cutover process/i);
    expect(error.fix).toContain('--state-dir');
    // The refused open did not take the lock away from the first.
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
  });

  it('takes over a stale lock left by a dead process', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), `${deadPid()}\n`);
    const store = closeLater(Store.open(dir));
    expect(store.readOnly).toBe(false);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
  });

  it('takes over a lock with our own pid that this process does not hold', () => {
    // An earlier run with the same pid (pid 1 in a container) crashed and left it behind.
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), `${process.pid}\n`);
    closeLater(Store.open(dir));
  });

  it('takes over an unreadable lock file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), 'garbage');
    closeLater(Store.open(dir));
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
  });

  it('can be opened again after close', () => {
    const dir = tempDir();
    Store.open(dir).close();
    closeLater(Store.open(dir));
  });
});

describe('read-only open', () => {
  it('works while a writer holds the lock and sees its commits', () => {
    const dir = tempDir();
    const writer = closeLater(Store.open(dir));
    const tasks = new TaskRepository(writer.db);
    const { task } = tasks.createOrGet(sampleSpec());

    const reader = closeLater(Store.open(dir, { readOnly: true }));
    expect(reader.readOnly).toBe(true);
    expect(new TaskRepository(reader.db).get(task.id)?.name).toBe('orders-to-ob');

    tasks.setState(task.id, 'running', { currentStep: 'full' });
    expect(new TaskRepository(reader.db).get(task.id)?.state).toBe('running');
  });

  it('cannot write', () => {
    const dir = tempDir();
    Store.open(dir).close();
    const reader = closeLater(Store.open(dir, { readOnly: true }));
    expect(() => new TaskRepository(reader.db).createOrGet(sampleSpec())).toThrow(/readonly/);
  });

  it('does not take or remove the lock', () => {
    const dir = tempDir();
    Store.open(dir).close();
    const reader = Store.open(dir, { readOnly: true });
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const writer = closeLater(Store.open(dir));
    reader.close();
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    writer.close();
  });

  it('sets up a missing store before reading it', () => {
    const dir = tempDir();
    const reader = closeLater(Store.open(dir, { readOnly: true }));
    expect(reader.schemaVersion).toBe(latestVersion());
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('upgrades an older store when nobody holds the lock', () => {
    const dir = tempDir();
    const old = new Sqlite(join(dir, DB_FILE));
    migrate(old, MIGRATIONS.slice(0, 1));
    old.close();
    expect(closeLater(Store.open(dir, { readOnly: true })).schemaVersion).toBe(latestVersion());
  });

  it('is refused with STATE_LOCKED when an older store is locked by another process', () => {
    const dir = tempDir();
    const old = new Sqlite(join(dir, DB_FILE));
    migrate(old, MIGRATIONS.slice(0, 1));
    old.close();
    // Our parent process is alive and is not us: it stands in for an older Cutover still running.
    writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n`);
    const error = caught(() => Store.open(dir, { readOnly: true }));
    expect(error.code).toBe('STATE_LOCKED');
    expect(error.message).toContain(`pid ${process.ppid}`);
  });
});
