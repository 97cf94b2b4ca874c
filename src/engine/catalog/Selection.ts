import type { DatabaseCatalog, TableMapping } from '../../shared/catalog.js';
import type { ObjectRule } from '../../shared/task.js';
import { CutoverError } from '../errors.js';

/** `*` matches any run of characters, `?` one character; everything else is literal. */
export function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

export function isWildcard(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

function closest(name: string, candidates: string[]): string | null {
  const lower = name.toLowerCase();
  return candidates.find((c) => c.toLowerCase() === lower) ?? null;
}

function invalid(problems: string[]): CutoverError {
  return new CutoverError(
    'SELECTION_INVALID',
    `The object selection does not match the source: ${problems.join('; ')}`,
    'Correct the names in the task\'s "objects" (names are case-sensitive; `*` and `?` are wildcards).',
  );
}

/** The databases a selection reads, checked against what the source has. */
export function selectedDatabases(rules: ObjectRule[], existing: string[]): string[] {
  const problems: string[] = [];
  for (const r of rules) {
    if (!existing.includes(r.database)) {
      const near = closest(r.database, existing);
      problems.push(
        `database "${r.database}" does not exist on the source${near ? ` (did you mean "${near}"?)` : ' (or the user cannot see it: it needs SELECT on it)'}`,
      );
    }
  }
  if (problems.length) throw invalid(problems);
  return [...new Set(rules.map((r) => r.database))];
}

/**
 * Resolves the task's object rules against the source catalog: which tables are copied, where
 * to, with which columns and row filter. Every name that matches nothing is an error, since a
 * silent typo would leave a table behind.
 */
export function resolveSelection(rules: ObjectRule[], catalogs: DatabaseCatalog[]): TableMapping[] {
  const problems: string[] = [];
  const mappings: TableMapping[] = [];
  const targets = new Map<string, string>();

  rules.forEach((rule, i) => {
    const at = `objects[${i}]`;
    const catalog = catalogs.find((c) => c.name === rule.database);
    if (!catalog) {
      problems.push(`${at}: database "${rule.database}" does not exist on the source`);
      return;
    }
    const names = catalog.tables.map((t) => t.name);
    const chosen = new Set<string>();
    for (const pattern of rule.tables) {
      const re = wildcardToRegExp(pattern);
      const hits = names.filter((n) => re.test(n));
      if (hits.length === 0 && !isWildcard(pattern)) {
        const near = closest(pattern, names);
        problems.push(
          `${at}.tables: table "${rule.database}.${pattern}" does not exist${near ? ` (did you mean "${near}"?)` : ''}`,
        );
      }
      hits.forEach((h) => chosen.add(h));
    }
    for (const pattern of rule.exclude ?? []) {
      const re = wildcardToRegExp(pattern);
      for (const n of [...chosen]) if (re.test(n)) chosen.delete(n);
    }

    const checkKeys = (field: 'rename' | 'columns' | 'where'): void => {
      for (const table of Object.keys(rule[field] ?? {})) {
        if (!chosen.has(table)) {
          problems.push(`${at}.${field}: "${table}" is not among the selected tables`);
        }
      }
    };
    checkKeys('rename');
    checkKeys('columns');
    checkKeys('where');

    const targetDb = rule.targetDatabase ?? rule.database;
    for (const table of catalog.tables) {
      if (!chosen.has(table.name)) continue;
      const subset = rule.columns?.[table.name] ?? null;
      if (subset) {
        const known = new Set(table.columns.map((c) => c.name));
        for (const c of subset) {
          if (!known.has(c)) {
            problems.push(`${at}.columns.${table.name}: column "${c}" does not exist`);
          }
        }
      }
      const targetTable = rule.rename?.[table.name] ?? table.name;
      const targetKey = `${targetDb}.${targetTable}`;
      const from = `${rule.database}.${table.name}`;
      const clash = targets.get(targetKey);
      if (clash) {
        problems.push(`${from} and ${clash} would both be written to ${targetKey}`);
      }
      targets.set(targetKey, from);
      mappings.push({
        source: { database: rule.database, table: table.name },
        target: { database: targetDb, table: targetTable },
        columns: subset ? table.columns.map((c) => c.name).filter((c) => subset.includes(c)) : null,
        where: rule.where?.[table.name] ?? null,
      });
    }
  });

  if (problems.length) throw invalid(problems);
  return mappings;
}

/**
 * Where a table the selection may not have seen yet (one created while changes stream) goes:
 * the first rule whose database and table patterns take it, or null when none does.
 */
export function mapTableName(
  rules: ObjectRule[],
  database: string,
  table: string,
): TableMapping | null {
  for (const rule of rules) {
    if (rule.database !== database) continue;
    const taken = rule.tables.some((p) => wildcardToRegExp(p).test(table));
    const excluded = (rule.exclude ?? []).some((p) => wildcardToRegExp(p).test(table));
    if (!taken || excluded) continue;
    return {
      source: { database, table },
      target: { database: rule.targetDatabase ?? database, table: rule.rename?.[table] ?? table },
      columns: rule.columns?.[table] ?? null,
      where: rule.where?.[table] ?? null,
    };
  }
  return null;
}
