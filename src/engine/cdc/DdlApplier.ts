import type { TableDef, TableMapping } from '../../shared/catalog.js';
import { CatalogReader } from '../catalog/CatalogReader.js';
import { mapTableName } from '../catalog/Selection.js';
import { CutoverError } from '../errors.js';
import { planSchema } from '../schema/SchemaPlanner.js';
import { qualify } from '../sql/Identifiers.js';
import type { TaskSession } from '../task/TaskSession.js';
import {
  parseDdl,
  rewriteTables,
  splitDropTable,
  type DdlStatement,
  type TableRef,
} from './DdlStatement.js';
import { convertDdl } from './DdlConverter.js';
import { charsetsOf, type RouteTable } from './TableRoute.js';
import type { TargetShapes } from './TargetShapes.js';

export type DdlPolicy = 'apply' | 'ignore' | 'pause';

export interface DdlApplierOptions {
  policy: DdlPolicy;
  onLog(level: 'info' | 'warn', message: string): void;
}

/**
 * Errors a statement gives when its change is already on the target: a crash between applying
 * DDL and recording the checkpoint after it replays the statement on the next run.
 */
const ALREADY_APPLIED = new Set([
  1050, // table exists
  1060, // duplicate column name
  1061, // duplicate key name
  1091, // can't drop: check that it exists
  1146, // table doesn't exist (renamed already)
]);

function errnoOf(e: unknown): number | undefined {
  for (let cur: unknown = e; cur; cur = (cur as { cause?: unknown }).cause) {
    const n = (cur as { errno?: unknown }).errno;
    if (typeof n === 'number') return n;
  }
  return undefined;
}

