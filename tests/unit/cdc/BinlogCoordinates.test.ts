import { describe, expect, it } from 'vitest';
import { compareBinlog } from '../../../src/engine/cdc/BinlogCoordinates.js';

describe('compareBinlog', () => {
  it('orders files by their number, then offsets', () => {
    expect(
      compareBinlog({ file: 'b.000010', pos: 4 }, { file: 'b.000009', pos: 900 }),
    ).toBeGreaterThan(0);
    expect(
      compareBinlog({ file: 'b.000009', pos: 4 }, { file: 'b.000009', pos: 900 }),
    ).toBeLessThan(0);
    expect(compareBinlog({ file: 'b.000009', pos: 900 }, { file: 'b.000009', pos: 900 })).toBe(0);
  });

  it('orders past 999999 where names grow a digit', () => {
    expect(
      compareBinlog({ file: 'b.1000000', pos: 4 }, { file: 'b.999999', pos: 4 }),
    ).toBeGreaterThan(0);
  });
});
