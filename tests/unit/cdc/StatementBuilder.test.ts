import type { RowData } from '@vlasky/zongji';
import { describe, expect, it } from 'vitest';
import type { ApplyItem, ApplyOp } from '../../../src/engine/cdc/ChangePlanner.js';
import type { ColumnCodec } from '../../../src/engine/cdc/ColumnCodec.js';
import { buildStatements } from '../../../src/engine/cdc/StatementBuilder.js';
import { buildRoute, type TableRoute } from '../../../src/engine/cdc/TableRoute.js';
import { column, index, mapping, part, primaryKey, table } from '../schema/fixtures.js';

const notNull = { nullable: false, default: { kind: 'none' } } as const;

const number = (name: string): ColumnCodec => ({
  name,
  kind: 'number',
  charset: null,
  members: null,
});
const text = (name: string, charset = 'utf8mb4'): ColumnCodec => ({
  name,
  kind: 'text',
  charset,
  members: null,
});

// shop.orders (id PK, name, qty, doubled GENERATED, note not selected) → dst.orders
const ordersDef = table({
  columns: [
    column('id', 'int(11)', notNull),
    column('name', 'varchar(20)'),
    column('qty', 'int(11)'),
    column('doubled', 'int(11)', { generated: { expression: '`qty` * 2', stored: true } }),
    column('note', 'varchar(20)', { charset: 'latin1', collation: 'latin1_swedish_ci' }),
  ],
  indexes: [primaryKey('id')],
});
const orders = buildRoute(
  1,
  mapping('shop.orders', 'dst.orders', { columns: ['id', 'name', 'qty', 'doubled'] }),
  ordersDef,
);
const orderColumns = [number('id'), text('name'), number('qty'), number('doubled'), text('note')];

// shop.lines (order_id, line) composite PK → dst.lines
const linesDef = table({
  name: 'lines',
  columns: [
    column('order_id', 'int(11)', notNull),
    column('line', 'int(11)', notNull),
    column('sku', 'varchar(10)', { charset: 'latin1', collation: 'latin1_swedish_ci' }),
  ],
  indexes: [primaryKey('order_id', 'line')],
});
const lines = buildRoute(2, mapping('shop.lines', 'dst.lines'), linesDef);
const lineColumns = [number('order_id'), number('line'), text('sku', 'latin1')];

// shop.log: no key at all → dst.log
const logDef = table({
  name: 'log',
  columns: [column('a', 'int(11)'), column('b', 'varchar(10)')],
  indexes: [index('uk_a', 'unique', [part('a')])],
});
const log = buildRoute(3, mapping('shop.log', 'dst.log'), logDef);
const logColumns = [number('a'), text('b')];

function item(
  route: TableRoute,
  columns: ColumnCodec[],
  op: ApplyOp,
  image: RowData,
  rowKey: string | null,
  match: RowData | null = null,
): ApplyItem {
  return { seq: 1, route, op, columns, image, match, rowKey, conflicts: [], origin: null };
}

const order = (op: 'upsert' | 'delete', id: number, name: string | null, qty: number): ApplyItem =>
  item(
    orders,
    orderColumns,
    op,
    {
      id,
      name: name === null ? null : Buffer.from(name),
      qty,
      doubled: qty * 2,
      note: Buffer.from('x'),
    },
    String(id),
  );

const hex = (s: string): string => Buffer.from(s).toString('hex');
const row = (id: number, name: string, qty: number): string =>
  `(${id}, _utf8mb4 X'${hex(name)}', ${qty})`;
const REPLACE = 'REPLACE INTO `dst`.`orders` (`id`, `name`, `qty`) VALUES ';

