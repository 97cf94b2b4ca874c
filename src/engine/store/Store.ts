import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { CutoverError, isCutoverError } from '../errors.js';
import { appliedVersion, assertKnownVersion, latestVersion, migrate } from './migrate.js';
import { createStateDir } from './StateDir.js';
import { StateLock } from './StateLock.js';

export const DB_FILE = 'cutover.db';

export interface StoreOptions {
  /**
   * For readers such as `cutover status` while a run is going: no lock, and a read-only
   * connection, so it works next to the process that holds the lock.
   */
  readOnly?: boolean;
  busyTimeoutMs?: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/**
 * better-sqlite3's native binary built for Electron's ABI, which `npm start` builds beside the
 * Node one (scripts/electron-native.js): node_modules keeps the Node build for the tests and the
 * command line. Unset everywhere else, where better-sqlite3 finds its own build.
 */
function nativeBinding(): { nativeBinding?: string } {
  const path = process.env.CUTOVER_SQLITE_BINDING;
  return path ? { nativeBinding: path } : {};
}

/** The local state database of one state directory. */
export class Store {
  private constructor(
    readonly dir: string,
    readonly db: Database,
    readonly readOnly: boolean,
    private readonly lock: StateLock | undefined,
  ) {}

  /**
   * Opens `dir/cutover.db`, migrating it to the current schema. A writable open takes the state
   * dir's lock and fails with STATE_LOCKED while another process holds it.
   */
  static open(dir: string, options: StoreOptions = {}): Store {
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    return options.readOnly
      ? Store.openReadOnly(dir, busyTimeoutMs)
      : Store.openWritable(dir, busyTimeoutMs);
  }

  get schemaVersion(): number {
    return appliedVersion(this.db);
  }

  private static openWritable(dir: string, busyTimeoutMs: number): Store {
    createStateDir(dir);
    const lock = StateLock.acquire(dir);
    let db: Database | undefined;
    try {
      db = new Sqlite(join(dir, DB_FILE), nativeBinding());
      db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      db.pragma('journal_mode = WAL');
      // NORMAL under WAL can lose the last commits on power loss but never corrupts; replaying
      // from an older checkpoint is harmless because every apply is idempotent.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
      return new Store(dir, db, false, lock);
    } catch (e) {
      db?.close();
      lock.release();
      throw asStoreError(e, dir);
    }
  }

  private static openReadOnly(dir: string, busyTimeoutMs: number): Store {
    const file = join(dir, DB_FILE);
    let db: Database | undefined;
    try {
      if (existsSync(file)) {
        db = openReadOnlyDb(file, busyTimeoutMs);
        if (assertKnownVersion(db) === latestVersion()) return new Store(dir, db, true, undefined);
        db.close();
      }
      // Missing or older state: set it up once under the lock, as a writable open would. While a
      // current Cutover runs this never happens, since that process already migrated the store.
      Store.open(dir, { busyTimeoutMs }).close();
      db = openReadOnlyDb(file, busyTimeoutMs);
      return new Store(dir, db, true, undefined);
    } catch (e) {
      db?.close();
      throw asStoreError(e, dir);
    }
  }

  close(): void {
    try {
      if (this.db.open) this.db.close();
    } finally {
      this.lock?.release();
    }
  }
}

function openReadOnlyDb(file: string, busyTimeoutMs: number): Database {
  const db = new Sqlite(file, { readonly: true, fileMustExist: true, ...nativeBinding() });
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  return db;
}

function isCorruption(e: unknown): e is InstanceType<typeof Sqlite.SqliteError> {
  return (
    e instanceof Sqlite.SqliteError &&
    (e.code === 'SQLITE_NOTADB' || e.code.startsWith('SQLITE_CORRUPT'))
  );
}

function asStoreError(e: unknown, dir: string): unknown {
  if (isCutoverError(e) || !isCorruption(e)) return e;
  const file = join(dir, DB_FILE);
  return new CutoverError(
    'STATE_CORRUPT',
    `The state database ${file} is damaged or is not a Cutover state database (${e.message}).`,
    `Move ${file} aside (keep it for a bug report) and start again, or use another --state-dir.`,
    { cause: e },
  );
}
