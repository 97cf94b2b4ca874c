import { describe, expect, it } from 'vitest';
import { jsonText, prettyJson, RawJson } from '../../../src/engine/sinks/kafka/JsonText.js';
import {
  readEvent,
  RowEncoder,
  type KafkaTable,
} from '../../../src/engine/sinks/kafka/KafkaEvent.js';

const column = (name: string, kind: 'integer' | 'text') => ({
  name,
  kind,
  columnType: kind === 'integer' ? 'bigint(20) unsigned' : 'varchar(20)',
  charset: kind === 'text' ? 'utf8mb4' : null,
  members: [],
  bits: 0,
});

const KEYED: KafkaTable = {
  database: 'shop',
  table: 'orders',
  columns: [column('id', 'integer'), column('note', 'text')],
  key: ['id'],
};
const KEYLESS: KafkaTable = { ...KEYED, table: 'notes', key: [] };

describe('prettyJson', () => {
  it('indents without going through numbers, so exact digits and strings stay as they are', () => {
    const text = jsonText({
      big: new RawJson('18446744073709551615'),
      s: 'a, "b": {c} [d]\\',
      j: new RawJson('{"a": [1, 2.50]}'),
      none: {},
      list: [],
    });
    expect(prettyJson(text)).toBe(
      [
        '{',
        '  "big": 18446744073709551615,',
        '  "s": "a, \\"b\\": {c} [d]\\\\",',
        '  "j": {',
        '    "a": [',
        '      1,',
        '      2.50',
        '    ]',
        '  },',
        '  "none": {},',
        '  "list": []',
        '}',
      ].join('\n'),
    );
    expect(JSON.parse(prettyJson(text))).toEqual(JSON.parse(text));
  });
});

describe('readEvent', () => {
  it('is a row of the full copy, its id naming the row by key, or by place when keyless', () => {
    const encoder = new RowEncoder();
    const values = { id: Buffer.from('18446744073709551615'), note: Buffer.from('hi') };
    expect(readEvent(encoder, KEYED, values, 1000, 7)).toEqual({
      kind: 'row',
      op: 'read',
      table: KEYED,
      before: null,
      after: values,
      sourceMs: 1000,
      position: null,
      id: 'copy:shop.orders:{"id":18446744073709551615}',
    });
    expect(readEvent(encoder, KEYLESS, values, 1000, 7).id).toBe('copy:shop.notes:7');
  });
});
