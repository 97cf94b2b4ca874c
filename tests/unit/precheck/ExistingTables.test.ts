import { describe, expect, it } from 'vitest';
import { judgeExistingTables } from '../../../src/engine/precheck/ExistingTablesCheck.js';

const full = { createsTables: true, copiesRows: true };
const withRows = { database: 'shop', table: 'orders', hasRows: true };
const empty = { database: 'shop', table: 'items', hasRows: false };

describe('judgeExistingTables', () => {
  it('passes when nothing is in the way', () => {
    expect(judgeExistingTables([], [], { policy: 'fail', ...full })[0]?.status).toBe('pass');
  });

  it('fails an existing table with rows under "fail", without a DROP to paste', () => {
    const [r] = judgeExistingTables([withRows], [], { policy: 'fail', ...full });
    expect(r?.status).toBe('fail');
    expect(r?.objects).toEqual(['shop.orders']);
    expect(r?.sql).toBeUndefined();
    expect(r?.fix).toContain('"keep"');
  });

  it('fails an empty existing table under "fail" with the DROP', () => {
    const [r] = judgeExistingTables([empty], [], { policy: 'fail', ...full });
    expect(r?.status).toBe('fail');
    expect(r?.sql).toBe('DROP TABLE `shop`.`items`;');
  });

  it('warns under "keep", explaining overwrites and duplicates when rows are there', () => {
    const [rows] = judgeExistingTables([withRows, empty], [], { policy: 'keep', ...full });
    expect(rows?.status).toBe('warn');
    expect(rows?.detail).toContain('duplicate rows');
    const [onlyEmpty] = judgeExistingTables([empty], [], { policy: 'keep', ...full });
    expect(onlyEmpty?.status).toBe('warn');
    expect(onlyEmpty?.detail).toContain('instead of the planned definitions');
  });

  it('without a schema step, fails missing tables and ignores the policy', () => {
    const results = judgeExistingTables([empty], [{ database: 'shop', table: 'orders' }], {
      policy: 'fail',
      createsTables: false,
      copiesRows: true,
    });
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['target.tables.missing', 'fail'],
      ['target.tables.existing', 'pass'],
    ]);
  });
});