function short(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/**
 * Carries the source's DDL over to the target as the stream reaches it, after every earlier row
 * change is applied: table names become the target's, new tables are planned with the same
 * conversion rules as at the start, and the routes follow renames and new shapes. What cannot be
 * carried over exactly (CREATE … SELECT, a table entering the selection by a rename, a change to a
 * table copied with a column subset) pauses the task with the statement and what to do.
 */
export class DdlApplier {
  constructor(
    private readonly session: TaskSession,
    private readonly routes: RouteTable,
    private readonly shapes: TargetShapes,
    private readonly opts: DdlApplierOptions,
  ) {}

  private mapped(ref: TableRef): TableMapping | null {
    return mapTableName(this.session.spec.objects, ref.database, ref.table);
  }

  private selected(ref: TableRef): boolean {
    return this.routes.get(ref.database, ref.table) !== undefined;
  }

  /**
   * Carries one statement over. True when it concerns the task's tables (before or after it),
   * so their contents may have changed in ways row events do not show.
   */
  async apply(sql: string, database: string | null): Promise<boolean> {
    const stmt = parseDdl(sql, database);
    if (stmt.kind === 'transaction' || stmt.kind === 'ignored') return false;
    const concerns = (): boolean =>
      stmt.mentions.some((m) => this.selected(m.ref) || this.mapped(m.ref) !== null);
    const before = concerns();
    await this.carry(stmt);
    return before || concerns();
  }

  private async carry(stmt: DdlStatement): Promise<void> {
    const subject = stmt.mentions.find((m) => m.role === 'subject')?.ref;
    switch (stmt.kind) {
      case 'create-table':
      case 'create-table-like':
        if (subject && this.mapped(subject)) await this.create(stmt, subject);
        return;
      case 'create-table-select':
        if (subject && this.mapped(subject)) {
          this.unsupported(
            stmt,
            'CREATE TABLE … SELECT copies rows the binlog does not carry as row changes',
          );
        }
        return;
      case 'rename-table':
        await this.rename(stmt);
        return;
      case 'drop-table':
        await this.drop(stmt);
        return;
      case 'alter-table':
      case 'create-index':
      case 'drop-index':
      case 'truncate':
        if (subject && this.selected(subject)) await this.alter(stmt, subject);
        return;
      case 'other':
        if (stmt.mentions.some((m) => this.selected(m.ref) || this.mapped(m.ref))) {
          this.unsupported(stmt, 'Cutover does not know how to carry this statement over');
        }
        return;
    }
  }

  /** Whether the policy lets a supported statement on a selected table through. */
  private allowed(stmt: DdlStatement): boolean {
    if (this.opts.policy === 'apply') return true;
    if (this.opts.policy === 'ignore') {
      this.opts.onLog(
        'warn',
        `DDL on a selected table not applied (options.ddl is "ignore"): ${short(stmt.sql)}`,
      );
      return false;
    }
    throw new CutoverError(
      'DDL_PAUSED',
      `The source ran DDL on a selected table and the task pauses on DDL (options.ddl is "pause"): ${short(stmt.sql)}`,
      'Make the same change on the target yourself and run the task again with `cutover run --skip-paused-ddl` to pass this one statement (or set options.ddl to "apply" to let Cutover carry DDL over); every change before the statement is applied.',
    );
  }

  private unsupported(stmt: DdlStatement, why: string): void {
    if (this.opts.policy === 'ignore') {
      this.opts.onLog(
        'warn',
        `DDL not applied (${why}; options.ddl is "ignore"): ${short(stmt.sql)}`,
      );
      return;
    }
    throw new CutoverError(
      'DDL_UNSUPPORTED',
      `The source ran DDL that Cutover cannot carry over to the target (${why}): ${short(stmt.sql)}`,
      'Make the equivalent change on the target yourself (for a new table: create it and copy its rows), then run the task again with `cutover run --skip-paused-ddl` to pass this one statement; every change before it is applied.',
    );
  }

  private async readTable(
    ref: TableRef,
  ): Promise<{ def: TableDef; charset: string; collation: string } | null> {
    const [catalog] = await new CatalogReader(this.session.source).read([ref.database]);
    const def = catalog?.tables.find((t) => t.name === ref.table);
    return catalog && def ? { def, charset: catalog.charset, collation: catalog.collation } : null;
  }

  private async run(sql: string): Promise<void> {
    this.shapes.forget();
    try {
      await this.session.target.session(async (s) => {
        await s.execute('SET SESSION foreign_key_checks = 0');
        await s.execute(sql);
      });
    } catch (e) {
      const n = errnoOf(e);
      // No server error number: the connection failed, and running again retries the statement.
      if (n === undefined) throw e;
      const message = e instanceof Error ? e.message : String(e);
      if (!ALREADY_APPLIED.has(n)) {
        throw new CutoverError(
          'DDL_UNSUPPORTED',
          `The target refused a DDL statement carried over from the source: ${message}`,
          'Make the equivalent change on the target yourself, then run the task again with `cutover run --skip-paused-ddl` to pass this one statement; every change before it is applied.',
          { cause: e },
        );
      }
      this.opts.onLog('info', `Already applied on the target (${message}); continuing.`);
    }
  }

  /** The statement with the target's table names, and charsets and collations it has. */
  private forTarget(stmt: DdlStatement): string {
    const { sql, changes } = convertDdl(
      rewriteTables(stmt, (r) => this.targetOf(r)),
      this.session.target.info,
    );
    for (const change of changes) this.opts.onLog('warn', `Converted for the target: ${change}.`);
    return sql;
  }

  /** Routes the table by its new shape on the target. */
  private async reroute(mapping: TableMapping, sourceDef?: TableDef): Promise<void> {
    const shape = await this.shapes.read(mapping);
    const def = mapping.columns === null ? (shape ?? sourceDef) : (sourceDef ?? shape);
    if (!def) return;
    this.routes.set(mapping, def, sourceDef ? charsetsOf(sourceDef) : undefined);
  }

  private async create(stmt: DdlStatement, ref: TableRef): Promise<void> {
    const mapping = this.mapped(ref);
    if (!mapping || !this.allowed(stmt)) return;
    const found = await this.readTable(ref);
    if (!found) {
      // Renamed or dropped since (the stream is behind): the statement itself is all there is.
      await this.createFromStatement(stmt, ref, mapping);
      return;
    }
    const plan = planSchema({
      catalogs: [
        {
          name: ref.database,
          charset: found.charset,
          collation: found.collation,
          tables: [found.def],
          views: [],
          triggers: [],
          routines: [],
          events: [],
        },
      ],
      mappings: [mapping],
      rules: this.session.spec.objects,
      target: this.session.target.info,
      options: {
        convertUnsupportedCharsets: this.session.spec.options.convertUnsupportedCharsets,
        streamsChanges: true,
      },
    });
    const table = plan.statements.find((s) => s.kind === 'table');
    if (!table || table.skipped) {
      this.unsupported(stmt, table?.skipReason ?? 'the table cannot be created on the target');
      return;
    }
    for (const s of plan.statements.filter((x) => x.kind === 'database' && !x.skipped)) {
      await this.run(s.sql);
    }
    await this.run(table.sql);
    this.opts.onLog(
      'info',
      `Created ${table.object} for the new source table ${ref.database}.${ref.table}.`,
    );
    for (const change of plan.changes) {
      this.opts.onLog('info', `${change.object}: ${change.action} [${change.rule}]`);
    }
    await this.reroute(mapping, found.def);
  }

  private async createFromStatement(
    stmt: DdlStatement,
    ref: TableRef,
    mapping: TableMapping,
  ): Promise<void> {
    if (mapping.columns !== null) {
      this.unsupported(
        stmt,
        'the new table is copied with a column subset and no longer exists on the source to read its columns from',
      );
      return;
    }
    await this.run(this.forTarget(stmt));
    this.opts.onLog(
      'info',
      `Created ${mapping.target.database}.${mapping.target.table} from the statement, for ${ref.database}.${ref.table} (since renamed or dropped on the source).`,
    );
    await this.reroute(mapping);
  }

  private targetOf(ref: TableRef): TableRef | null {
    const route = this.routes.get(ref.database, ref.table);
    if (route) return route.mapping.target;
    return this.mapped(ref)?.target ?? null;
  }

  private async alter(stmt: DdlStatement, ref: TableRef): Promise<void> {
    const route = this.routes.get(ref.database, ref.table);
    if (!route || !this.allowed(stmt)) return;
    if (route.mapping.columns !== null && stmt.kind === 'alter-table') {
      this.unsupported(
        stmt,
        'the table is copied with a column subset, and the change may touch columns outside it',
      );
      return;
    }
    for (const r of stmt.renames) {
      if (!this.mapped(r.to)) {
        this.unsupported(
          stmt,
          `the table is renamed to ${r.to.database}.${r.to.table}, which the selection does not take`,
        );
        return;
      }
    }
    await this.run(this.forTarget(stmt));
    this.opts.onLog('info', `Applied on the target: ${short(stmt.sql)}`);
    const renamed = stmt.renames[0]?.to;
    const mapping = renamed ? this.mapped(renamed) : route.mapping;
    if (renamed) this.routes.delete(ref.database, ref.table);
    if (mapping) await this.reroute(mapping);
  }

  private async rename(stmt: DdlStatement): Promise<void> {
    const moves = stmt.renames.filter((r) => this.selected(r.from) || this.mapped(r.to));
    if (moves.length === 0 || !this.allowed(stmt)) return;
    for (const { from, to } of moves) {
      const route = this.routes.get(from.database, from.table);
      const toMapping = this.mapped(to);
      if (!route) {
        this.unsupported(
          stmt,
          `${to.database}.${to.table} enters the selection with rows that were never copied`,
        );
        return;
      }
      this.routes.delete(from.database, from.table);
      if (!toMapping) {
        this.opts.onLog(
          'warn',
          `${from.database}.${from.table} was renamed to ${to.database}.${to.table}, which the selection does not take: its changes are no longer replicated; the target table ${route.target} is kept as it is.`,
        );
        continue;
      }
      const oldTarget = route.target;
      const newTarget = qualify(toMapping.target.database, toMapping.target.table);
      if (oldTarget !== newTarget) await this.run(`RENAME TABLE ${oldTarget} TO ${newTarget}`);
      this.routes.set(toMapping, { ...route.def, database: to.database, name: to.table });
      this.opts.onLog('info', `Renamed ${oldTarget} to ${newTarget} on the target.`);
    }
  }

  private async drop(stmt: DdlStatement): Promise<void> {
    const parts = splitDropTable(stmt).filter((p) => {
      const ref = p.mentions.find((m) => m.role === 'subject')?.ref;
      return ref !== undefined && this.selected(ref);
    });
    if (parts.length === 0 || !this.allowed(stmt)) return;
    for (const part of parts) {
      const ref = part.mentions.find((m) => m.role === 'subject')?.ref;
      const route = ref && this.routes.get(ref.database, ref.table);
      if (!ref || !route) continue;
      await this.run(`DROP TABLE IF EXISTS ${route.target}`);
      this.routes.delete(ref.database, ref.table);
      this.opts.onLog('info', `Dropped ${route.target} on the target, as the source did.`);
    }
  }
}
