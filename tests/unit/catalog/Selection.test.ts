import { describe, expect, it } from 'vitest';
import type { DatabaseCatalog, TableDef } from '../../../src/shared/catalog.js';
import { column, table as fixtureTable } from '../schema/fixtures.js';
import {
  mapTableName,
  resolveSelection,
  selectedDatabases,
  wildcardToRegExp,
} from '../../../src/engine/catalog/Selection.js';

function table(database: string, name: string, columns: string[] = ['id', 'a']): TableDef {
  return fixtureTable({ database, name, columns: columns.map((c) => column(c, 'int(11)')) });
}

const shop: DatabaseCatalog = {
  name: 'shop',
  charset: 'utf8mb4',
  collation: 'utf8mb4_general_ci',
  tables: ['orders', 'order_items', 'users', 'log_2023', 'log_2024'].map((n) => table('shop', n)),
  views: [],
  triggers: [],
  routines: [],
  events: [],
};

function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('selection', () => {
  it('matches * and ? wildcards literally otherwise', () => {
    expect(wildcardToRegExp('log_202?').test('log_2024')).toBe(true);
    expect(wildcardToRegExp('log_202?').test('log_20245')).toBe(false);
    expect(wildcardToRegExp('a.b').test('axb')).toBe(false);
  });

  it('applies wildcards, excludes, renames, column subsets and filters', () => {
    const m = resolveSelection(
      [
        {
          database: 'shop',
          tables: ['order*', 'users', 'log_*'],
          exclude: ['log_2023'],
          targetDatabase: 'shop_ob',
          rename: { orders: 'orders_2024' },
          columns: { users: ['a'] },
          where: { orders: 'id > 10' },
        },
      ],
      [shop],
    );
    expect(m.map((x) => `${x.source.table}->${x.target.database}.${x.target.table}`)).toEqual([
      'orders->shop_ob.orders_2024',
      'order_items->shop_ob.order_items',
      'users->shop_ob.users',
      'log_2024->shop_ob.log_2024',
    ]);
    expect(m.find((x) => x.source.table === 'users')?.columns).toEqual(['a']);
    expect(m.find((x) => x.source.table === 'orders')?.where).toBe('id > 10');
  });

  it('names tables that do not exist, suggesting a case match', () => {
    const text = problem(() =>
      resolveSelection([{ database: 'shop', tables: ['Users', 'nope'] }], [shop]),
    );
    expect(text).toContain('table "shop.Users" does not exist (did you mean "users"?)');
    expect(text).toContain('table "shop.nope" does not exist');
  });

  it('rejects renames, columns and filters of tables not selected, and unknown columns', () => {
    const text = problem(() =>
      resolveSelection(
        [
          {
            database: 'shop',
            tables: ['users'],
            rename: { orders: 'x' },
            columns: { users: ['id', 'emial'] },
          },
        ],
        [shop],
      ),
    );
    expect(text).toContain('objects[0].rename: "orders" is not among the selected tables');
    expect(text).toContain('objects[0].columns.users: column "emial" does not exist');
  });

  it('rejects two tables written to the same target', () => {
    const text = problem(() =>
      resolveSelection(
        [{ database: 'shop', tables: ['orders', 'users'], rename: { users: 'orders' } }],
        [shop],
      ),
    );
    expect(text).toContain('would both be written to shop.orders');
  });

  it('names databases missing on the source', () => {
    const text = problem(() => selectedDatabases([{ database: 'Shop', tables: ['*'] }], ['shop']));
    expect(text).toContain('database "Shop" does not exist on the source (did you mean "shop"?)');
  });
});

describe('mapTableName', () => {
  const rules = [
    {
      database: 'shop',
      tables: ['log_*', 'orders'],
      exclude: ['log_old'],
      targetDatabase: 'mall',
      rename: { orders: 'orders_v2' },
      where: { log_2025: 'id > 5' },
    },
  ];

  it('maps a table created later when a pattern takes it', () => {
    expect(mapTableName(rules, 'shop', 'log_2025')).toEqual({
      source: { database: 'shop', table: 'log_2025' },
      target: { database: 'mall', table: 'log_2025' },
      columns: null,
      where: 'id > 5',
    });
    expect(mapTableName(rules, 'shop', 'orders')?.target).toEqual({
      database: 'mall',
      table: 'orders_v2',
    });
  });

  it('leaves out excluded tables, other names and other databases', () => {
    expect(mapTableName(rules, 'shop', 'log_old')).toBeNull();
    expect(mapTableName(rules, 'shop', 'users')).toBeNull();
    expect(mapTableName(rules, 'crm', 'orders')).toBeNull();
  });
});
