import { describe, expect, it } from 'vitest';
import { encodeTsvRow } from '../../../src/engine/snapshot/TsvEncoder.js';

function line(row: (Buffer | null)[], plain = row.map(() => false)): { text: string; raw: number } {
  const parts: Buffer[] = [];
  const size = { encoded: 0, raw: 0 };
  encodeTsvRow(row, plain, parts, size);
  const out = Buffer.concat(parts);
  expect(out.length).toBe(size.encoded);
  return { text: out.toString('latin1'), raw: size.raw };
}

describe('encodeTsvRow', () => {
  it('separates fields with tabs, ends with a newline, and writes NULL as \\N', () => {
    expect(line([Buffer.from('1'), null, Buffer.from('x')]).text).toBe('1\t\\N\tx\n');
  });

  it('escapes the bytes that would end a field or a line, or start an escape', () => {
    const value = Buffer.from([0x61, 0x09, 0x0a, 0x5c, 0x00, 0x62]);
    expect(line([value]).text).toBe('a\\t\\n\\\\\\0b\n');
    expect(line([Buffer.from('\\N')]).text).toBe('\\\\N\n');
  });

  it('passes every other byte as it is, and counts raw bytes', () => {
    const all = Buffer.from(
      Array.from({ length: 256 }, (_, i) => i).filter((b) => ![0, 9, 10, 92].includes(b)),
    );
    const r = line([all, Buffer.alloc(0)]);
    expect(Buffer.from(r.text, 'latin1').subarray(0, all.length).equals(all)).toBe(true);
    expect(r.raw).toBe(all.length);
  });

  it('skips the scan for plain columns', () => {
    expect(line([Buffer.from('-12.5'), Buffer.from('2024-01-01')], [true, true]).text).toBe(
      '-12.5\t2024-01-01\n',
    );
  });
});
