/**
 * The schema plan: every statement the schema step would run on the target, in order, and every
 * change made on the way, for the user to review before anything is created.
 *
 * Order: databases, tables, routines, views (phase 'schema'); foreign keys, triggers, events
 * (phase 'after-full': foreign keys would slow and order-constrain the copy, triggers and events
 * would fire on copied rows; a task that streams changes creates them at the switchover, since on
 * the target they would act again on changes the binlog already carries).
 *
 * Blocking: a table that a rule finds impossible on the target stays in the plan with
 * `skipped: true`, and each reason is a change whose rule id ends with `.unsupported` (see
 * Blocking.ts; precheck fails on them).
 */
import type {
  ViewDef,
  DatabaseCatalog,
  ForeignKeyDef,
  ServerInfo,
  TableDef,
  TableMapping,
} from '../../shared/catalog.js';
import type { PlanPhase, PlannedStatement, SchemaChange, SchemaPlan } from '../../shared/schema.js';
import type { ObjectRule } from '../../shared/task.js';
import { CutoverError } from '../errors.js';
import {
  renderAddForeignKey,
  renderCreateDatabase,
  renderCreateEvent,
  renderCreateRoutine,
  renderCreateTable,
  renderCreateTrigger,
  renderCreateView,
} from './DdlRenderer.js';
import { objectPath } from '../sql/Identifiers.js';
import type { LiteralOptions } from './Literals.js';
import { choicesFor } from './ObjectChoices.js';
import { applyDatabaseRules, applyTableRules, objectKindRuleFor } from './rules/index.js';
import type { RuleContext } from './rules/index.js';
import { ruleChange } from './rules/Rule.js';
import { projectTable } from './TableProjection.js';
import { orderViews } from './ViewOrder.js';
import { nameMap, rewriteViewDefinition, type NameMap } from './ViewRewriter.js';

export interface PlanOptions {
  /** The user consents to converting charsets the target lacks (e.g. latin1 on 3.x) to utf8mb4. */
  convertUnsupportedCharsets?: boolean;
  /**
   * The session that runs the plan has NO_BACKSLASH_ESCAPES, which changes how string literals
   * (defaults, comments) must be escaped. Defaults to the target's sql_mode; SchemaMigrator runs
   * the plan under the source's sql_mode, so its caller passes what that one says.
   */
  noBackslashEscapes?: boolean;
  /**
   * The task streams changes after the copy. Triggers and events then wait for the switchover:
   * on the target they would act a second time on rows whose effects the binlog already carries.
   */
  streamsChanges?: boolean;
}

export interface PlanInput {
  catalogs: DatabaseCatalog[];
  mappings: TableMapping[];
  /** The task's object rules: views/triggers/routines/events choices per database. */
  rules: ObjectRule[];
  target: ServerInfo;
  options?: PlanOptions;
}

export const FOREIGN_KEY_RULE = 'schema.foreign-key';
export const NAMES_NOT_REWRITTEN_RULE = 'schema.names-not-rewritten';
export const VIEW_REFERENCES_RULE = 'schema.view-references';

const SKIPPED_BY_CHOICE = 'skipped by the task (object rules)';

/** A table as it will be created, keyed by its source name. */
interface PlannedTable {
  mapping: TableMapping;
  table: TableDef;
  blocked: boolean;
}

const sourceKey = (database: string, table: string): string => `${database}\u0000${table}`;

class Planner {
  readonly changes: SchemaChange[] = [];
  private readonly ctx: RuleContext;
  private readonly literals: LiteralOptions;
  private readonly catalogs: Map<string, DatabaseCatalog>;
  private readonly tables = new Map<string, PlannedTable>();

  constructor(private readonly input: PlanInput) {
    const options = input.options ?? {};
    this.ctx = {
      target: input.target,
      convertUnsupportedCharsets: options.convertUnsupportedCharsets ?? false,
    };
    this.literals = {
      noBackslashEscapes:
        options.noBackslashEscapes ?? /NO_BACKSLASH_ESCAPES/i.test(input.target.sqlMode),
    };
    this.catalogs = new Map(input.catalogs.map((c) => [c.name, c]));
  }

