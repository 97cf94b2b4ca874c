import { describe, expect, it } from 'vitest';
import { describeLimits, parseLimit } from '../../../../src/renderer/task/throttleForm.js';

describe('throttle form', () => {
  it('takes whole numbers, with separators, 0 meaning unlimited', () => {
    expect(parseLimit('50000')).toEqual({ ok: true, value: 50000 });
    expect(parseLimit(' 1,000,000 ')).toEqual({ ok: true, value: 1_000_000 });
    expect(parseLimit('0')).toEqual({ ok: true, value: 0 });
  });

  it('refuses what is not a whole number of 0 or more', () => {
    for (const text of ['', '-5', '1.5', 'fast', '1e6']) {
      expect(parseLimit(text).ok).toBe(false);
    }
    expect(parseLimit('99999999999999999999').ok).toBe(false);
  });

  it('says which limits are in force', () => {
    expect(describeLimits({ rowsPerSecond: 50000, bytesPerSecond: 0 })).toBe(
      '50,000 rows/s, unlimited bytes/s',
    );
    expect(describeLimits({ rowsPerSecond: 0, bytesPerSecond: 10 * 1024 * 1024 })).toBe(
      'unlimited rows/s, 10 MiB/s',
    );
  });
});
