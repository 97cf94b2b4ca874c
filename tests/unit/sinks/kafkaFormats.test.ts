import { describe, expect, it } from 'vitest';
import type { ColumnDef } from '../../../src/shared/catalog.js';
import { jsonText, RawJson } from '../../../src/engine/sinks/kafka/JsonText.js';
import {
  RowEncoder,
  type KafkaTable,
  type RowEvent,
  type RowValues,
} from '../../../src/engine/sinks/kafka/KafkaEvent.js';
import { CanalFormat } from '../../../src/engine/sinks/kafka/formats/Canal.js';
import { DebeziumFormat } from '../../../src/engine/sinks/kafka/formats/Debezium.js';
import { PlainJsonFormat } from '../../../src/engine/sinks/kafka/formats/PlainJson.js';
import { kafkaColumn } from '../../../src/engine/sinks/kafka/ValueEncoding.js';

function col(name: string, columnType: string, charset: string | null = null): ColumnDef {
  return {
    name,
    columnType,
    dataType: columnType.toLowerCase().match(/^[a-z]+/)?.[0] ?? '',
    nullable: true,
    default: null as unknown as ColumnDef['default'],
    autoIncrement: false,
    onUpdate: null,
    generated: null,
    charset,
    collation: null,
    comment: '',
    invisible: false,
  };
}

const DEFS: ColumnDef[] = [
  col('id', 'int(11)'),
  col('big', 'bigint(20) unsigned'),
  col('f', 'float'),
  col('d', 'double'),
  col('dec', 'decimal(12,2)'),
  col('b1', 'bit(1)'),
  col('b12', 'bit(12)'),
  col('day', 'date'),
  col('zero', 'datetime'),
  col('dtm', 'datetime(3)'),
  col('ts', 'timestamp(6)'),
  col('tm', 'time(2)'),
  col('y', 'year(4)'),
  col('t', 'varchar(20)', 'utf8mb4'),
  col('l', 'varchar(20)', 'latin1'),
  col('g', 'varchar(20)', 'gbk'),
  col('bad', 'varchar(20)', 'utf8mb4'),
  col('bin', 'varbinary(8)'),
  col('e', "enum('a','b','c')"),
  col('s', "set('x','y','z')"),
  col('j', 'json'),
  col('geo', 'geometry'),
];

const TABLE: KafkaTable = {
  database: 'shop',
  table: 'all_types',
  columns: DEFS.map(kafkaColumn),
  key: ['id'],
};

/** Values as the binlog reader hands them over (text as bytes, enum index, set mask). */
const BINLOG_ROW: RowValues = {
  id: 1,
  big: '18446744073709551615',
  f: 1.5,
  d: -0,
  dec: '12.30',
  b1: Buffer.from([1]),
  b12: Buffer.from([0x0a, 0xbc]),
  day: '2024-02-29',
  zero: '0000-00-00 00:00:00',
  dtm: '2024-02-29 23:59:59.123',
  ts: '2024-02-29 23:59:59.000001',
  tm: '-838:59:59.00',
  y: 2024,
  t: Buffer.from('héllo 😀', 'utf8'),
  l: Buffer.from([0x63, 0x61, 0x66, 0xe9]),
  g: Buffer.from([0xd6, 0xd0]),
  bad: Buffer.from([0x61, 0xff]),
  bin: Buffer.from([0, 1, 2, 255]),
  e: 2,
  s: 5,
  j: '{"a": [1, 2.50]}',
  geo: Buffer.from([1, 2, 3]),
};

/** The same row as the text protocol returns it (the full copy): every value as its bytes. */
const TEXT_ROW: RowValues = Object.fromEntries(
  Object.entries(BINLOG_ROW).map(([k, v]) => {
    if (k === 'e') return [k, Buffer.from('b')];
    if (k === 's') return [k, Buffer.from('x,z')];
    if (typeof v === 'number') return [k, Buffer.from(Object.is(v, -0) ? '-0' : String(v))];
    if (typeof v === 'string') return [k, Buffer.from(v)];
    return [k, v];
  }),
);

const EXPECTED_AFTER =
  '{"id":1,"big":18446744073709551615,"f":1.5,"d":-0.0,"dec":"12.30","b1":true,"b12":2748,' +
  '"day":"2024-02-29","zero":"0000-00-00 00:00:00","dtm":"2024-02-29T23:59:59.123",' +
  '"ts":"2024-02-29T23:59:59.000001Z","tm":"-838:59:59.00","y":2024,"t":"héllo 😀","l":"café",' +
  '"g":"中","bad":"a\uFFFD","bin":"AAEC/w==","e":"b","s":"x,z","j":{"a": [1, 2.50]},"geo":"AQID"}';