  /** Source databases the task touches: those with selected tables, then those with rules. */
  private sourceDatabases(): DatabaseCatalog[] {
    const names = [
      ...this.input.mappings.map((m) => m.source.database),
      ...this.input.rules.map((r) => r.database),
    ];
    return [...new Set(names)].flatMap((n) => this.catalogs.get(n) ?? []);
  }

  private targetDatabaseOf(source: string): string {
    return (
      this.input.mappings.find((m) => m.source.database === source)?.target.database ??
      this.input.rules.find((r) => r.database === source && r.targetDatabase)?.targetDatabase ??
      source
    );
  }

  databases(): PlannedStatement[] {
    const firstSource = new Map<string, DatabaseCatalog>();
    for (const catalog of this.sourceDatabases()) {
      const target = this.targetDatabaseOf(catalog.name);
      if (!firstSource.has(target)) firstSource.set(target, catalog);
    }
    return [...firstSource].map(([name, catalog]) => {
      const { database, changes } = applyDatabaseRules(
        { name, charset: catalog.charset, collation: catalog.collation },
        this.ctx,
      );
      this.changes.push(...changes);
      return {
        kind: 'database',
        object: name,
        sourceObject: catalog.name,
        phase: 'schema',
        sql: renderCreateDatabase(name, database.charset, database.collation),
        skipped: false,
      };
    });
  }

  private sourceTable(mapping: TableMapping): TableDef {
    const { database, table } = mapping.source;
    const def = this.catalogs.get(database)?.tables.find((t) => t.name === table);
    if (!def) {
      throw new CutoverError(
        'SELECTION_INVALID',
        `Table ${objectPath(database, table)} is not in the source catalog.`,
        'Refresh the catalog and check the task’s object rules.',
      );
    }
    return def;
  }

  createTables(): PlannedStatement[] {
    return this.input.mappings.map((mapping) => {
      const projected = projectTable(this.sourceTable(mapping), {
        database: mapping.target.database,
        name: mapping.target.table,
        columns: mapping.columns,
      });
      const ruled = applyTableRules(projected.table, this.ctx);
      this.changes.push(...projected.changes, ...ruled.changes, ...ruled.blocked);
      const blocked = ruled.blocked.length > 0;
      const { source } = mapping;
      this.tables.set(sourceKey(source.database, source.table), {
        mapping,
        table: ruled.table,
        blocked,
      });
      return {
        kind: 'table',
        object: objectPath(ruled.table.database, ruled.table.name),
        sourceObject: objectPath(source.database, source.table),
        phase: 'schema',
        sql: renderCreateTable(ruled.table, this.literals).sql,
        skipped: blocked,
        ...(blocked ? { skipReason: ruled.blocked.map((c) => c.action).join('; ') } : {}),
      };
    });
  }

  /** Why a foreign key cannot be added, or null when it can. */
  private foreignKeyProblem(
    child: PlannedTable,
    fk: ForeignKeyDef,
    parent: PlannedTable | undefined,
  ): { reason: string; report: boolean } | null {
    if (child.blocked)
      return { reason: 'its table cannot be created on the target', report: false };
    const ref = objectPath(fk.refDatabase, fk.refTable);
    if (!parent) return { reason: `the referenced table ${ref} is not migrated`, report: true };
    if (parent.blocked) {
      return {
        reason: `the referenced table ${ref} cannot be created on the target`,
        report: true,
      };
    }
    const kept = new Set(parent.table.columns.map((c) => c.name.toLowerCase()));
    const missing = fk.refColumns.filter((c) => !kept.has(c.toLowerCase()));
    if (missing.length > 0) {
      return {
        reason: `referenced columns ${missing.join(', ')} of ${ref} are not copied`,
        report: true,
      };
    }
    return null;
  }

