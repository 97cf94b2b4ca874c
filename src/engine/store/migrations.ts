import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up: string | ((db: Database) => void);
}

/**
 * The state schema, oldest first. A migration is never edited once it has landed: state dirs in
 * the field already ran it. Change the schema by appending the next number.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 10,
    name: 'initial',
    up: `
      CREATE TABLE endpoints (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        host TEXT NOT NULL,
        port INTEGER NOT NULL,
        user TEXT NOT NULL,
        secret BLOB,
        options_json TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE tasks (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        spec_json TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'new'
          CHECK (state IN ('new', 'running', 'paused', 'stopped', 'failed', 'done')),
        current_step TEXT,
        error_json TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE task_steps (
        task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        step TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending'
          CHECK (state IN ('pending', 'running', 'done', 'failed', 'skipped')),
        started_at TEXT,
        finished_at TEXT,
        error_json TEXT,
        detail_json TEXT,
        PRIMARY KEY (task_id, step)
      ) STRICT;

      CREATE TABLE checkpoints (
        task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        stream TEXT NOT NULL,
        position_json TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (task_id, stream)
      ) STRICT;

      CREATE TABLE table_progress (
        task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        step TEXT NOT NULL,
        source_db TEXT NOT NULL,
        source_table TEXT NOT NULL,
        target_db TEXT NOT NULL,
        target_table TEXT NOT NULL,
        state TEXT NOT NULL
          CHECK (state IN ('pending', 'running', 'done', 'failed', 'skipped')),
        rows_done INTEGER NOT NULL DEFAULT 0,
        rows_total INTEGER,
        bytes_done INTEGER NOT NULL DEFAULT 0,
        chunks_done INTEGER NOT NULL DEFAULT 0,
        chunks_total INTEGER,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (task_id, step, source_db, source_table)
      ) STRICT;

      CREATE TABLE task_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        ts TEXT NOT NULL,
        level TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),
        code TEXT,
        message TEXT NOT NULL,
        data_json TEXT
      ) STRICT;
      CREATE INDEX task_events_task_id_id ON task_events (task_id, id);

      CREATE TABLE schema_objects (
        task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        object TEXT NOT NULL,
        phase TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('created', 'skipped', 'failed', 'exists')),
        sql TEXT,
        error TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (task_id, kind, object)
      ) STRICT;
    `,
  },
  {
    // At start the runner resumes every unfinished task; this keeps that lookup off a full scan.
    version: 20,
    name: 'tasks_state_index',
    up: `CREATE INDEX tasks_state ON tasks (state);`,
  },
  {
    // The full copy's chunks: bounds are stored when a chunk is cut, so a resumed copy re-reads
    // exactly the ranges it did not finish even if the source changed in between.
    version: 30,
    name: 'table_chunks',
    up: `
      CREATE TABLE table_chunks (
        task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        source_db TEXT NOT NULL,
        source_table TEXT NOT NULL,
        seq INTEGER NOT NULL,
        lower_json TEXT,
        upper_json TEXT,
        state TEXT NOT NULL CHECK (state IN ('pending', 'started', 'done')),
        rows INTEGER NOT NULL DEFAULT 0,
        bytes INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (task_id, source_db, source_table, seq)
      ) STRICT;
    `,
  },
  {
    // A change stream's health as last measured (lag, rates, where it is), for `status` and the
    // dashboard; the resume position itself stays in checkpoints.
    version: 40,
    name: 'stream_stats',
    up: `
      CREATE TABLE stream_stats (
        task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        stream TEXT NOT NULL,
        stats_json TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (task_id, stream)
      ) STRICT;
    `,
  },
  {
    // Each verification's report (per table: rows, chunks, differences, time), newest last: the
    // evidence shown before a switchover.
    version: 50,
    name: 'verifications',
    up: `
      CREATE TABLE verifications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        started_at TEXT NOT NULL,
        consistent INTEGER NOT NULL CHECK (consistent IN (0, 1)),
        report_json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX verifications_task ON verifications (task_id, id);
    `,
  },
  {
    // Passwords of tasks started from the app, sealed like saved connections' passwords, so an
    // unfinished task can be resumed after a restart without asking for them again.
    version: 60,
    name: 'task_secrets',
    up: `
      CREATE TABLE task_secrets (
        task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('source', 'target')),
        secret BLOB NOT NULL,
        PRIMARY KEY (task_id, role)
      ) STRICT;
    `,
  },
];
