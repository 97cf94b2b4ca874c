import type { BrowseDatabase } from '../../shared/api.js';
import type { ObjectChoice, ObjectRule } from '../../shared/task.js';
import { hasWildcard, wildcardRegExp } from './wildcard.js';

export type ObjectKind = 'views' | 'triggers' | 'routines' | 'events';

export const OBJECT_KINDS: readonly ObjectKind[] = ['views', 'triggers', 'routines', 'events'];

/**
 * What the engine does for a database whose rules state no choice (the engine's DEFAULT_CHOICES,
 * which the renderer cannot import); a unit test keeps the two equal.
 */
export const DEFAULT_OBJECT_CHOICES: Readonly<Record<ObjectKind, ObjectChoice>> = {
  views: 'migrate',
  triggers: 'migrate',
  routines: 'skip',
  events: 'skip',
};

export interface TableSettings {
  /** The table's name on the target; empty keeps the source name. */
  targetName: string;
  /** The columns to copy; null copies them all. */
  columns: readonly string[] | null;
  /** Row filter; empty copies every row. */
  where: string;
}

export interface DatabaseSettings {
  /** The database's name on the target; empty keeps the source name. */
  targetDatabase: string;
  /** Only the kinds the person chose; the others follow the engine's defaults. */
  choices: Partial<Record<ObjectKind, ObjectChoice>>;
}

/** The person's choices in the object tree, keyed by source database and table name. */
export interface Selection {
  selected: Readonly<Record<string, ReadonlySet<string>>>;
  tables: Readonly<Record<string, Readonly<Record<string, TableSettings>>>>;
  databases: Readonly<Record<string, DatabaseSettings>>;
}

export type CheckState = 'checked' | 'indeterminate' | 'unchecked';

export const EMPTY_SELECTION: Selection = { selected: {}, tables: {}, databases: {} };

const NO_TABLE_SETTINGS: TableSettings = { targetName: '', columns: null, where: '' };
const NO_DATABASE_SETTINGS: DatabaseSettings = { targetDatabase: '', choices: {} };

export function isSelected(selection: Selection, database: string, table: string): boolean {
  return selection.selected[database]?.has(table) ?? false;
}

export function selectTables(
  selection: Selection,
  database: string,
  tables: readonly string[],
  on: boolean,
): Selection {
  const next = new Set(selection.selected[database]);
  for (const t of tables) {
    if (on) next.add(t);
    else next.delete(t);
  }
  return { ...selection, selected: { ...selection.selected, [database]: next } };
}

/** A checkbox's state over some of a database's tables (those the search shows). */
export function checkState(
  selection: Selection,
  database: string,
  tables: readonly string[],
): CheckState {
  const chosen = selection.selected[database];
  const count = chosen ? tables.filter((t) => chosen.has(t)).length : 0;
  if (count === 0) return 'unchecked';
  return count === tables.length ? 'checked' : 'indeterminate';
}

export function selectedCount(selection: Selection): number {
  return Object.values(selection.selected).reduce((n, s) => n + s.size, 0);
}

export function tableSettings(
  selection: Selection,
  database: string,
  table: string,
): TableSettings {
  return selection.tables[database]?.[table] ?? NO_TABLE_SETTINGS;
}

export function databaseSettings(selection: Selection, database: string): DatabaseSettings {
  return selection.databases[database] ?? NO_DATABASE_SETTINGS;
}

export function updateTable(
  selection: Selection,
  database: string,
  table: string,
  patch: Partial<TableSettings>,
): Selection {
  const current = tableSettings(selection, database, table);
  return {
    ...selection,
    tables: {
      ...selection.tables,
      [database]: { ...selection.tables[database], [table]: { ...current, ...patch } },
    },
  };
}

export function setTargetDatabase(
  selection: Selection,
  database: string,
  targetDatabase: string,
): Selection {
  const current = databaseSettings(selection, database);
  return {
    ...selection,
    databases: { ...selection.databases, [database]: { ...current, targetDatabase } },
  };
}

/** Null returns the kind to the engine's default. */
export function setObjectChoice(
  selection: Selection,
  database: string,
  kind: ObjectKind,
  choice: ObjectChoice | null,
): Selection {
  const current = databaseSettings(selection, database);
  const choices = { ...current.choices };
  if (choice === null) delete choices[kind];
  else choices[kind] = choice;
  return {
    ...selection,
    databases: { ...selection.databases, [database]: { ...current, choices } },
  };
}

export function objectChoice(
  selection: Selection,
  database: string,
  kind: ObjectKind,
): ObjectChoice {
  return databaseSettings(selection, database).choices[kind] ?? DEFAULT_OBJECT_CHOICES[kind];
}

/**
 * The selection with what the source no longer has dropped, so a catalog reloaded after a
 * table was dropped does not leave a rule naming it (the engine rejects such names).
 */
