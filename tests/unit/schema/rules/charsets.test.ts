import { describe, expect, it } from 'vitest';
import type { TableDef } from '../../../../src/shared/catalog.js';
import { charsetSupportRule } from '../../../../src/engine/schema/rules/charsetSupport.js';
import { collationsRule } from '../../../../src/engine/schema/rules/collations.js';
import {
  closestCollation,
  supportsCharset,
  supportsCollation,
  supportsUnicodeCi,
} from '../../../../src/engine/schema/rules/ObCharsets.js';
import { utf8mb3Rule } from '../../../../src/engine/schema/rules/utf8mb3.js';
import type { ServerInfo } from '../../../../src/shared/catalog.js';
import { column, mysqlTarget, obTarget, table } from '../fixtures.js';

const ctx = (target: ServerInfo, convertUnsupportedCharsets = false) => ({
  target,
  convertUnsupportedCharsets,
});

const charsetsOf = (t: TableDef) => [
  ['table', t.charset, t.collation],
  ...t.columns.map((c) => [c.name, c.charset, c.collation]),
];

describe('OceanBase charsets and collations by release', () => {
  it.each([
    ['3.2.4', ['utf8mb4', 'binary'], ['gbk', 'utf16', 'gb18030', 'latin1', 'ascii']],
    ['4.0.0', ['utf8mb4', 'binary', 'gbk', 'utf16', 'gb18030'], ['latin1', 'ascii']],
    ['4.1.0', ['utf8mb4', 'binary', 'gbk', 'utf16', 'gb18030', 'latin1'], ['ascii', 'utf8']],
  ])('%s', (version, supported, unsupported) => {
    const target = obTarget(version);
    for (const cs of supported) expect(supportsCharset(target, cs)).toBe(true);
    for (const cs of unsupported) expect(supportsCharset(target, cs)).toBe(false);
  });

  it('utf8mb4_unicode_ci from 4.1 (Enterprise) and 4.2.2 (Community)', () => {
    expect(supportsUnicodeCi(obTarget('4.0.0'))).toBe(false);
    expect(supportsUnicodeCi(obTarget('4.1.0'))).toBe(true);
    expect(supportsUnicodeCi(obTarget('4.2.1', { ce: true }))).toBe(false);
    expect(supportsUnicodeCi(obTarget('4.2.2', { ce: true }))).toBe(true);
    expect(supportsCollation(obTarget('4.1.0'), 'utf8mb4_unicode_ci')).toBe(true);
  });

  it('never has the MySQL 8 0900 collations', () => {
    expect(supportsCollation(obTarget('4.3.3'), 'utf8mb4_0900_ai_ci')).toBe(false);
    expect(supportsCollation(obTarget('3.1.0'), 'utf8mb4_bin')).toBe(true);
    expect(supportsCollation(obTarget('4.0.0'), 'gbk_chinese_ci')).toBe(true);
    expect(supportsCollation(obTarget('4.1.0'), 'latin1_swedish_ci')).toBe(true);
  });

  it('closestCollation keeps case sensitivity and prefers unicode_ci', () => {
    expect(closestCollation(obTarget('4.0.0'), 'utf8mb4', 'utf8mb4_0900_ai_ci')).toBe(
      'utf8mb4_general_ci',
    );
    expect(closestCollation(obTarget('4.1.0'), 'utf8mb4', 'utf8mb4_0900_ai_ci')).toBe(
      'utf8mb4_unicode_ci',
    );
    expect(closestCollation(obTarget('4.1.0'), 'utf8mb4', 'utf8mb4_0900_bin')).toBe('utf8mb4_bin');
    expect(closestCollation(obTarget('4.1.0'), 'utf8mb4', 'utf8mb4_0900_as_cs')).toBe(
      'utf8mb4_bin',
    );
    expect(closestCollation(obTarget('4.1.0'), 'latin1', 'latin1_german1_ci')).toBe(
      'latin1_swedish_ci',
    );
    expect(closestCollation(obTarget('4.1.0'), 'binary', 'binary')).toBe('binary');
  });
});

