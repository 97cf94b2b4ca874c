import { describe, expect, it } from 'vitest';
import { storageOptionsRule } from '../../../../src/engine/schema/rules/storageOptions.js';
import { mysqlTarget, obTarget, table } from '../fixtures.js';

const ctx = { target: obTarget('4.2.1'), convertUnsupportedCharsets: false };

describe('oceanbase.storage-options', () => {
  it('applies to every OceanBase release, not to MySQL', () => {
    expect(storageOptionsRule.appliesTo(obTarget('3.1.0'))).toBe(true);
    expect(storageOptionsRule.appliesTo(obTarget('4.3.3'))).toBe(true);
    expect(storageOptionsRule.appliesTo(mysqlTarget())).toBe(false);
  });

  it('removes ENGINE and ROW_FORMAT, keeps COMMENT and charset', () => {
    const source = table({ rowFormat: 'COMPRESSED', comment: 'orders' });
    const { table: t, changes } = storageOptionsRule.apply(source, ctx);
    expect([t.engine, t.rowFormat, t.comment, t.charset, t.collation]).toEqual([
      '',
      null,
      'orders',
      'utf8mb4',
      'utf8mb4_general_ci',
    ]);
    expect(changes).toEqual([
      {
        object: 'shop.orders',
        rule: 'oceanbase.storage-options',
        action: 'removed ENGINE=InnoDB, ROW_FORMAT=COMPRESSED',
        reason: storageOptionsRule.reason,
        severity: 'info',
      },
    ]);
  });

  it('removes per-partition ENGINE options', () => {
    const source = table({
      engine: '',
      partitionClause:
        'PARTITION BY RANGE (`id`)\n(PARTITION p0 VALUES LESS THAN (10) ENGINE = InnoDB,\n PARTITION p1 VALUES LESS THAN MAXVALUE STORAGE ENGINE = InnoDB)',
    });
    const { table: t, changes } = storageOptionsRule.apply(source, ctx);
    expect(t.partitionClause).toBe(
      'PARTITION BY RANGE (`id`)\n(PARTITION p0 VALUES LESS THAN (10),\n PARTITION p1 VALUES LESS THAN MAXVALUE)',
    );
    expect(changes.map((c) => c.action)).toEqual(['removed partition ENGINE options']);
  });

  it('reports nothing when there is nothing to remove', () => {
    const source = table({ engine: '' });
    expect(storageOptionsRule.apply(source, ctx)).toEqual({ table: source, changes: [] });
  });
});
