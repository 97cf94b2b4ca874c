import { describe, expect, it } from 'vitest';
import {
  keyText,
  repairCounts,
  repairCountsText,
  shownVerification,
  summaryLine,
  verdict,
} from '../../../../src/renderer/task/verificationView.js';
import { report, tableReport } from './fixtures.js';

describe('verification view', () => {
  it('sums up the tables in the engine’s words', () => {
    expect(summaryLine(report([tableReport(), tableReport({ source: 'shop.items' })]))).toBe(
      'All 2 tables are consistent.',
    );
    expect(
      summaryLine(report([tableReport(), tableReport({ differenceCount: 3 }), tableReport()])),
    ).toBe('1 of 3 tables differ.');
    expect(summaryLine(report([]))).toBe('No tables were compared.');
  });

  it('calls a table different when rows differ', () => {
    expect(verdict(tableReport())).toBe('Consistent');
    expect(verdict(tableReport({ differenceCount: 1 }))).toBe('Different');
  });

  it('writes a key as column=value pairs in key order', () => {
    expect(keyText({ id: '5', region: '0x4555' })).toBe('id=5, region=0x4555');
  });

  it('shows the newer of this window’s run and the stored report', () => {
    const older = report([tableReport()], '2025-01-01T09:00:00Z');
    const newer = report([tableReport({ differenceCount: 1 })], '2025-01-01T10:00:00Z');
    const run = {
      report: older,
      repairs: [{ table: 'shop.orders', statements: ['X'] }],
      repaired: false,
    };
    expect(shownVerification(run, newer)).toEqual({ report: newer, repairs: [], repaired: false });
    const fresh = { ...run, report: newer };
    expect(shownVerification(fresh, older)?.repairs).toHaveLength(1);
    expect(shownVerification(null, null)).toBeNull();
  });

  it('counts the repair statements and the tables they touch', () => {
    const counts = repairCounts([
      { table: 'a', statements: ['1', '2'] },
      { table: 'b', statements: [] },
      { table: 'c', statements: ['3'] },
    ]);
    expect(counts).toEqual({ statements: 3, tables: 2 });
    expect(repairCountsText(counts)).toBe('3 statements for 2 tables');
    expect(repairCountsText({ statements: 1, tables: 1 })).toBe('1 statement for 1 table');
    expect(repairCountsText({ statements: 1200, tables: 1 })).toBe('1,200 statements for 1 table');
  });
});
