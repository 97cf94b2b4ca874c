import { describe, expect, it } from 'vitest';
import { judgePacket } from '../../../src/engine/precheck/PacketCheck.js';
import {
  declaredBytes,
  declaredRowBytes,
  isMeasured,
  measureSelect,
  measuredRowBytes,
  statementOverhead,
  suggestedPacket,
} from '../../../src/engine/precheck/RowSize.js';
import { column } from './fixtures.js';

const MB = 1024 * 1024;

describe('declaredBytes', () => {
  it('sizes fixed-width columns as SQL text', () => {
    expect(declaredBytes(column('a', 'bigint(20)')).text).toBe(20);
    expect(declaredBytes(column('a', 'decimal(12,2)')).text).toBe(14);
    expect(declaredBytes(column('a', 'datetime(6)')).text).toBe(28);
    expect(declaredBytes(column('a', 'datetime')).text).toBe(21);
  });

  it('counts characters at the charset’s widest and binary values as hex', () => {
    expect(declaredBytes(column('a', 'varchar(100)'))).toEqual({ raw: 400, text: 402 });
    expect(declaredBytes(column('a', 'varchar(100)', { charset: 'latin1' }))).toEqual({
      raw: 100,
      text: 102,
    });
    expect(declaredBytes(column('a', 'varbinary(16)'))).toEqual({ raw: 16, text: 35 });
  });

  it('bounds ENUM and SET by their definition', () => {
    const def = "set('red','green','blue')";
    expect(declaredBytes(column('a', def)).text).toBe(def.length);
  });
});

describe('row sizes', () => {
  const id = column('id', 'int(11)');
  const body = column('body', 'longtext');
  const photo = column('photo', 'mediumblob');

  it('measures only LOB, JSON and geometry columns', () => {
    expect([id, body, photo, column('doc', 'json'), column('g', 'point')].map(isMeasured)).toEqual([
      false,
      true,
      true,
      true,
      true,
    ]);
  });

  it('builds one scan that sizes text once and binary twice', () => {
    expect(measureSelect([id, body, photo])).toBe(
      'MAX(IFNULL(LENGTH(`body`),0)+IFNULL(LENGTH(`photo`),0)) AS raw, MAX(IFNULL(LENGTH(`body`),0)+2*IFNULL(LENGTH(`photo`),0)) AS text',
    );
  });

  it('adds declared sizes, quotes and statement overhead to what was measured', () => {
    const columns = [id, body, photo];
    const bytes = measuredRowBytes(columns, { raw: 3 * MB, text: 5 * MB });
    expect(bytes.raw).toBe(8 + 3 * MB);
    expect(bytes.text).toBe(statementOverhead(columns) + 11 + 5 * MB + 2 + 3);
  });

  it('tells from declared sizes that a table without LOBs needs no scan', () => {
    const small = declaredRowBytes([id, column('name', 'varchar(255)')]);
    expect(small.text).toBeLessThan(4 * MB);
    expect(declaredRowBytes([id, body]).text).toBeGreaterThan(1024 * MB);
  });
});

describe('judgePacket', () => {
  const rows = [
    { name: 'shop.docs', bytes: { raw: 9 * MB, text: 18 * MB } },
    { name: 'shop.small', bytes: { raw: 1000, text: 2000 } },
  ];

  it('fails a target whose packet is smaller than the largest INSERT, with SET GLOBAL', () => {
    const r = judgePacket({ role: 'target', flavor: 'oceanbase', packet: 16 * MB }, rows);
    expect(r.status).toBe('fail');
    expect(r.objects).toEqual(['shop.docs']);
    expect(r.sql).toBe(`SET GLOBAL max_allowed_packet = ${23 * MB};`);
    expect(r.fix).toContain('no session value');
  });

  it('compares the source by stored size', () => {
    expect(judgePacket({ role: 'source', flavor: 'mysql', packet: 16 * MB }, rows).status).toBe(
      'pass',
    );
    expect(judgePacket({ role: 'source', flavor: 'mysql', packet: 8 * MB }, rows).status).toBe(
      'fail',
    );
  });

  it('says when no packet can hold the row', () => {
    const huge = [{ name: 'shop.huge', bytes: { raw: 600 * MB, text: 1200 * MB } }];
    const r = judgePacket({ role: 'target', flavor: 'mysql', packet: 64 * MB }, huge);
    expect(r.status).toBe('fail');
    expect(r.sql).toBeUndefined();
    expect(r.detail).toContain('1 GB');
  });

  it('rounds the suggestion up to whole MB with a margin, capped at 1 GB', () => {
    expect(suggestedPacket(10 * MB)).toBe(13 * MB);
    expect(suggestedPacket(900 * MB)).toBe(1024 * MB);
    expect(suggestedPacket(1025 * MB)).toBeNull();
  });
});
