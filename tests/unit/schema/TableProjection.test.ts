import { describe, expect, it } from 'vitest';
import { projectTable } from '../../../src/engine/schema/TableProjection.js';
import { column, index, part, primaryKey, table } from './fixtures.js';

const source = table({
  columns: [
    column('id', 'int(11)', { nullable: false, default: { kind: 'none' } }),
    column('price', 'decimal(10,2)'),
    column('qty', 'int(11)'),
    column('total', 'decimal(12,2)', {
      generated: { expression: '`price` * `qty`', stored: true },
    }),
    column('note', 'varchar(100)'),
    column('region', 'int(11)', { nullable: false, default: { kind: 'none' } }),
  ],
  indexes: [
    primaryKey('id', 'region'),
    index('k_note', 'index', [part('note', { subPart: 10 })]),
    index('k_total', 'index', [part('total')]),
    index('k_expr', 'index', [part('x', { column: null, expression: '(`qty` * 2)' })]),
  ],
  checks: [
    { name: 'qty_pos', clause: '(`qty` > 0)' },
    { name: 'note_len', clause: 'char_length(`note`) < 50' },
  ],
  foreignKeys: [
    {
      name: 'fk_region',
      columns: ['region'],
      refDatabase: 'shop',
      refTable: 'regions',
      refColumns: ['id'],
      onDelete: 'RESTRICT',
      onUpdate: 'RESTRICT',
    },
  ],
  partitionClause: 'PARTITION BY HASH (`region`) PARTITIONS 4',
});

describe('projectTable', () => {
  it('renames without touching anything else', () => {
    const { table: t, changes } = projectTable(source, { database: 'b', name: 'o2' });
    expect([t.database, t.name]).toEqual(['b', 'o2']);
    expect(t.columns).toBe(source.columns);
    expect(changes).toEqual([]);
  });

  it('keeps everything when the subset names every column (any case)', () => {
    const names = source.columns.map((c) => c.name.toUpperCase());
    expect(projectTable(source, { columns: names }).changes).toEqual([]);
  });

  it('drops indexes, checks, generated columns and FKs that use a dropped column', () => {
    const { table: t, changes } = projectTable(source, {
      columns: ['id', 'price', 'total', 'note', 'region'],
    });
    expect(t.columns.map((c) => c.name)).toEqual(['id', 'price', 'note', 'region']);
    expect(t.indexes.map((i) => i.name)).toEqual(['PRIMARY', 'k_note']);
    expect(t.checks.map((c) => c.name)).toEqual(['note_len']);
    expect(t.foreignKeys.map((f) => f.name)).toEqual(['fk_region']);
    expect(t.partitionClause).toBe(source.partitionClause);
    expect(changes.map((c) => [c.object, c.action, c.severity])).toEqual([
      ['shop.orders', 'columns not copied: qty, total', 'info'],
      [
        'shop.orders.total',
        'generated column dropped: its expression uses a column not copied',
        'warn',
      ],
      ['shop.orders.k_total', 'index k_total dropped: uses total', 'warn'],
      ['shop.orders.k_expr', 'index k_expr dropped: uses qty', 'warn'],
      ['shop.orders.qty_pos', 'check qty_pos dropped: uses qty', 'warn'],
    ]);
    expect(changes.every((c) => c.rule === 'schema.column-subset')).toBe(true);
  });

  it('drops the primary key, foreign keys and partitioning on a dropped column', () => {
    const { table: t, changes } = projectTable(source, { columns: ['id', 'note'] });
    expect(t.indexes.map((i) => i.name)).toEqual(['k_note']);
    expect(t.foreignKeys).toEqual([]);
    expect(t.partitionClause).toBeNull();
    expect(changes.map((c) => c.action)).toEqual([
      'columns not copied: price, qty, total, region',
      'primary key dropped: uses region',
      'index k_total dropped: uses total',
      'index k_expr dropped: uses qty',
      'check qty_pos dropped: uses qty',
      'foreign key fk_region dropped: uses region',
      'partitioning removed: it uses region',
    ]);
  });

  it('rejects a column the table does not have', () => {
    expect(() => projectTable(source, { columns: ['id', 'nope'] })).toThrow(/has no column nope/);
  });
});
