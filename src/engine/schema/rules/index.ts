/**
 * The conversion rules, as data. Order matters: storage options first; utf8mb3 before the charset
 * rule (utf8 is supported, as utf8mb4); charsets before collations (a converted column needs a
 * collation of its new charset); index and column checks last, on the converted table.
 */
import type { ServerInfo, TableDef } from '../../../shared/catalog.js';
import type { SchemaChange } from '../../../shared/schema.js';
import { charsetSupportRule } from './charsetSupport.js';
import { checksRule } from './checks.js';
import { collationsRule } from './collations.js';
import { eventsRule } from './events.js';
import { expressionIndexesRule } from './expressionIndexes.js';
import { fulltextRule } from './fulltext.js';
import { generatedColumnsRule } from './generatedColumns.js';
import type {
  DatabaseDefaults,
  DatabaseRuleResult,
  ObjectKindRule,
  RuleContext,
  TableRule,
} from './Rule.js';
import { spatialRule } from './spatial.js';
import { storageOptionsRule } from './storageOptions.js';
import { utf8mb3Rule } from './utf8mb3.js';

export type {
  DatabaseDefaults,
  DatabaseRuleResult,
  ObjectKindRule,
  RuleContext,
  RuleResult,
  TableRule,
} from './Rule.js';

export const TABLE_RULES: readonly TableRule[] = [
  storageOptionsRule,
  utf8mb3Rule,
  charsetSupportRule,
  collationsRule,
  spatialRule,
  fulltextRule,
  checksRule,
  expressionIndexesRule,
  generatedColumnsRule,
];

export const OBJECT_KIND_RULES: readonly ObjectKindRule[] = [eventsRule];

export interface TableRulesOutcome {
  table: TableDef;
  changes: SchemaChange[];
  blocked: SchemaChange[];
}

/** Runs every rule that applies to the target over the table, in order. */
export function applyTableRules(
  table: TableDef,
  ctx: RuleContext,
  rules: readonly TableRule[] = TABLE_RULES,
): TableRulesOutcome {
  const outcome: TableRulesOutcome = { table, changes: [], blocked: [] };
  for (const rule of rules) {
    if (!rule.appliesTo(ctx.target)) continue;
    const result = rule.apply(outcome.table, ctx);
    outcome.table = result.table;
    outcome.changes.push(...result.changes);
    outcome.blocked.push(...(result.blocked ?? []));
  }
  return outcome;
}

/** The charset and collation rules, over a database's defaults. */
export function applyDatabaseRules(
  database: DatabaseDefaults,
  ctx: RuleContext,
  rules: readonly TableRule[] = TABLE_RULES,
): DatabaseRuleResult {
  const outcome: DatabaseRuleResult = { database, changes: [] };
  for (const rule of rules) {
    if (!rule.applyToDatabase || !rule.appliesTo(ctx.target)) continue;
    const result = rule.applyToDatabase(outcome.database, ctx);
    outcome.database = result.database;
    outcome.changes.push(...result.changes);
  }
  return outcome;
}

/** The rule that keeps objects of this kind off the target, if any. */
export function objectKindRuleFor(
  kind: ObjectKindRule['kind'],
  target: ServerInfo,
  rules: readonly ObjectKindRule[] = OBJECT_KIND_RULES,
): ObjectKindRule | undefined {
  return rules.find((r) => r.kind === kind && r.appliesTo(target));
}
