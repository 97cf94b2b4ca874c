import { describe, expect, it } from 'vitest';
import type { ColumnCodec } from '../../../src/engine/cdc/ColumnCodec.js';
import { compileRowFilter } from '../../../src/engine/cdc/RowFilter.js';
import type { RowChange } from '../../../src/engine/cdc/StreamItems.js';
import { changeEvent } from '../../../src/engine/sinks/kafka/ChangeEvent.js';
import type { ColumnDef } from '../../../src/shared/catalog.js';

const def = (name: string): ColumnDef => ({
  name,
  columnType: 'int(11)',
  dataType: 'int',
  nullable: false,
  default: null as unknown as ColumnDef['default'],
  autoIncrement: false,
  onUpdate: null,
  generated: null,
  charset: null,
  collation: null,
  comment: '',
  invisible: false,
});
const codecs: ColumnCodec[] = ['id', 'amount'].map((name) => ({
  name,
  kind: 'number',
  charset: null,
  members: null,
}));
const route = {
  table: { database: 'shop', table: 'orders', columns: [], key: ['id'] },
  filter: compileRowFilter('amount > 10', [def('id'), def('amount')]),
};
const commit = { end: null, timestampMs: 5 };

function change(kind: RowChange['kind'], before: number | null, after: number | null): RowChange {
  return {
    database: 'shop',
    table: 'orders',
    kind,
    origin: null,
    txnStart: { file: 'binlog.000002', pos: 400 },
    columns: codecs,
    before: before === null ? null : { id: 1, amount: before },
    after: after === null ? null : { id: 1, amount: after },
  };
}

describe('a binlog change as a Kafka event under a row filter', () => {
  it('keeps what passes the filter, and names it by its place in the binlog', () => {
    expect(changeEvent(route, change('insert', null, 20), 3, commit)).toMatchObject({
      op: 'insert',
      before: null,
      after: { id: 1, amount: 20 },
      id: 'binlog:binlog.000002:400:3',
      position: { file: 'binlog.000002', pos: 400, row: 3 },
    });
    expect(changeEvent(route, change('update', 15, 30), 0, commit)).toMatchObject({
      op: 'update',
      before: { amount: 15 },
      after: { amount: 30 },
    });
    expect(changeEvent(route, change('delete', 15, null), 0, commit)?.op).toBe('delete');
  });

  it('turns updates across the filter’s edge into an insert or a delete', () => {
    expect(changeEvent(route, change('update', 5, 30), 0, commit)).toMatchObject({
      op: 'insert',
      before: null,
      after: { amount: 30 },
    });
    expect(changeEvent(route, change('update', 30, 5), 0, commit)).toMatchObject({
      op: 'delete',
      before: { amount: 30 },
      after: null,
    });
  });

  it('leaves out changes the filter never saw', () => {
    expect(changeEvent(route, change('insert', null, 1), 0, commit)).toBeNull();
    expect(changeEvent(route, change('update', 1, 2), 0, commit)).toBeNull();
    expect(changeEvent(route, change('delete', 1, null), 0, commit)).toBeNull();
  });
});
