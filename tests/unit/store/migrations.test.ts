import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { appliedVersion, latestVersion, migrate } from '../../../src/engine/store/migrate.js';
import { MIGRATIONS, type Migration } from '../../../src/engine/store/migrations.js';
import { DB_FILE, Store } from '../../../src/engine/store/Store.js';
import { caught, closeLater, tempDir } from './helpers.js';

function upTo(version: number): Migration[] {
  return MIGRATIONS.filter((m) => m.version <= version);
}

function columns(db: Database, table: string): string[] {
  return db
    .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)')
    .all(table)
    .map((c) => c.name);
}

function objects(db: Database, type: 'table' | 'index'): string[] {
  return db
    .prepare<[string], { name: string }>(
      `SELECT name FROM sqlite_schema WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    )
    .all(type)
    .map((row) => row.name);
}

function freshDb(): Database {
  return closeLater(new Sqlite(join(tempDir(), DB_FILE)));
}

describe('migrations list', () => {
  it('is numbered 10, 20, … in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => (i + 1) * 10));
  });

  it('never changes a migration that has landed', () => {
    // A landed migration already ran in users' state dirs; editing it forks their schema from
    // new installs. Append a new migration instead, and add its hash here.
    const landed: Record<number, string> = {
      10: '7b54bb42aad8d82a',
      20: 'e7130ac95ffe13ea',
      30: 'bd42e76404b9e67d',
      40: '6e8ebc76cec8da85',
      50: 'b3f325c7c0ab53e0',
      60: '301a1e090f1187a0',
    };
    const hashes = Object.fromEntries(
      MIGRATIONS.map((m) => [
        m.version,
        createHash('sha256').update(String(m.up)).digest('hex').slice(0, 16),
      ]),
    );
    expect(hashes).toEqual(landed);
  });
});

describe('migration 0010 initial', () => {
  it('creates every table with its columns on an empty database', () => {
    const db = freshDb();
    expect(appliedVersion(db)).toBe(0);
    expect(migrate(db, upTo(10))).toBe(10);

    expect(objects(db, 'table')).toEqual([
      'checkpoints',
      'endpoints',
      'schema_migrations',
      'schema_objects',
      'table_progress',
      'task_events',
      'task_steps',
      'tasks',
    ]);
    expect(columns(db, 'endpoints')).toEqual([
      'id',
      'name',
      'kind',
      'host',
      'port',
      'user',
      'secret',
      'options_json',
      'created_at',
      'updated_at',
    ]);
    expect(columns(db, 'tasks')).toEqual([
      'id',
      'name',
      'spec_json',
      'state',
      'current_step',
      'error_json',
      'created_at',
      'updated_at',
    ]);
    expect(columns(db, 'task_steps')).toEqual([
      'task_id',
      'step',
      'state',
      'started_at',
      'finished_at',
      'error_json',
      'detail_json',
    ]);
    expect(columns(db, 'checkpoints')).toEqual([
      'task_id',
      'stream',
      'position_json',
      'updated_at',
    ]);
    expect(columns(db, 'table_progress')).toEqual([
      'task_id',
      'step',
      'source_db',
      'source_table',
      'target_db',
      'target_table',
      'state',
      'rows_done',
      'rows_total',
      'bytes_done',
      'chunks_done',
      'chunks_total',
      'updated_at',
    ]);
    expect(columns(db, 'task_events')).toEqual([
      'id',
      'task_id',
      'ts',
      'level',
      'code',
      'message',
      'data_json',
    ]);
    expect(columns(db, 'schema_objects')).toEqual([
      'task_id',
      'kind',
      'object',
      'phase',
      'state',
      'sql',
      'error',
      'updated_at',
    ]);
    expect(objects(db, 'index')).toContain('task_events_task_id_id');
  });

  it('enforces the state values and unique names', () => {
    const db = freshDb();
    migrate(db, upTo(10));
    const insert = db.prepare(
      `INSERT INTO tasks (id, name, spec_json, state, created_at, updated_at) VALUES (?, ?, '{}', ?, '', '')`,
    );
    insert.run('t1', 'a', 'running');
    expect(() => insert.run('t2', 'b', 'exploded')).toThrow(/CHECK/);
    expect(() => insert.run('t3', 'a', 'new')).toThrow(/UNIQUE/);
  });
});

describe('migration 0020 tasks_state_index', () => {
  it('adds the index to a store at version 10 and keeps its data', () => {
    const dir = tempDir();
    const old = new Sqlite(join(dir, DB_FILE));
    migrate(old, upTo(10));
    old
      .prepare(
        `INSERT INTO tasks (id, name, spec_json, created_at, updated_at) VALUES ('t1', 'kept', '{}', '', '')`,
      )
      .run();
    old.close();

    const store = closeLater(Store.open(dir));
    expect(store.schemaVersion).toBe(latestVersion());
    expect(objects(store.db, 'index')).toContain('tasks_state');
    const plan = store.db
      .prepare<[], { detail: string }>(
        `EXPLAIN QUERY PLAN SELECT id FROM tasks WHERE state = 'running'`,
      )
      .all();
    expect(plan.map((p) => p.detail).join(' ')).toContain('tasks_state');
    expect(store.db.prepare('SELECT name FROM tasks').pluck().all()).toEqual(['kept']);
  });
});

describe('migration 0030 table_chunks', () => {
  it('adds the chunk table to a store at version 20, keeping tasks, and cascades on delete', () => {
    const dir = tempDir();
    const old = new Sqlite(join(dir, DB_FILE));
    migrate(old, upTo(20));
    old
      .prepare(
        `INSERT INTO tasks (id, name, spec_json, created_at, updated_at) VALUES ('t1', 'kept', '{}', '', '')`,
      )
      .run();
    old.close();

    const store = closeLater(Store.open(dir));
    expect(columns(store.db, 'table_chunks')).toEqual([
      'task_id',
      'source_db',
      'source_table',
      'seq',
      'lower_json',
      'upper_json',
      'state',
      'rows',
      'bytes',
      'updated_at',
    ]);
    store.db
      .prepare(
        `INSERT INTO table_chunks (task_id, source_db, source_table, seq, state, updated_at)
         VALUES ('t1', 'db', 't', 0, 'pending', '')`,
      )
      .run();
    expect(() =>
      store.db
        .prepare(
          `INSERT INTO table_chunks (task_id, source_db, source_table, seq, state, updated_at)
           VALUES ('t1', 'db', 't', 1, 'lost', '')`,
        )
        .run(),
    ).toThrow(/CHECK/);
    store.db.prepare(`DELETE FROM tasks WHERE id = 't1'`).run();
    expect(store.db.prepare('SELECT COUNT(*) FROM table_chunks').pluck().get()).toBe(0);
  });
});

describe('migrate', () => {
  it('records each applied version once and is a no-op when current', () => {
    const db = freshDb();
    migrate(db);
    expect(migrate(db)).toBe(latestVersion());
    const versions = db
      .prepare('SELECT version FROM schema_migrations ORDER BY version')
      .pluck()
      .all();
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('rolls back a failing migration and keeps the versions before it', () => {
    const db = freshDb();
    const broken: Migration[] = [
      ...upTo(10),
      {
        version: 20,
        name: 'broken',
        up: 'CREATE TABLE half_done (a INTEGER); SELECT * FROM nowhere;',
      },
    ];
    expect(() => migrate(db, broken)).toThrow(/nowhere/);
    expect(appliedVersion(db)).toBe(10);
    expect(objects(db, 'table')).not.toContain('half_done');
  });

  it('refuses a store written by a newer Cutover', () => {
    const dir = tempDir();
    Store.open(dir).close();
    const db = new Sqlite(join(dir, DB_FILE));
    db.prepare(`INSERT INTO schema_migrations VALUES (9990, 'from the future', '')`).run();
    db.close();

    const error = caught(() => Store.open(dir));
    expect(error.code).toBe('STATE_TOO_NEW');
    expect(error.message).toContain('9990');
    expect(error.message).toContain(`up to ${latestVersion()}`);
    expect(error.fix).toContain('--state-dir');
    // The refused open released its lock: trying again is refused for the same reason.
    expect(caught(() => Store.open(dir)).code).toBe('STATE_TOO_NEW');
    expect(caught(() => Store.open(dir, { readOnly: true })).code).toBe('STATE_TOO_NEW');
  });
});