  foreignKeys(): PlannedStatement[] {
    return [...this.tables.values()].flatMap((child) =>
      child.table.foreignKeys.map((fk): PlannedStatement => {
        const parent = this.tables.get(sourceKey(fk.refDatabase, fk.refTable));
        const problem = this.foreignKeyProblem(child, fk, parent);
        const object = objectPath(child.table.database, child.table.name, fk.name);
        if (problem?.report) {
          this.changes.push({
            object,
            rule: FOREIGN_KEY_RULE,
            action: `foreign key ${fk.name} not added: ${problem.reason}`,
            reason: 'A foreign key needs its referenced table and columns on the target.',
            severity: 'warn',
          });
        }
        const parentName = parent && { database: parent.table.database, name: parent.table.name };
        return {
          kind: 'foreign-key',
          object,
          sourceObject: objectPath(
            child.mapping.source.database,
            child.mapping.source.table,
            fk.name,
          ),
          phase: 'after-full',
          sql: renderAddForeignKey(child.table, fk, parentName),
          skipped: problem !== null,
          ...(problem ? { skipReason: problem.reason } : {}),
        };
      }),
    );
  }

  /** `a.t → b.t` for the tables of a source database that change name or database. */
  private renamesIn(database: string): string[] {
    return this.input.mappings
      .filter((m) => m.source.database === database)
      .filter((m) => m.target.database !== m.source.database || m.target.table !== m.source.table)
      .map(
        (m) =>
          `${objectPath(m.source.database, m.source.table)} → ${objectPath(m.target.database, m.target.table)}`,
      );
  }

  /** Bodies are created as read; tell the user when they may name a table that moved. */
  private warnNamesNotRewritten(database: string, object: string, what: string): void {
    const renames = this.renamesIn(database);
    if (renames.length === 0) return;
    const shown = renames.length > 5 ? [...renames.slice(0, 5), '…'] : renames;
    this.changes.push({
      object,
      rule: NAMES_NOT_REWRITTEN_RULE,
      action: `${what} is created as defined on the source; tables it names were renamed: ${shown.join(', ')}`,
      reason:
        'Cutover does not rewrite SQL bodies; edit the object on the target if it uses a renamed table.',
      severity: 'warn',
    });
  }

  routines(): PlannedStatement[] {
    return this.sourceDatabases().flatMap((catalog) => {
      const choice = choicesFor(catalog.name, this.input.rules).routines;
      const database = this.targetDatabaseOf(catalog.name);
      return catalog.routines.map((routine): PlannedStatement => {
        const object = objectPath(database, routine.name);
        const sql = renderCreateRoutine(routine, database);
        let skipReason: string | undefined;
        if (choice === 'skip') skipReason = SKIPPED_BY_CHOICE;
        else if (routine.createSql === null) {
          skipReason = 'the source returned no definition (the reading user may not see its body)';
        } else if (sql === null) skipReason = `no ${routine.type} name found in its definition`;
        else
          this.warnNamesNotRewritten(
            catalog.name,
            object,
            `${routine.type.toLowerCase()} ${routine.name}`,
          );
        return {
          kind: 'routine',
          object,
          sourceObject: objectPath(catalog.name, routine.name),
          phase: 'schema',
          sql: sql ?? routine.createSql ?? '',
          skipped: skipReason !== undefined,
          ...(skipReason !== undefined ? { skipReason } : {}),
        };
      });
    });
  }

  /** Where every migrated table and view goes, for rewriting view bodies. */
  private viewNames(views: readonly ViewDef[]): NameMap {
    return nameMap([
      ...this.input.mappings.map((m) => ({
        from: { database: m.source.database, name: m.source.table },
        to: { database: m.target.database, name: m.target.table },
      })),
      ...views.map((v) => ({
        from: { database: v.database, name: v.name },
        to: { database: this.targetDatabaseOf(v.database), name: v.name },
      })),
    ]);
  }