describe('buildStatements, keyed tables', () => {
  it('routes fixtures as expected (fixture check)', () => {
    expect(orders.key).toEqual(['id']);
    expect([...orders.written]).toEqual(['id', 'name', 'qty']);
    expect(lines.key).toEqual(['order_id', 'line']);
    expect(log.key).toBeNull();
  });

  it('writes only the written columns of rows that end present, in one REPLACE', () => {
    const out = buildStatements(
      [order('upsert', 1, 'a', 1), order('upsert', 2, 'b', 2), order('upsert', 3, null, 3)],
      1 << 20,
    );
    expect(out).toEqual([`${REPLACE}${row(1, 'a', 1)}, ${row(2, 'b', 2)}, (3, NULL, 3)`]);
  });

  it("keeps only each key's last change", () => {
    const out = buildStatements(
      [
        order('upsert', 1, 'a', 1),
        order('upsert', 2, 'b', 2),
        order('upsert', 1, 'a', 9),
        order('delete', 2, 'b', 2),
        order('delete', 3, 'c', 3),
      ],
      1 << 20,
    );
    expect(out).toEqual([
      'DELETE FROM `dst`.`orders` WHERE `id` IN (2, 3)',
      `${REPLACE}${row(1, 'a', 9)}`,
    ]);
  });

  it('does not delete a key that is added again later in the batch', () => {
    const out = buildStatements(
      [order('upsert', 5, 'a', 1), order('delete', 5, 'a', 1), order('upsert', 5, 'b', 2)],
      1 << 20,
    );
    expect(out).toEqual([`${REPLACE}${row(5, 'b', 2)}`]);
  });

  it('deletes a key whose last change is a delete, even after upserts', () => {
    const out = buildStatements(
      [order('upsert', 5, 'a', 1), order('upsert', 5, 'b', 2), order('delete', 5, 'b', 2)],
      1 << 20,
    );
    expect(out).toEqual(['DELETE FROM `dst`.`orders` WHERE `id` IN (5)']);
  });

  it('orders REPLACE rows by when each key last changed', () => {
    const out = buildStatements(
      [order('upsert', 1, 'a', 1), order('upsert', 2, 'b', 1), order('upsert', 1, 'a', 2)],
      1 << 20,
    );
    expect(out).toEqual([`${REPLACE}${row(2, 'b', 1)}, ${row(1, 'a', 2)}`]);
  });

  it('matches composite keys as row constructors', () => {
    const line = (op: 'upsert' | 'delete', o: number, l: number, sku: Buffer): ApplyItem =>
      item(lines, lineColumns, op, { order_id: o, line: l, sku }, `${o}\u0000${l}`);
    const out = buildStatements(
      [
        line('delete', 1, 2, Buffer.from('a')),
        line('upsert', 1, 4, Buffer.from([0xe9])),
        line('delete', 7, 1, Buffer.from('b')),
      ],
      1 << 20,
    );
    expect(out).toEqual([
      'DELETE FROM `dst`.`lines` WHERE (`order_id`, `line`) IN ((1, 2), (7, 1))',
      "REPLACE INTO `dst`.`lines` (`order_id`, `line`, `sku`) VALUES (1, 4, _latin1 X'e9')",
    ]);
  });

  it('splits long statements at maxBytes without losing or reordering rows', () => {
    const items = Array.from({ length: 7 }, (_, i) => order('upsert', i + 1, `n${i + 1}`, i));
    const rows = items.map((_, i) => row(i + 1, `n${i + 1}`, i));
    const rowLength = rows[0]?.length ?? 0;
    // Room for exactly two rows per statement (the packer counts ", " after every row).
    const maxBytes = REPLACE.length + 2 * (rowLength + 2);
    const out = buildStatements(items, maxBytes);
    expect(out).toEqual([
      `${REPLACE}${rows[0]}, ${rows[1]}`,
      `${REPLACE}${rows[2]}, ${rows[3]}`,
      `${REPLACE}${rows[4]}, ${rows[5]}`,
      `${REPLACE}${rows[6]}`,
    ]);
    for (const s of out) expect(s.length).toBeLessThanOrEqual(maxBytes);
  });

  it('sends a row longer than maxBytes on its own rather than dropping it', () => {
    const out = buildStatements(
      [order('upsert', 1, 'x'.repeat(200), 1), order('upsert', 2, 'y', 2)],
      100,
    );
    expect(out).toEqual([`${REPLACE}${row(1, 'x'.repeat(200), 1)}`, `${REPLACE}${row(2, 'y', 2)}`]);
  });

  it('splits DELETEs at maxBytes too', () => {
    const items = [10, 11, 12, 13, 14].map((id) => order('delete', id, 'a', 1));
    const prefix = 'DELETE FROM `dst`.`orders` WHERE `id` IN (';
    const out = buildStatements(items, prefix.length + 1 + 2 * (2 + 2));
    expect(out).toEqual([`${prefix}10, 11)`, `${prefix}12, 13)`, `${prefix}14)`]);
  });

  it('writes rows decoded with a different column list in a statement of their own', () => {
    // After ALTER TABLE … ADD COLUMN the stream carries a new column list for the table.
    const wider = [...orderColumns, number('extra')];
    const route = buildRoute(
      1,
      mapping('shop.orders', 'dst.orders', { columns: ['id', 'name', 'qty', 'doubled', 'extra'] }),
      table({ ...ordersDef, columns: [...ordersDef.columns, column('extra', 'int(11)')] }),
    );
    const a = item(route, orderColumns, 'upsert', { id: 1, name: null, qty: 1 }, '1');
    const b = item(route, wider, 'upsert', { id: 2, name: null, qty: 2, extra: 7 }, '2');
    const c = item(route, orderColumns, 'upsert', { id: 3, name: null, qty: 3 }, '3');
    const out = buildStatements([a, b, c], 1 << 20);
    expect(out).toEqual([
      `${REPLACE}(1, NULL, 1), (3, NULL, 3)`,
      'REPLACE INTO `dst`.`orders` (`id`, `name`, `qty`, `extra`) VALUES (2, NULL, 2, 7)',
    ]);
  });

  it('keeps tables apart: the same key value in two tables is two rows', () => {
    const other = buildRoute(4, mapping('shop.orders2', 'dst.orders2'), ordersDef);
    const mine = order('delete', 1, 'a', 1);
    const theirs = item(other, orderColumns, 'delete', mine.image, '1');
    const out = buildStatements([mine, theirs], 1 << 20);
    expect(out).toEqual([
      'DELETE FROM `dst`.`orders` WHERE `id` IN (1)',
      'DELETE FROM `dst`.`orders2` WHERE `id` IN (1)',
    ]);
  });

  it('writes nothing for an empty batch', () => {
    expect(buildStatements([], 1000)).toEqual([]);
  });
});