export function fitToCatalog(selection: Selection, catalog: readonly BrowseDatabase[]): Selection {
  const selected: Record<string, ReadonlySet<string>> = {};
  const tables: Record<string, Record<string, TableSettings>> = {};
  const databases: Record<string, DatabaseSettings> = {};
  for (const db of catalog) {
    const names = new Set(db.tables.map((t) => t.name));
    const chosen = selection.selected[db.name];
    if (chosen) selected[db.name] = new Set([...chosen].filter((t) => names.has(t)));
    const settings = selection.tables[db.name];
    if (settings) {
      tables[db.name] = Object.fromEntries(Object.entries(settings).filter(([t]) => names.has(t)));
    }
    const dbSettings = selection.databases[db.name];
    if (dbSettings) databases[db.name] = dbSettings;
  }
  return { selected, tables, databases };
}

type TablePatterns = Pick<ObjectRule, 'tables' | 'exclude'>;

/** Plain names are looked up, not matched one by one: lists run to thousands of tables. */
function matcher(patterns: readonly string[]): (name: string) => boolean {
  const exact = new Set(patterns.filter((p) => !hasWildcard(p)));
  const wild = patterns.filter(hasWildcard).map((p) => wildcardRegExp(p));
  return (name) => exact.has(name) || wild.some((re) => re.test(name));
}

function picks(patterns: TablePatterns, names: readonly string[]): Set<string> {
  const take = matcher(patterns.tables);
  const drop = matcher(patterns.exclude ?? []);
  return new Set(names.filter((n) => take(n) && !drop(n)));
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/**
 * Most of a database reads best as "all but these", which also takes tables created while
 * changes stream, as choosing the database means; a few tables read best as a list. A name with
 * `*` or `?` in it is itself a pattern, so each form is kept only if it picks exactly the chosen
 * tables.
 */
function tablePatterns(names: readonly string[], chosen: ReadonlySet<string>): TablePatterns {
  if (chosen.size === names.length) return { tables: ['*'] };
  const listed: TablePatterns = { tables: names.filter((n) => chosen.has(n)) };
  const excluded: TablePatterns = { tables: ['*'], exclude: names.filter((n) => !chosen.has(n)) };
  const preferred =
    (excluded.exclude?.length ?? 0) < chosen.size ? [excluded, listed] : [listed, excluded];
  return preferred.find((p) => sameSet(picks(p, names), chosen)) ?? listed;
}

/** The task's `objects`: one rule per database with selected tables, in catalog order. */
export function buildObjects(
  catalog: readonly BrowseDatabase[],
  selection: Selection,
): ObjectRule[] {
  const rules: ObjectRule[] = [];
  for (const db of catalog) {
    const chosen = selection.selected[db.name];
    if (!chosen || chosen.size === 0) continue;
    const rule: ObjectRule = {
      database: db.name,
      ...tablePatterns(
        db.tables.map((t) => t.name),
        chosen,
      ),
    };
    const dbSettings = databaseSettings(selection, db.name);
    const targetDatabase = dbSettings.targetDatabase.trim();
    if (targetDatabase !== '' && targetDatabase !== db.name) rule.targetDatabase = targetDatabase;

    const rename: Record<string, string> = {};
    const columns: Record<string, string[]> = {};
    const where: Record<string, string> = {};
    for (const table of db.tables) {
      if (!chosen.has(table.name)) continue;
      const settings = tableSettings(selection, db.name, table.name);
      const targetName = settings.targetName.trim();
      if (targetName !== '' && targetName !== table.name) rename[table.name] = targetName;
      const subset = settings.columns;
      if (subset && subset.length > 0 && subset.length < table.columns.length) {
        columns[table.name] = table.columns.map((c) => c.name).filter((c) => subset.includes(c));
      }
      const filter = settings.where.trim();
      if (filter !== '') where[table.name] = filter;
    }
    if (Object.keys(rename).length > 0) rule.rename = rename;
    if (Object.keys(columns).length > 0) rule.columns = columns;
    if (Object.keys(where).length > 0) rule.where = where;
    for (const kind of OBJECT_KINDS) {
      const choice = dbSettings.choices[kind];
      if (choice) rule[kind] = choice;
    }
    rules.push(rule);
  }
  return rules;
}

/** What keeps the selection from making a valid task, in words the person can act on. */
export function selectionProblems(
  catalog: readonly BrowseDatabase[],
  selection: Selection,
): string[] {
  const problems: string[] = [];
  const targets = new Map<string, string>();
  for (const db of catalog) {
    const chosen = selection.selected[db.name];
    if (!chosen) continue;
    const targetDb = databaseSettings(selection, db.name).targetDatabase.trim() || db.name;
    for (const table of db.tables) {
      if (!chosen.has(table.name)) continue;
      const source = `${db.name}.${table.name}`;
      const settings = tableSettings(selection, db.name, table.name);
      if (settings.columns?.length === 0) problems.push(`${source}: choose at least one column.`);
      const target = `${targetDb}.${settings.targetName.trim() || table.name}`;
      const clash = targets.get(target);
      if (clash) problems.push(`${clash} and ${source} would both be written to ${target}.`);
      else targets.set(target, source);
    }
  }
  if (targets.size === 0) problems.push('Select at least one table.');
  return problems;
}
