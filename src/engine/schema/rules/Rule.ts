import type { ServerInfo, TableDef } from '../../../shared/catalog.js';
import type { SchemaChange } from '../../../shared/schema.js';
import { UNSUPPORTED_SUFFIX } from '../Blocking.js';

export interface RuleContext {
  target: ServerInfo;
  /** The user consented to converting charsets the target lacks to utf8mb4. */
  convertUnsupportedCharsets: boolean;
}

export interface RuleResult {
  table: TableDef;
  changes: SchemaChange[];
  /** What cannot be created on the target (rule ids end with `.unsupported`, see Blocking.ts). */
  blocked?: SchemaChange[];
}

/** A database's defaults, which CREATE DATABASE sets and new tables inherit. */
export interface DatabaseDefaults {
  name: string;
  charset: string;
  collation: string;
}

export interface DatabaseRuleResult {
  database: DatabaseDefaults;
  changes: SchemaChange[];
}

export interface RuleInfo {
  /** Stable id, e.g. `oceanbase.fulltext`; SchemaChange.rule carries it. */
  id: string;
  description: string;
  /** Why the rule exists: what the target does differently. */
  reason: string;
  /** The document the rule comes from. */
  source: string;
  appliesTo(target: ServerInfo): boolean;
}

/** A conversion of one table definition (pure: returns a new TableDef). */
export interface TableRule extends RuleInfo {
  apply(table: TableDef, ctx: RuleContext): RuleResult;
  /** Rules about defaults (charsets, collations) apply to CREATE DATABASE as well. */
  applyToDatabase?(database: DatabaseDefaults, ctx: RuleContext): DatabaseRuleResult;
}

/** Objects of this kind are not created on the targets the rule applies to. */
export interface ObjectKindRule extends RuleInfo {
  kind: 'view' | 'trigger' | 'routine' | 'event';
}

export function ruleChange(
  rule: RuleInfo,
  object: string,
  action: string,
  severity: SchemaChange['severity'],
): SchemaChange {
  return { object, rule: rule.id, action, reason: rule.reason, severity };
}

export function unsupportedChange(rule: RuleInfo, object: string, action: string): SchemaChange {
  return {
    object,
    rule: rule.id + UNSUPPORTED_SUFFIX,
    action,
    reason: rule.reason,
    severity: 'warn',
  };
}
