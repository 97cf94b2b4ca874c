import type { PlanPhase, PlannedStatement, SchemaPlan } from '../../shared/schema.js';
import type { Endpoint, Session } from '../connect/Endpoint.js';
import { CutoverError, toErrorInfo } from '../errors.js';

export type ObjectOutcome = 'created' | 'exists' | 'skipped' | 'failed';

export interface ObjectRecord {
  kind: PlannedStatement['kind'];
  object: string;
  phase: PlanPhase;
  state: ObjectOutcome;
  sql: string;
  error: string | null;
}

/** Where the migrator remembers what it created, so a rerun continues instead of colliding. */
export interface SchemaLedger {
  recorded(kind: string, object: string): ObjectOutcome | null;
  record(entry: ObjectRecord): void;
}

export interface MigrateOptions {
  phase: PlanPhase;
  existingTables: 'fail' | 'keep';
  /** The source's sql_mode, so defaults such as zero dates are accepted as on the source. */
  sqlMode: string;
  signal?: AbortSignal;
  onObject?: (entry: ObjectRecord, done: number, total: number) => void;
}

function splitName(object: string): [string, string] {
  const dot = object.indexOf('.');
  return dot < 0 ? [object, ''] : [object.slice(0, dot), object.slice(dot + 1)];
}

/**
 * Creates the planned objects of one phase on the target, in plan order. Before creating
 * anything it checks for tables that already exist, so a refusal leaves nothing half-created;
 * every object it creates is recorded, so a failure report says exactly what is on the target.
 */
export class SchemaMigrator {
  constructor(
    private readonly target: Endpoint,
    private readonly ledger: SchemaLedger,
  ) {}

  async existingTables(statements: PlannedStatement[]): Promise<Set<string>> {
    const tables = statements.filter((s) => s.kind === 'table');
    if (tables.length === 0) return new Set();
    const dbs = [...new Set(tables.map((t) => splitName(t.object)[0]))];
    const rows = await this.target.query<{ db: string; name: string }>(
      `SELECT TABLE_SCHEMA AS db, TABLE_NAME AS name FROM information_schema.TABLES
        WHERE TABLE_SCHEMA IN (${dbs.map(() => '?').join(',')})`,
      dbs,
    );
    const lowerCase = this.target.info.lowerCaseTableNames !== 0;
    const norm = (s: string): string => (lowerCase ? s.toLowerCase() : s);
    const present = new Set(rows.map((r) => norm(`${r.db}.${r.name}`)));
    return new Set(tables.map((t) => t.object).filter((o) => present.has(norm(o))));
  }

  async migrate(plan: SchemaPlan, opts: MigrateOptions): Promise<ObjectRecord[]> {
    const statements = plan.statements.filter((s) => s.phase === opts.phase);
    const existing = await this.existingTables(statements);
    const foreign = [...existing].filter((o) => this.ledger.recorded('table', o) !== 'created');
    if (foreign.length > 0 && opts.existingTables === 'fail') {
      throw new CutoverError(
        'TARGET_TABLE_EXISTS',
        `${foreign.length} target table(s) already exist and were not created by this task: ${foreign.slice(0, 10).join(', ')}${foreign.length > 10 ? ', …' : ''}. Nothing was created.`,
        'Drop them on the target, rename the tables in the task ("rename"), or set options.existingTables to "keep" to use them as they are.',
      );
    }

    const results: ObjectRecord[] = [];
    await this.target.session(async (session) => {
      await this.prepareSession(session, opts.sqlMode);
      let done = 0;
      for (const stmt of statements) {
        if (opts.signal?.aborted) {
          throw new CutoverError(
            'INTERRUPTED',
            'Stopped during schema migration.',
            'Run the task again to continue where it stopped.',
          );
        }
        const entry = await this.apply(session, stmt, existing);
        results.push(entry);
        done += 1;
        opts.onObject?.(entry, done, statements.length);
      }
    });
    return results;
  }

  private async prepareSession(session: Session, sqlMode: string): Promise<void> {
    await session.execute('SET SESSION foreign_key_checks = 0');
    await session.execute('SET SESSION sql_mode = ?', [sqlMode]);
  }

  private async apply(
    session: Session,
    stmt: PlannedStatement,
    existing: Set<string>,
  ): Promise<ObjectRecord> {
    const base = { kind: stmt.kind, object: stmt.object, phase: stmt.phase, sql: stmt.sql };
    const previous = this.ledger.recorded(stmt.kind, stmt.object);
    let entry: ObjectRecord;
    if (stmt.skipped) {
      entry = { ...base, state: 'skipped', error: stmt.skipReason ?? null };
    } else if (previous === 'created') {
      entry = { ...base, state: 'created', error: null };
    } else if (stmt.kind === 'table' && existing.has(stmt.object)) {
      entry = { ...base, state: 'exists', error: null };
    } else {
      try {
        await session.execute(stmt.sql);
        entry = { ...base, state: 'created', error: null };
      } catch (e) {
        const info = toErrorInfo(e);
        this.ledger.record({ ...base, state: 'failed', error: info.message });
        throw new CutoverError(
          'SCHEMA_APPLY_FAILED',
          `Creating ${stmt.kind} ${stmt.object} on the target failed: ${info.message}`,
          'Fix the cause named above (or skip the object in the task), then run the task again: objects already created are kept, not created twice. `cutover status` lists them.',
          { cause: e },
        );
      }
    }
    if (previous !== entry.state) this.ledger.record(entry);
    return entry;
  }
}