describe('oceanbase.charset.utf8mb3', () => {
  const source = table({
    charset: 'utf8',
    collation: 'utf8_general_ci',
    columns: [
      column('a', 'varchar(10)', { charset: 'utf8mb3', collation: 'utf8mb3_bin' }),
      column('b', 'text', { charset: 'utf8', collation: 'utf8_general_ci' }),
      column('c', 'varchar(10)'),
      column('n', 'int(11)'),
    ],
  });

  it('applies to OceanBase only', () => {
    expect(utf8mb3Rule.appliesTo(obTarget('3.1.0'))).toBe(true);
    expect(utf8mb3Rule.appliesTo(mysqlTarget())).toBe(false);
  });

  it('turns utf8/utf8mb3 into utf8mb4 with matching collations, one line per mapping', () => {
    const { table: t, changes } = utf8mb3Rule.apply(source, ctx(obTarget('4.2.1')));
    expect(charsetsOf(t)).toEqual([
      ['table', 'utf8mb4', 'utf8mb4_general_ci'],
      ['a', 'utf8mb4', 'utf8mb4_bin'],
      ['b', 'utf8mb4', 'utf8mb4_general_ci'],
      ['c', 'utf8mb4', 'utf8mb4_general_ci'],
      ['n', null, null],
    ]);
    expect(changes.map((c) => [c.rule, c.action, c.severity])).toEqual([
      [
        'oceanbase.charset.utf8mb3',
        'utf8/utf8_general_ci → utf8mb4/utf8mb4_general_ci (table default, column b)',
        'info',
      ],
      ['oceanbase.charset.utf8mb3', 'utf8mb3/utf8mb3_bin → utf8mb4/utf8mb4_bin (column a)', 'info'],
    ]);
  });

  it('converts database defaults', () => {
    const result = utf8mb3Rule.applyToDatabase?.(
      { name: 'shop', charset: 'utf8mb3', collation: 'utf8mb3_unicode_ci' },
      ctx(obTarget('4.1.0')),
    );
    expect(result?.database).toEqual({
      name: 'shop',
      charset: 'utf8mb4',
      collation: 'utf8mb4_unicode_ci',
    });
    expect(result?.changes.map((c) => c.object)).toEqual(['shop']);
  });
});

describe('oceanbase.charset (charsets the release lacks)', () => {
  const latin1Table = table({
    charset: 'latin1',
    collation: 'latin1_swedish_ci',
    columns: [
      column('id', 'int(11)'),
      column('name', 'varchar(20)', { charset: 'latin1', collation: 'latin1_swedish_ci' }),
      column('code', 'char(4)', { charset: 'latin1', collation: 'latin1_bin' }),
      column('zh', 'varchar(20)', { charset: 'gbk', collation: 'gbk_chinese_ci' }),
    ],
  });

  it('blocks latin1 columns on 4.0 and gbk and latin1 on 3.x; converts the table default', () => {
    const on40 = charsetSupportRule.apply(latin1Table, ctx(obTarget('4.0.0')));
    expect(on40.blocked?.map((c) => [c.object, c.rule, c.severity, c.action])).toEqual([
      [
        'shop.orders',
        'oceanbase.charset.unsupported',
        'warn',
        'charset latin1 is not supported by OceanBase 4.0.0 (columns name, code); set options.convertUnsupportedCharsets to true to convert them to utf8mb4, or leave the table out',
      ],
    ]);
    expect(charsetsOf(on40.table)).toEqual([
      ['table', 'utf8mb4', 'utf8mb4_general_ci'],
      ['id', null, null],
      ['name', 'latin1', 'latin1_swedish_ci'],
      ['code', 'latin1', 'latin1_bin'],
      ['zh', 'gbk', 'gbk_chinese_ci'],
    ]);
    expect(on40.changes.map((c) => c.action)).toEqual([
      'latin1/latin1_swedish_ci → utf8mb4/utf8mb4_general_ci (table default): converted to a charset the target has',
    ]);

    const on32 = charsetSupportRule.apply(latin1Table, ctx(obTarget('3.2.4')));
    expect(on32.blocked?.map((c) => c.action.split(' (')[0])).toEqual([
      'charset latin1 is not supported by OceanBase 3.2.4',
      'charset gbk is not supported by OceanBase 3.2.4',
    ]);
  });

  it('lets latin1 through from 4.1', () => {
    const on41 = charsetSupportRule.apply(latin1Table, ctx(obTarget('4.1.0')));
    expect(on41.blocked).toEqual([]);
    expect(on41.changes).toEqual([]);
    expect(on41.table).toEqual(latin1Table);
  });

  it('converts to utf8mb4 with consent, keeping _bin binary', () => {
    const {
      table: t,
      changes,
      blocked,
    } = charsetSupportRule.apply(latin1Table, ctx(obTarget('4.0.0'), true));
    expect(blocked).toEqual([]);
    expect(charsetsOf(t)).toEqual([
      ['table', 'utf8mb4', 'utf8mb4_general_ci'],
      ['id', null, null],
      ['name', 'utf8mb4', 'utf8mb4_general_ci'],
      ['code', 'utf8mb4', 'utf8mb4_bin'],
      ['zh', 'gbk', 'gbk_chinese_ci'],
    ]);
    expect(changes.map((c) => [c.action.split(':')[0], c.severity])).toEqual([
      [
        'latin1/latin1_swedish_ci → utf8mb4/utf8mb4_general_ci (table default, column name)',
        'warn',
      ],
      ['latin1/latin1_bin → utf8mb4/utf8mb4_bin (column code)', 'warn'],
    ]);
  });

  it('converts an unsupported database default without consent', () => {
    const result = charsetSupportRule.applyToDatabase?.(
      { name: 'shop', charset: 'latin1', collation: 'latin1_swedish_ci' },
      ctx(obTarget('3.2.4')),
    );
    expect(result?.database).toEqual({
      name: 'shop',
      charset: 'utf8mb4',
      collation: 'utf8mb4_general_ci',
    });
    expect(result?.changes[0]?.severity).toBe('warn');
  });
});

