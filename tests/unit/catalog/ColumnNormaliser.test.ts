import { describe, expect, it } from 'vitest';
import {
  isMariaDbJsonCheck,
  normaliseColumn,
  type ColumnRow,
} from '../../../src/engine/catalog/ColumnNormaliser.js';

function row(over: Partial<ColumnRow>): ColumnRow {
  return {
    COLUMN_NAME: 'c',
    COLUMN_TYPE: 'varchar(10)',
    DATA_TYPE: 'varchar',
    IS_NULLABLE: 'YES',
    COLUMN_DEFAULT: null,
    EXTRA: '',
    GENERATION_EXPRESSION: null,
    CHARACTER_SET_NAME: 'utf8mb4',
    COLLATION_NAME: 'utf8mb4_general_ci',
    COLUMN_COMMENT: '',
    ...over,
  };
}

describe('MariaDB defaults (printed as SQL)', () => {
  it('unquotes string literals, keeping quotes and backslashes inside', () => {
    const c = normaliseColumn(row({ COLUMN_DEFAULT: "'x''y\\\\z'" }), 'mariadb', false);
    expect(c.default).toEqual({ kind: 'literal', value: "x'y\\z" });
  });
  it('tells the word NULL from the string NULL', () => {
    expect(normaliseColumn(row({ COLUMN_DEFAULT: 'NULL' }), 'mariadb', false).default).toEqual({
      kind: 'null',
    });
    expect(normaliseColumn(row({ COLUMN_DEFAULT: "'NULL'" }), 'mariadb', false).default).toEqual({
      kind: 'literal',
      value: 'NULL',
    });
    expect(normaliseColumn(row({ COLUMN_DEFAULT: null }), 'mariadb', false).default).toEqual({
      kind: 'none',
    });
  });
  it('keeps numbers and bit literals as literals, functions as expressions', () => {
    expect(normaliseColumn(row({ COLUMN_DEFAULT: '1.50' }), 'mariadb', false).default).toEqual({
      kind: 'literal',
      value: '1.50',
    });
    expect(normaliseColumn(row({ COLUMN_DEFAULT: "b'101'" }), 'mariadb', false).default).toEqual({
      kind: 'literal',
      value: "b'101'",
    });
    const ts = normaliseColumn(
      row({
        DATA_TYPE: 'timestamp',
        COLUMN_DEFAULT: 'current_timestamp(3)',
        EXTRA: 'on update current_timestamp(3)',
      }),
      'mariadb',
      false,
    );
    expect(ts.default).toEqual({ kind: 'expression', sql: 'current_timestamp(3)' });
    expect(ts.onUpdate).toBe('current_timestamp(3)');
  });
  it('reports the JSON alias as json without a charset', () => {
    const c = normaliseColumn(
      row({ COLUMN_TYPE: 'longtext', DATA_TYPE: 'longtext' }),
      'mariadb',
      true,
    );
    expect(c.columnType).toBe('json');
    expect(c.charset).toBeNull();
    expect(isMariaDbJsonCheck('g', 'json_valid(`g`)')).toBe(true);
    expect(isMariaDbJsonCheck('g', 'json_valid(`h`)')).toBe(false);
  });
});

describe('MySQL defaults (printed bare)', () => {
  it('reads DEFAULT NULL from nullability', () => {
    expect(normaliseColumn(row({}), 'mysql', false).default).toEqual({ kind: 'null' });
    expect(normaliseColumn(row({ IS_NULLABLE: 'NO' }), 'mysql', false).default).toEqual({
      kind: 'none',
    });
  });
  it('keeps literals unquoted, the string NULL included', () => {
    expect(normaliseColumn(row({ COLUMN_DEFAULT: "x'y" }), 'mysql', false).default).toEqual({
      kind: 'literal',
      value: "x'y",
    });
    expect(normaliseColumn(row({ COLUMN_DEFAULT: 'NULL' }), 'mysql', false).default).toEqual({
      kind: 'literal',
      value: 'NULL',
    });
  });
  it('marks DEFAULT_GENERATED and 5.7 CURRENT_TIMESTAMP as expressions', () => {
    expect(
      normaliseColumn(
        row({ COLUMN_DEFAULT: '(rand())', EXTRA: 'DEFAULT_GENERATED' }),
        'mysql',
        false,
      ).default,
    ).toEqual({ kind: 'expression', sql: '(rand())' });
    expect(
      normaliseColumn(
        row({ DATA_TYPE: 'timestamp', COLUMN_DEFAULT: 'CURRENT_TIMESTAMP', IS_NULLABLE: 'NO' }),
        'mysql',
        false,
      ).default,
    ).toEqual({ kind: 'expression', sql: 'CURRENT_TIMESTAMP' });
  });
  it('gives generated columns no default', () => {
    const c = normaliseColumn(
      row({ GENERATION_EXPRESSION: '(`a` + 1)', EXTRA: 'STORED GENERATED' }),
      'mysql',
      false,
    );
    expect(c.default).toEqual({ kind: 'none' });
    expect(c.generated).toEqual({ expression: '(`a` + 1)', stored: true });
  });
});
