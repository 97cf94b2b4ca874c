import type { Database } from 'better-sqlite3';
import { CutoverError } from '../errors.js';
import { MIGRATIONS, type Migration } from './migrations.js';

/** The schema version a store at the newest known migration has. */
export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/** Highest applied migration; 0 for a database no Cutover has set up yet. */
export function appliedVersion(db: Database): number {
  const table = db
    .prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`)
    .get();
  if (table === undefined) return 0;
  const row = db
    .prepare<[], { version: number | null }>(
      'SELECT MAX(version) AS version FROM schema_migrations',
    )
    .get();
  return row?.version ?? 0;
}

/** Refuses state written by a newer Cutover: its schema may mean things this code gets wrong. */
export function assertKnownVersion(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  const applied = appliedVersion(db);
  const latest = latestVersion(migrations);
  if (applied > latest) {
    throw new CutoverError(
      'STATE_TOO_NEW',
      `The state database ${db.name} is at schema version ${applied}, written by a newer Cutover; this Cutover knows versions up to ${latest}.`,
      'Upgrade Cutover to the version that last used this state dir, or use another --state-dir.',
    );
  }
  return applied;
}

/**
 * Applies every migration not yet recorded, in order, each in its own transaction so a failure
 * leaves the store at the last good version. Returns the resulting schema version.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  db.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    ) STRICT
  `);
  assertKnownVersion(db, migrations);

  const applied = new Set(
    db
      .prepare<[], { version: number }>('SELECT version FROM schema_migrations')
      .all()
      .map((row) => row.version),
  );
  const record = db.prepare<[number, string, string]>(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      if (typeof migration.up === 'string') db.exec(migration.up);
      else migration.up(db);
      record.run(migration.version, migration.name, new Date().toISOString());
    })();
  }
  return appliedVersion(db);
}