describe('buildStatements, tables without a key', () => {
  const logRow = (a: number | null, b: string | null): RowData => ({
    a,
    b: b === null ? null : Buffer.from(b),
  });

  it('writes one statement per change, in order, matching whole rows NULL-safely', () => {
    const out = buildStatements(
      [
        item(log, logColumns, 'insert', logRow(1, 'x'), null),
        item(log, logColumns, 'update-row', logRow(2, 'y'), null, logRow(1, 'x')),
        item(log, logColumns, 'delete-row', logRow(null, 'y'), null),
        item(log, logColumns, 'insert', logRow(1, 'x'), null),
      ],
      1 << 20,
    );
    expect(out).toEqual([
      `INSERT INTO \`dst\`.\`log\` (\`a\`, \`b\`) VALUES (1, _utf8mb4 X'${hex('x')}')`,
      `UPDATE \`dst\`.\`log\` SET \`a\` = 2, \`b\` = _utf8mb4 X'${hex('y')}' WHERE \`a\` <=> 1 AND \`b\` <=> _utf8mb4 X'${hex('x')}' LIMIT 1`,
      `DELETE FROM \`dst\`.\`log\` WHERE \`a\` <=> NULL AND \`b\` <=> _utf8mb4 X'${hex('y')}' LIMIT 1`,
      `INSERT INTO \`dst\`.\`log\` (\`a\`, \`b\`) VALUES (1, _utf8mb4 X'${hex('x')}')`,
    ]);
  });

  it('leaves generated and unselected columns out of keyless statements too', () => {
    const def = table({
      name: 'log2',
      columns: [
        column('a', 'int(11)'),
        column('g', 'int(11)', { generated: { expression: '`a` + 1', stored: false } }),
        column('skip', 'int(11)'),
      ],
      indexes: [],
    });
    const route = buildRoute(5, mapping('shop.log2', 'dst.log2', { columns: ['a', 'g'] }), def);
    const cols = [number('a'), number('g'), number('skip')];
    const out = buildStatements(
      [item(route, cols, 'delete-row', { a: 1, g: 2, skip: 3 }, null)],
      1 << 20,
    );
    expect(out).toEqual(['DELETE FROM `dst`.`log2` WHERE `a` <=> 1 LIMIT 1']);
  });

  it('does not merge repeated identical keyless changes', () => {
    const out = buildStatements(
      [
        item(log, logColumns, 'delete-row', logRow(1, null), null),
        item(log, logColumns, 'delete-row', logRow(1, null), null),
      ],
      1 << 20,
    );
    expect(out).toHaveLength(2);
  });

  it('puts keyed tables’ statements before keyless ones in one batch', () => {
    const out = buildStatements(
      [
        item(log, logColumns, 'insert', logRow(1, null), null),
        order('upsert', 1, 'a', 1),
        item(log, logColumns, 'insert', logRow(2, null), null),
      ],
      1 << 20,
    );
    expect(out).toEqual([
      `${REPLACE}${row(1, 'a', 1)}`,
      'INSERT INTO `dst`.`log` (`a`, `b`) VALUES (1, NULL)',
      'INSERT INTO `dst`.`log` (`a`, `b`) VALUES (2, NULL)',
    ]);
  });
});
