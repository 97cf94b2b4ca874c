import { describe, expect, it } from 'vitest';
import {
  identityKey,
  keyColumnsLeftOut,
  primaryKeySuggestion,
} from '../../../src/engine/precheck/Keys.js';
import { column, index, mariadb, server, table } from './fixtures.js';

describe('identityKey', () => {
  it('prefers the primary key', () => {
    const t = table(
      't',
      [column('id', 'int(11)', { nullable: false })],
      [index('PRIMARY', 'primary', ['id'])],
    );
    expect(identityKey(t)?.name).toBe('PRIMARY');
  });

  it('accepts a unique key only over NOT NULL columns', () => {
    const nullable = table('t', [column('code', 'varchar(10)')], [index('u', 'unique', ['code'])]);
    expect(identityKey(nullable)).toBeNull();
    const notNull = table(
      't',
      [column('code', 'varchar(10)', { nullable: false })],
      [index('u', 'unique', ['code'])],
    );
    expect(identityKey(notNull)?.name).toBe('u');
  });
});

describe('keyColumnsLeftOut', () => {
  const t = table(
    't',
    [
      column('a', 'int(11)', { nullable: false }),
      column('b', 'int(11)', { nullable: false }),
      column('c', 'text'),
    ],
    [index('PRIMARY', 'primary', ['a', 'b'])],
  );

  it('names key columns a subset leaves out', () => {
    expect(keyColumnsLeftOut(t, ['a', 'c'])).toEqual(['b']);
    expect(keyColumnsLeftOut(t, ['A', 'B'])).toEqual([]);
    expect(keyColumnsLeftOut(t, null)).toEqual([]);
  });
});

describe('primaryKeySuggestion', () => {
  it('adds an invisible key column where the source supports it', () => {
    const t = table('log', [column('msg', 'text')]);
    expect(primaryKeySuggestion(t, mariadb())).toBe(
      'ALTER TABLE `shop`.`log` ADD COLUMN `my_row_id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT INVISIBLE PRIMARY KEY;',
    );
    expect(
      primaryKeySuggestion(t, server({ version: { major: 5, minor: 7, patch: 44 } })),
    ).not.toContain('INVISIBLE');
  });

  it('makes an existing AUTO_INCREMENT column the key', () => {
    const t = table(
      'log',
      [column('n', 'int(11)', { autoIncrement: true, nullable: false })],
      [index('n', 'index', ['n'])],
    );
    expect(primaryKeySuggestion(t, server())).toBe(
      'ALTER TABLE `shop`.`log` ADD PRIMARY KEY (`n`);',
    );
  });
});