function event(op: RowEvent['op'], before: RowValues | null, after: RowValues | null): RowEvent {
  return {
    kind: 'row',
    op,
    table: TABLE,
    before,
    after,
    sourceMs: 1_700_000_000_000,
    position: op === 'read' ? null : { file: 'binlog.000003', pos: 4711, gtid: '0-1-42', row: 2 },
    id: op === 'read' ? 'snapshot:shop.all_types:{"id":1}' : 'binlog:binlog.000003:4711:2',
  };
}

describe('values in messages', () => {
  it('encodes every type exactly, from the binlog and from the full copy alike', () => {
    for (const row of [BINLOG_ROW, TEXT_ROW]) {
      const encoder = new RowEncoder();
      const encoded = encoder.row(TABLE, row);
      expect(encoded && jsonText(encoded)).toBe(
        row === TEXT_ROW ? EXPECTED_AFTER.replace('"d":-0.0', '"d":-0') : EXPECTED_AFTER,
      );
      // One value was not valid UTF-8: replaced, and counted so the stream can say so.
      expect(encoder.invalidText).toBe(1);
    }
  });

  it('writes control characters escaped and -0 with its sign', () => {
    const value = { a: '\u0000x:0', b: new RawJson('7'), c: ['\u0000', -0] };
    expect(jsonText(value)).toBe('{"a":"\\u0000x:0","b":7,"c":["\\u0000",-0.0]}');
    expect(JSON.parse(jsonText(value))).toEqual({ a: '\u0000x:0', b: 7, c: ['\u0000', -0] });
  });

  it('writes raw JSON and large integers as their exact text', () => {
    expect(jsonText({ n: new RawJson('9007199254740993'), a: [1, 'x', null, true] })).toBe(
      '{"n":9007199254740993,"a":[1,"x",null,true]}',
    );
  });

  it('refuses a charset it cannot decode, naming the column and the way out', () => {
    expect(() => kafkaColumn(col('old', 'varchar(9)', 'swe7'))).toThrow(
      expect.objectContaining({ message: expect.stringContaining('Column old holds swe7 text') }),
    );
  });
});

describe('plain JSON', () => {
  const format = new PlainJsonFormat(new RowEncoder());

  it('carries the operation, the key, both images and the position', () => {
    const m = format.row(event('update', { ...BINLOG_ROW, f: 0.5 }, BINLOG_ROW));
    expect(m.key).toBe('{"id":1}');
    expect(m.headers).toEqual({ 'cutover.id': 'binlog:binlog.000003:4711:2' });
    expect(m.value).toContain(`"after":${EXPECTED_AFTER}`);
    const v = JSON.parse(m.value) as Record<string, unknown>;
    expect(v).toMatchObject({
      id: 'binlog:binlog.000003:4711:2',
      op: 'update',
      database: 'shop',
      table: 'all_types',
      key: { id: 1 },
      ts_ms: 1_700_000_000_000,
      position: { file: 'binlog.000003', pos: 4711, gtid: '0-1-42', row: 2 },
    });
    expect((v.before as Record<string, unknown>).f).toBe(0.5);
  });

  it('keys a delete by its before image, and DDL as its own message', () => {
    const m = format.row(event('delete', BINLOG_ROW, null));
    expect(JSON.parse(m.value)).toMatchObject({ op: 'delete', after: null, key: { id: 1 } });
    const ddl = format.ddl({
      kind: 'ddl',
      database: 'shop',
      table: 'all_types',
      sql: 'ALTER TABLE all_types ADD c INT',
      sourceMs: 5,
      position: { file: 'binlog.000003', pos: 9000, gtid: null },
      id: 'ddl:binlog.000003:9000',
    });
    expect(JSON.parse(ddl.value)).toMatchObject({
      op: 'ddl',
      sql: 'ALTER TABLE all_types ADD c INT',
    });
  });
});

