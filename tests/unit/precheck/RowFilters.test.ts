import { describe, expect, it } from 'vitest';
import { judgeRowFilters } from '../../../src/engine/precheck/RowFilterCheck.js';
import type { TableMapping } from '../../../src/shared/catalog.js';
import { column, table } from './fixtures.js';

const orders = table('orders', [column('id', 'int(11)'), column('region', 'varchar(8)')]);
const mapping = (where: string | null): TableMapping => ({
  source: { database: 'shop', table: 'orders' },
  target: { database: 'shop', table: 'orders' },
  columns: null,
  where,
});
const lookup = () => orders;

describe('judgeRowFilters', () => {
  it('says nothing when no table is filtered', () => {
    expect(judgeRowFilters([mapping(null)], lookup)).toEqual([]);
  });

  it('passes filters the change stream can evaluate', () => {
    const r = judgeRowFilters([mapping("region IN ('eu', 'us') AND id % 4 = 1")], lookup);
    expect(r.map((x) => x.status)).toEqual(['pass']);
  });

  it('fails a filter the change stream cannot evaluate, naming the table and the construct', () => {
    const r = judgeRowFilters([mapping('id > 5'), mapping('created_at > NOW()')], lookup);
    expect(r).toHaveLength(1);
    expect(r[0]?.status).toBe('fail');
    expect(r[0]?.objects).toEqual(['shop.orders']);
    expect(r[0]?.detail).toMatch(/shop\.orders: .*(created_at|NOW)/);
    expect(r[0]?.fix).toMatch(/Rewrite the filter/);
  });
});
