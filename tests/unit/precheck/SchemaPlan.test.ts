import { describe, expect, it } from 'vitest';
import { judgeSchemaPlan } from '../../../src/engine/precheck/SchemaPlanCheck.js';
import type { SchemaChange } from '../../../src/shared/schema.js';

const change = (over: Partial<SchemaChange>): SchemaChange => ({
  object: 'shop.t',
  rule: 'oceanbase.collation',
  action: 'utf8mb4_0900_ai_ci → utf8mb4_general_ci',
  reason: 'OceanBase has no 0900 collations.',
  severity: 'warn',
  ...over,
});

describe('judgeSchemaPlan', () => {
  it('passes a plan without warnings', () => {
    const r = judgeSchemaPlan({
      statements: [],
      changes: [change({ severity: 'info', rule: 'oceanbase.storage-options' })],
    });
    expect(r.map((x) => [x.id, x.status])).toEqual([['schema.plan', 'pass']]);
  });

  it('fails blocking changes and warns the rest, one result per rule', () => {
    const r = judgeSchemaPlan({
      statements: [],
      changes: [
        change({ object: 'shop.a' }),
        change({ object: 'shop.b' }),
        change({
          object: 'shop.geo',
          rule: 'oceanbase.gis.unsupported',
          action: 'GEOMETRY needs OceanBase 4.1',
        }),
      ],
    });
    expect(r.map((x) => [x.id, x.status])).toEqual([
      ['schema.oceanbase.gis.unsupported', 'fail'],
      ['schema.oceanbase.collation', 'warn'],
    ]);
    expect(r[0]?.objects).toEqual(['shop.geo']);
    expect(r[1]?.objects).toEqual(['shop.a', 'shop.b']);
    expect(r[1]?.detail).toContain('Why: OceanBase has no 0900 collations.');
  });

  it('does not double the prefix of the planner’s own rules', () => {
    const r = judgeSchemaPlan({
      statements: [],
      changes: [change({ rule: 'schema.foreign-key', action: 'foreign key fk not added' })],
    });
    expect(r[0]?.id).toBe('schema.foreign-key');
  });
});
