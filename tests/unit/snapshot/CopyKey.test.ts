import { describe, expect, it } from 'vitest';
import type { ColumnDef, IndexDef } from '../../../src/shared/catalog.js';
import { chooseCopyKey, rangeCondition } from '../../../src/engine/snapshot/CopyKey.js';
import { column, index as schemaIndex, part, table as schemaTable } from '../schema/fixtures.js';

const col = (
  name: string,
  dataType: string,
  nullable = false,
  charset: string | null = null,
): ColumnDef => column(name, dataType, { nullable, charset });

const index = (
  name: string,
  kind: IndexDef['kind'],
  columns: string[],
  subPart: number | null = null,
): IndexDef =>
  schemaIndex(
    name,
    kind,
    columns.map((c) => part(c, { subPart })),
  );

const table = (columns: ColumnDef[], indexes: IndexDef[]) => schemaTable({ columns, indexes });

const hex = (s: string): string => Buffer.from(s).toString('hex');

describe('chooseCopyKey', () => {
  const cols = [col('id', 'int'), col('code', 'varchar', false, 'latin1'), col('n', 'int', true)];

  it('prefers the primary key', () => {
    const t = table(cols, [index('u', 'unique', ['code']), index('PRIMARY', 'primary', ['id'])]);
    expect(chooseCopyKey(t, ['id', 'code', 'n'])?.columns.map((c) => c.name)).toEqual(['id']);
  });

  it('falls back to a NOT NULL unique key when the primary key is not copied', () => {
    const t = table(cols, [index('PRIMARY', 'primary', ['id']), index('u', 'unique', ['code'])]);
    expect(chooseCopyKey(t, ['code', 'n'])?.columns.map((c) => c.name)).toEqual(['code']);
  });

  it('refuses nullable unique keys and prefix parts', () => {
    const t = table(cols, [index('un', 'unique', ['n']), index('up', 'unique', ['code'], 4)]);
    expect(chooseCopyKey(t, ['id', 'code', 'n'])).toBeNull();
  });
});

describe('rangeCondition', () => {
  const t = table(
    [col('a', 'int'), col('b', 'varchar', false, 'latin1'), col('c', 'date')],
    [index('PRIMARY', 'primary', ['a', 'b', 'c'])],
  );
  const key = chooseCopyKey(t, ['a', 'b', 'c']);
  if (!key) throw new Error('no key');

  it('spells out a composite lower < key <= upper column by column', () => {
    expect(
      rangeCondition(
        key,
        [hex('1'), hex('x'), hex('2024-01-01')],
        [hex('5'), hex('é'), hex('2024-02-01')],
      ),
    ).toBe(
      "((`a` > 1) OR (`a` = 1 AND `b` > _latin1 X'78') OR (`a` = 1 AND `b` = _latin1 X'78' AND `c` > '2024-01-01'))" +
        " AND ((`a` < 5) OR (`a` = 5 AND `b` < _latin1 X'c3a9') OR (`a` = 5 AND `b` = _latin1 X'c3a9' AND `c` <= '2024-02-01'))",
    );
  });

  it('leaves open ends out', () => {
    expect(rangeCondition(key, null, null)).toBe('1 = 1');
    expect(rangeCondition(key, null, [hex('5'), hex('x'), hex('2024-02-01')])).toMatch(
      /^\(\(`a` < 5\)/,
    );
  });
});