describe('oceanbase.collation', () => {
  const mysql8Table = table({
    collation: 'utf8mb4_0900_ai_ci',
    columns: [
      column('id', 'int(11)'),
      column('name', 'varchar(20)', { collation: 'utf8mb4_0900_ai_ci' }),
      column('code', 'varchar(20)', { collation: 'utf8mb4_0900_bin' }),
      column('ok', 'varchar(20)', { collation: 'utf8mb4_bin' }),
    ],
  });

  it('maps 0900 collations to utf8mb4_general_ci before 4.1, with a warning about semantics', () => {
    const { table: t, changes } = collationsRule.apply(mysql8Table, ctx(obTarget('4.0.0')));
    expect(charsetsOf(t)).toEqual([
      ['table', 'utf8mb4', 'utf8mb4_general_ci'],
      ['id', null, null],
      ['name', 'utf8mb4', 'utf8mb4_general_ci'],
      ['code', 'utf8mb4', 'utf8mb4_bin'],
      ['ok', 'utf8mb4', 'utf8mb4_bin'],
    ]);
    expect(changes.map((c) => [c.rule, c.severity, c.action])).toEqual([
      [
        'oceanbase.collation',
        'warn',
        'utf8mb4/utf8mb4_0900_ai_ci → utf8mb4/utf8mb4_general_ci (table default, column name): string comparison, sorting and trailing-space (PAD) semantics change: precheck unique keys for new duplicates',
      ],
      [
        'oceanbase.collation',
        'warn',
        'utf8mb4/utf8mb4_0900_bin → utf8mb4/utf8mb4_bin (column code): string comparison, sorting and trailing-space (PAD) semantics change: precheck unique keys for new duplicates',
      ],
    ]);
  });

  it('maps to utf8mb4_unicode_ci where the release has it', () => {
    const collations = (target: ServerInfo) =>
      collationsRule.apply(mysql8Table, ctx(target)).table.columns[1]?.collation;
    expect(collations(obTarget('4.1.0'))).toBe('utf8mb4_unicode_ci');
    expect(collations(obTarget('4.2.1', { ce: true }))).toBe('utf8mb4_general_ci');
    expect(collations(obTarget('4.2.2', { ce: true }))).toBe('utf8mb4_unicode_ci');
  });

  it('treats an unknown OceanBase version as the oldest', () => {
    const { table: t } = collationsRule.apply(mysql8Table, ctx(obTarget(null)));
    expect(t.columns[1]?.collation).toBe('utf8mb4_general_ci');
  });

  it('leaves columns of unsupported charsets to the charset rule', () => {
    const t = table({
      columns: [column('a', 'varchar(5)', { charset: 'latin1', collation: 'latin1_german1_ci' })],
    });
    expect(collationsRule.apply(t, ctx(obTarget('4.0.0'))).changes).toEqual([]);
    expect(collationsRule.apply(t, ctx(obTarget('4.1.0'))).table.columns[0]?.collation).toBe(
      'latin1_swedish_ci',
    );
  });

  it('maps database defaults', () => {
    const result = collationsRule.applyToDatabase?.(
      { name: 'shop', charset: 'utf8mb4', collation: 'utf8mb4_0900_ai_ci' },
      ctx(obTarget('4.3.0')),
    );
    expect(result?.database.collation).toBe('utf8mb4_unicode_ci');
  });
});
