import type { TableDef } from '../../../shared/catalog.js';
import { isCharacterType } from '../ColumnTypes.js';
import {
  ruleChange,
  type DatabaseDefaults,
  type DatabaseRuleResult,
  type RuleInfo,
} from './Rule.js';

export interface CharsetPair {
  charset: string;
  collation: string;
}

/** One from → to mapping and where in the table it happened. */
export interface Conversion {
  from: CharsetPair;
  to: CharsetPair;
  /** `table default` and `column <name>`. */
  where: string[];
}

const key = (p: CharsetPair): string => `${p.charset}/${p.collation}`;

/** `latin1/latin1_bin → utf8mb4/utf8mb4_bin (table default, column a)` */
export function describeConversion(c: Conversion): string {
  return `${key(c.from)} → ${key(c.to)} (${c.where.join(', ')})`;
}

/**
 * Runs `convert` over the table default and every character column, grouping what changed so a
 * table with fifty utf8 columns yields one line in the report, not fifty.
 */
export function convertCharsets(
  table: TableDef,
  convert: (pair: CharsetPair, isColumn: boolean) => CharsetPair | null,
): { table: TableDef; conversions: Conversion[] } {
  const groups = new Map<string, Conversion>();
  const visit = (from: CharsetPair, where: string, isColumn: boolean): CharsetPair => {
    const to = convert(from, isColumn);
    if (to === null || key(to) === key(from)) return from;
    const k = `${key(from)}>${key(to)}`;
    const group = groups.get(k) ?? { from, to, where: [] };
    group.where.push(where);
    groups.set(k, group);
    return to;
  };

  const tableDefault = visit(
    { charset: table.charset, collation: table.collation },
    'table default',
    false,
  );
  const columns = table.columns.map((c) => {
    if (!isCharacterType(c.dataType) || c.charset === null) return c;
    const to = visit(
      { charset: c.charset, collation: c.collation ?? '' },
      `column ${c.name}`,
      true,
    );
    return { ...c, charset: to.charset, collation: to.collation };
  });
  return {
    table: { ...table, ...tableDefault, columns },
    conversions: [...groups.values()],
  };
}

/** A database whose default charset/collation a rule moves to `to` (null: left as it is). */
export function convertDatabaseDefault(
  rule: RuleInfo,
  database: DatabaseDefaults,
  to: CharsetPair | null,
  severity: 'info' | 'warn',
  note = '',
): DatabaseRuleResult {
  if (to === null) return { database, changes: [] };
  const action = describeConversion({ from: database, to, where: ['database default'] }) + note;
  return {
    database: { ...database, ...to },
    changes: [ruleChange(rule, database.name, action, severity)],
  };
}
