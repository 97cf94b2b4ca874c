import { describe, expect, it } from 'vitest';
import {
  parentRowIndex,
  treeRows,
  type TreeRow,
} from '../../../../src/renderer/wizard/treeRows.js';
import { tableMatcher } from '../../../../src/renderer/wizard/wildcard.js';
import { CATALOG } from './fixtures.js';

const labels = (rows: TreeRow[]) =>
  rows.map((r) => (r.kind === 'database' ? r.database.name : `  ${r.database}.${r.table.name}`));

describe('treeRows', () => {
  it('lists the tables of open databases only', () => {
    expect(labels(treeRows(CATALOG, '', new Set(['crm'])))).toEqual([
      'shop',
      'crm',
      '  crm.leads',
      '  crm.notes',
    ]);
  });

  it('shows every database with a match open while searching, and hides the rest', () => {
    const rows = treeRows(CATALOG, 'order', new Set());
    expect(labels(rows)).toEqual(['shop', '  shop.orders', '  shop.order_items']);
    const [shop] = rows;
    expect(shop?.kind === 'database' && shop.tables.map((t) => t.name)).toEqual([
      'orders',
      'order_items',
    ]);
  });

  it('gives a database row all its tables without a search', () => {
    const [shop] = treeRows(CATALOG, '  ', new Set());
    expect(shop?.kind === 'database' && shop.tables).toHaveLength(4);
  });

  it('finds the parent row of a table row', () => {
    const rows = treeRows(CATALOG, '', new Set(['shop', 'crm']));
    expect(parentRowIndex(rows, 3)).toBe(0);
    expect(parentRowIndex(rows, 6)).toBe(5);
    expect(parentRowIndex(rows, 5)).toBe(5);
  });

  it('filters 10,000 tables across databases by a wildcard search', () => {
    const big = Array.from({ length: 20 }, (_, d) => ({
      name: `db${d}`,
      tables: Array.from({ length: 500 }, (_, t) => ({
        name: `table_${t}`,
        estimatedRows: 1,
        dataBytes: 1,
        hasKey: true,
        columns: [],
      })),
    }));
    const rows = treeRows(big, 'db1?.table_4*', new Set());
    // db10–db19, each with table_4 and table_40–table_499 that start with 4.
    expect(rows.filter((r) => r.kind === 'table')).toHaveLength(10 * 111);
  });
});

describe('tableMatcher', () => {
  it('matches plain text anywhere in db.table, ignoring case', () => {
    const matches = tableMatcher('P.ORD');
    expect(matches?.('shop', 'orders')).toBe(true);
    expect(matches?.('crm', 'orders')).toBe(false);
  });

  it('matches a wildcard pattern against the whole db.table', () => {
    const matches = tableMatcher('shop.order?');
    expect(matches?.('shop', 'orders')).toBe(true);
    expect(matches?.('shop', 'order_items')).toBe(false);
    expect(tableMatcher('*.notes')?.('crm', 'notes')).toBe(true);
    expect(tableMatcher('*.notes')?.('crm', 'notes_old')).toBe(false);
  });

  it('takes regular-expression characters literally', () => {
    const matches = tableMatcher('a.b+c');
    expect(matches?.('a', 'b+c')).toBe(true);
    expect(matches?.('axb', 'bbc')).toBe(false);
    expect(tableMatcher('(x|y)*')?.('(x|y)', 'z')).toBe(true);
  });

  it('is null for an empty box', () => {
    expect(tableMatcher('   ')).toBeNull();
  });
});