describe('Canal flat JSON', () => {
  const format = new CanalFormat(new RowEncoder());

  it('writes every value as a string, with the MySQL and JDBC types', () => {
    const m = format.row(event('insert', null, BINLOG_ROW));
    const v = JSON.parse(m.value) as Record<string, unknown>;
    expect(v).toMatchObject({
      database: 'shop',
      table: 'all_types',
      type: 'INSERT',
      isDdl: false,
      es: 1_700_000_000_000,
      pkNames: ['id'],
      old: null,
    });
    expect((v.data as unknown[])[0]).toEqual({
      id: '1',
      big: '18446744073709551615',
      f: '1.5',
      d: '-0.0',
      dec: '12.30',
      b1: '1',
      b12: '2748',
      day: '2024-02-29',
      zero: '0000-00-00 00:00:00',
      dtm: '2024-02-29T23:59:59.123',
      ts: '2024-02-29T23:59:59.000001Z',
      tm: '-838:59:59.00',
      y: '2024',
      t: 'héllo 😀',
      l: 'café',
      g: '中',
      bad: 'a\uFFFD',
      bin: 'AAEC/w==',
      e: 'b',
      s: 'x,z',
      j: '{"a": [1, 2.50]}',
      geo: 'AQID',
    });
    expect(v.mysqlType).toMatchObject({ big: 'bigint(20) unsigned', e: "enum('a','b','c')" });
    expect(v.sqlType).toMatchObject({ id: 4, big: -5, dec: 3, ts: 93, bin: -3, t: 12 });
  });

  it('lists only the changed columns in old, and deletes with the before image', () => {
    const update = JSON.parse(
      format.row(event('update', { ...BINLOG_ROW, y: 1999 }, BINLOG_ROW)).value,
    );
    expect(update).toMatchObject({ type: 'UPDATE', old: [{ y: '1999' }] });
    const del = JSON.parse(format.row(event('delete', BINLOG_ROW, null)).value);
    expect(del).toMatchObject({ type: 'DELETE', data: [{ id: '1' }] });
    const read = JSON.parse(format.row(event('read', null, BINLOG_ROW)).value);
    expect(read.type).toBe('INSERT');
  });
});

describe('Debezium', () => {
  it('wraps the row in the envelope: before, after, source, op, ts_ms', () => {
    const format = new DebeziumFormat(new RowEncoder(), {
      server: 'shop-to-ob',
      version: '0.1.0',
      schema: false,
    });
    const m = format.row(event('insert', null, BINLOG_ROW));
    expect(m.key).toBe('{"id":1}');
    expect(m.value).toContain(`"after":${EXPECTED_AFTER}`);
    const v = JSON.parse(m.value);
    expect(v).toMatchObject({
      before: null,
      op: 'c',
      source: {
        connector: 'mysql',
        name: 'shop-to-ob',
        db: 'shop',
        table: 'all_types',
        snapshot: 'false',
        file: 'binlog.000003',
        pos: 4711,
        row: 2,
        gtid: '0-1-42',
        ts_ms: 1_700_000_000_000,
      },
    });
    expect(typeof v.ts_ms).toBe('number');
    const read = JSON.parse(
      format.row({ ...event('read', null, BINLOG_ROW), lastOfSnapshot: true }).value,
    );
    expect(read).toMatchObject({ op: 'r', source: { snapshot: 'last', file: '', pos: 0 } });
    expect(JSON.parse(format.row(event('update', BINLOG_ROW, BINLOG_ROW)).value).op).toBe('u');
    expect(JSON.parse(format.row(event('delete', BINLOG_ROW, null)).value)).toMatchObject({
      op: 'd',
      after: null,
    });
  });

  it('adds Kafka Connect schemas when asked, with JSON columns as strings', () => {
    const format = new DebeziumFormat(new RowEncoder(), {
      server: 'shop-to-ob',
      version: '0.1.0',
      schema: true,
    });
    const m = format.row(event('insert', null, BINLOG_ROW));
    const key = JSON.parse(m.key ?? '');
    expect(key).toEqual({
      schema: {
        type: 'struct',
        fields: [{ type: 'int64', optional: false, field: 'id' }],
        optional: false,
        name: 'shop-to-ob.shop.all_types.Key',
      },
      payload: { id: 1 },
    });
    const v = JSON.parse(m.value);
    expect(v.schema.name).toBe('shop-to-ob.shop.all_types.Envelope');
    const after = v.schema.fields.find((f: { field: string }) => f.field === 'after');
    const typeOf = (name: string) => after.fields.find((f: { field: string }) => f.field === name);
    expect(typeOf('b1')).toMatchObject({ type: 'boolean' });
    expect(typeOf('bin')).toMatchObject({ type: 'bytes' });
    expect(typeOf('ts')).toMatchObject({ type: 'string', name: 'io.debezium.time.ZonedTimestamp' });
    expect(typeOf('j')).toMatchObject({ type: 'string', name: 'io.debezium.data.Json' });
    expect(v.payload.after.j).toBe('{"a": [1, 2.50]}');
    expect(v.payload.op).toBe('c');
  });
});
