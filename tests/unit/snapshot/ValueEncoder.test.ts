import { describe, expect, it } from 'vitest';
import { encoderFor } from '../../../src/engine/snapshot/ValueEncoder.js';
import { column } from '../schema/fixtures.js';

const col = (dataType: string, charset: string | null = null) => column('c', dataType, { charset });

const enc = (
  dataType: string,
  raw: string | Buffer | null,
  charset: string | null = null,
): string =>
  encoderFor(col(dataType, charset))(typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw);

describe('encoderFor', () => {
  it('writes numbers and temporals as their exact text', () => {
    expect(enc('bigint', '-9223372036854775808')).toBe('-9223372036854775808');
    expect(
      enc('decimal', '-12345678901234567890123456789012345.123456789012345678901234567890'),
    ).toBe('-12345678901234567890123456789012345.123456789012345678901234567890');
    expect(enc('double', '1.7976931348623157e308')).toBe('1.7976931348623157e308');
    expect(enc('year', '2155')).toBe('2155');
    expect(enc('time', '-838:59:59.000000')).toBe("'-838:59:59.000000'");
    expect(enc('datetime', '0000-00-00 00:00:00')).toBe("'0000-00-00 00:00:00'");
  });

  it('refuses text that is not a number where a number is expected', () => {
    expect(() => enc('int', '1); DROP TABLE t; --')).toThrow(/cannot copy exactly/);
    expect(() => enc('date', "2024-01-01' OR '1")).toThrow(/cannot copy exactly/);
  });

  it('writes strings as hex in their own charset, and utf8mb3 as utf8mb4', () => {
    expect(enc('varchar', Buffer.from([0xe9, 0x81]), 'latin1')).toBe("_latin1 X'e981'");
    expect(enc('text', Buffer.from('😀', 'utf8'), 'utf8mb4')).toBe("_utf8mb4 X'f09f9880'");
    expect(enc('char', Buffer.from('a'), 'utf8mb3')).toBe("_utf8mb4 X'61'");
    expect(enc('enum', Buffer.alloc(0), 'utf8mb4')).toBe("_utf8mb4 X''");
    expect(enc('json', Buffer.from('{"a":1}'))).toBe(
      `_utf8mb4 X'${Buffer.from('{"a":1}').toString('hex')}'`,
    );
  });

  it('writes binary data, BIT and geometry as plain hex, and NULL as NULL', () => {
    expect(enc('varbinary', Buffer.from([0, 255]))).toBe("X'00ff'");
    expect(enc('bit', Buffer.from([1]))).toBe("X'01'");
    expect(enc('longblob', Buffer.alloc(0))).toBe("X''");
    expect(enc('point', Buffer.from([0, 0, 0, 0, 1]))).toBe("X'0000000001'");
    expect(enc('varchar', null, 'utf8mb4')).toBe('NULL');
    expect(enc('int', null)).toBe('NULL');
  });

  it('rejects a type it does not know rather than guessing', () => {
    expect(() => encoderFor(col('vector'))).toThrow(/does not know how to copy/);
  });
});
