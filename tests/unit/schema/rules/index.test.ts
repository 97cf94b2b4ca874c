import { describe, expect, it } from 'vitest';
import {
  applyDatabaseRules,
  applyTableRules,
  objectKindRuleFor,
  OBJECT_KIND_RULES,
  TABLE_RULES,
} from '../../../../src/engine/schema/rules/index.js';
import { isBlockingChange } from '../../../../src/engine/schema/Blocking.js';
import { column, mariadbTarget, mysqlTarget, obTarget, table } from '../fixtures.js';

describe('the rule set', () => {
  it('every rule has an id, a reason and a source', () => {
    for (const rule of [...TABLE_RULES, ...OBJECT_KIND_RULES]) {
      expect(rule.id).toMatch(/^oceanbase\./);
      expect(rule.description.length).toBeGreaterThan(10);
      expect(rule.reason.length).toBeGreaterThan(10);
      expect(rule.source).toMatch(/OCEANBASE\.md/);
    }
    expect(new Set(TABLE_RULES.map((r) => r.id)).size).toBe(TABLE_RULES.length);
  });

  it('changes nothing for MySQL and MariaDB targets', () => {
    const t = table({
      charset: 'utf8mb3',
      collation: 'utf8mb3_general_ci',
      columns: [column('a', 'varchar(5)', { collation: 'utf8mb4_0900_ai_ci' })],
    });
    for (const target of [mysqlTarget(), mariadbTarget()]) {
      expect(applyTableRules(t, { target, convertUnsupportedCharsets: false })).toEqual({
        table: t,
        changes: [],
        blocked: [],
      });
      expect(objectKindRuleFor('event', target)).toBeUndefined();
    }
  });

  it('runs utf8mb3 before collations: utf8_unicode_ci on 4.0 ends as utf8mb4_general_ci', () => {
    const t = table({
      columns: [column('a', 'varchar(5)', { charset: 'utf8', collation: 'utf8_unicode_ci' })],
    });
    const outcome = applyTableRules(t, {
      target: obTarget('4.0.0'),
      convertUnsupportedCharsets: false,
    });
    expect(outcome.table.columns[0]).toMatchObject({
      charset: 'utf8mb4',
      collation: 'utf8mb4_general_ci',
    });
    expect(outcome.table.engine).toBe('');
    expect(outcome.changes.map((c) => c.rule)).toEqual([
      'oceanbase.storage-options',
      'oceanbase.charset.utf8mb3',
      'oceanbase.collation',
    ]);
    expect(outcome.blocked).toEqual([]);
  });

  it('collects blocking changes from every rule', () => {
    const t = table({
      columns: [
        column('g', 'geometry', { nullable: false, default: { kind: 'none' } }),
        column('name', 'varchar(5)', { charset: 'latin1', collation: 'latin1_swedish_ci' }),
      ],
    });
    const outcome = applyTableRules(t, {
      target: obTarget('3.2.4'),
      convertUnsupportedCharsets: false,
    });
    expect(outcome.blocked.map((c) => c.rule)).toEqual([
      'oceanbase.charset.unsupported',
      'oceanbase.gis.unsupported',
    ]);
    expect(outcome.blocked.every(isBlockingChange)).toBe(true);
    expect(outcome.changes.some(isBlockingChange)).toBe(false);
  });

  it('applies charset rules to database defaults', () => {
    const { database, changes } = applyDatabaseRules(
      { name: 'shop', charset: 'utf8', collation: 'utf8_general_ci' },
      { target: obTarget('4.2.1'), convertUnsupportedCharsets: false },
    );
    expect(database).toEqual({ name: 'shop', charset: 'utf8mb4', collation: 'utf8mb4_general_ci' });
    expect(changes.map((c) => c.rule)).toEqual(['oceanbase.charset.utf8mb3']);
  });

  it('finds the events rule for OceanBase', () => {
    expect(objectKindRuleFor('event', obTarget('4.2.1'))?.id).toBe('oceanbase.event');
    expect(objectKindRuleFor('view', obTarget('4.2.1'))).toBeUndefined();
  });
});