  views(): PlannedStatement[] {
    const views = orderViews(this.sourceDatabases().flatMap((c) => c.views));
    const names = this.viewNames(views);
    return views.map((view): PlannedStatement => {
      const database = this.targetDatabaseOf(view.database);
      const object = objectPath(database, view.name);
      const migrate = choicesFor(view.database, this.input.rules).views === 'migrate';
      const { sql: definition, rewritten } = rewriteViewDefinition(view.definition, names);
      if (migrate && rewritten.length > 0) {
        this.changes.push({
          object,
          rule: VIEW_REFERENCES_RULE,
          action: `references to moved tables or views rewritten: ${rewritten.map((r) => `${r} → ${names.get(r) ?? ''}`).join(', ')}`,
          reason:
            'Servers store view bodies with every table qualified, so the references are rewritten to the target names.',
          severity: 'info',
        });
      }
      return {
        kind: 'view',
        object,
        sourceObject: objectPath(view.database, view.name),
        phase: 'schema',
        sql: renderCreateView({ ...view, definition }, { database, name: view.name }),
        skipped: !migrate,
        ...(migrate ? {} : { skipReason: SKIPPED_BY_CHOICE }),
      };
    });
  }

  triggers(): PlannedStatement[] {
    return this.sourceDatabases().flatMap((catalog) => {
      const choice = choicesFor(catalog.name, this.input.rules).triggers;
      return catalog.triggers.map((trigger): PlannedStatement => {
        const planned = this.tables.get(sourceKey(trigger.database, trigger.table));
        const on = planned
          ? { database: planned.table.database, name: planned.table.name }
          : { database: this.targetDatabaseOf(trigger.database), name: trigger.table };
        const object = objectPath(on.database, trigger.name);
        let skipReason: string | undefined;
        if (choice === 'skip') skipReason = SKIPPED_BY_CHOICE;
        else if (!planned)
          skipReason = `its table ${objectPath(trigger.database, trigger.table)} is not migrated`;
        else if (planned.blocked) skipReason = 'its table cannot be created on the target';
        else this.warnNamesNotRewritten(catalog.name, object, `trigger ${trigger.name}`);
        return {
          kind: 'trigger',
          object,
          sourceObject: objectPath(trigger.database, trigger.name),
          phase: this.behaviourPhase(),
          sql: renderCreateTrigger(trigger, on),
          skipped: skipReason !== undefined,
          ...(skipReason !== undefined ? { skipReason } : {}),
        };
      });
    });
  }

  /** When objects that act on their own (triggers, events) are created. */
  behaviourPhase(): PlanPhase {
    return this.input.options?.streamsChanges ? 'switchover' : 'after-full';
  }

  events(): PlannedStatement[] {
    const unsupported = objectKindRuleFor('event', this.input.target);
    return this.sourceDatabases().flatMap((catalog) => {
      const choice = choicesFor(catalog.name, this.input.rules).events;
      const database = this.targetDatabaseOf(catalog.name);
      return catalog.events.map((event): PlannedStatement => {
        const object = objectPath(database, event.name);
        const sql = renderCreateEvent(event, database);
        let skipReason: string | undefined;
        if (choice === 'skip') skipReason = SKIPPED_BY_CHOICE;
        else if (unsupported) {
          skipReason = unsupported.reason;
          this.changes.push(
            ruleChange(unsupported, object, `event ${event.name} not created`, 'warn'),
          );
        } else if (event.createSql === null) skipReason = 'the source returned no definition';
        else if (sql === null) skipReason = 'no event name found in its definition';
        else this.warnNamesNotRewritten(catalog.name, object, `event ${event.name}`);
        return {
          kind: 'event',
          object,
          sourceObject: objectPath(catalog.name, event.name),
          phase: this.behaviourPhase(),
          sql: sql ?? event.createSql ?? '',
          skipped: skipReason !== undefined,
          ...(skipReason !== undefined ? { skipReason } : {}),
        };
      });
    });
  }
}

export function planSchema(input: PlanInput): SchemaPlan {
  const planner = new Planner(input);
  // Tables before foreign keys and triggers: those look up how each table was planned.
  const databases = planner.databases();
  const tables = planner.createTables();
  const statements = [
    ...databases,
    ...tables,
    ...planner.routines(),
    ...planner.views(),
    ...planner.foreignKeys(),
    ...planner.triggers(),
    ...planner.events(),
  ];
  return { statements, changes: planner.changes };
}
