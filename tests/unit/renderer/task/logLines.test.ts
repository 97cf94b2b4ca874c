import { describe, expect, it } from 'vitest';
import { filterLog, type LogLine } from '../../../../src/renderer/task/logLines.js';

const lines: LogLine[] = [
  { id: 0, ts: 't', level: 'info', message: 'Copy started' },
  { id: 1, ts: 't', level: 'warn', message: 'Skipped trigger shop.audit' },
  { id: 2, ts: 't', level: 'error', message: 'Lost the connection', code: 'CONNECT_REFUSED' },
  { id: 3, ts: 't', level: 'info', message: 'Copied shop.orders' },
];

const ids = (l: LogLine[]): number[] => l.map((x) => x.id);

describe('log filter', () => {
  it('shows one level at a time, or all', () => {
    expect(ids(filterLog(lines, 'all', ''))).toEqual([0, 1, 2, 3]);
    expect(ids(filterLog(lines, 'info', ''))).toEqual([0, 3]);
    expect(ids(filterLog(lines, 'warn', ''))).toEqual([1]);
    expect(ids(filterLog(lines, 'error', ''))).toEqual([2]);
  });

  it('searches messages and codes regardless of case, with the level', () => {
    expect(ids(filterLog(lines, 'all', 'SHOP.'))).toEqual([1, 3]);
    expect(ids(filterLog(lines, 'all', 'refused'))).toEqual([2]);
    expect(ids(filterLog(lines, 'info', 'shop'))).toEqual([3]);
    expect(ids(filterLog(lines, 'all', '   '))).toEqual([0, 1, 2, 3]);
  });
});
