import { describe, expect, it } from 'vitest';
import { canonical, rowText } from '../../../src/engine/verify/Canonical.js';
import { column } from '../precheck/fixtures.js';

describe('canonical', () => {
  it('renders numbers as digits, floats widened with the sign of zero kept', () => {
    expect(canonical(column('n', 'bigint(20)'), false)).toBe('CAST(`n` AS CHAR)');
    expect(canonical(column('f', 'float'), false)).toBe(
      "IF(`f` = 0 AND ATAN2(`f`, -1) < 0, '-0', CAST(`f` * 1e0 AS CHAR))",
    );
    expect(canonical(column('b', 'bit(8)'), false)).toBe('CAST(`b` + 0 AS CHAR)');
    expect(canonical(column('d', 'datetime(6)'), false)).toBe('CAST(`d` AS CHAR)');
  });

  it('compares strings by their bytes, in utf8mb4 where the target converted the charset', () => {
    const s = column('s', 'varchar(10)', { charset: 'latin1' });
    expect(canonical(s, false)).toBe('HEX(`s`)');
    expect(canonical(s, true)).toBe('HEX(CONVERT(`s` USING utf8mb4))');
    expect(canonical(column('g', 'geometry'), false)).toBe('HEX(`g`)');
  });

  it('joins a row with a separator no canonical form contains, NULL apart from empty', () => {
    expect(rowText(['HEX(`a`)', 'CAST(`b` AS CHAR)'])).toBe(
      "CONCAT_WS('#', IFNULL(HEX(`a`), 'N'), IFNULL(CAST(`b` AS CHAR), 'N'))",
    );
  });
});
