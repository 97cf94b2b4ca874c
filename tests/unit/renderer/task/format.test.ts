import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatBytes,
  formatCompact,
  formatDuration,
  formatEta,
  formatLag,
  formatNumber,
  formatPercent,
  formatRowsPerSecond,
  formatSeconds,
} from '../../../../src/renderer/format.js';

describe('format', () => {
  it('groups thousands and rounds to whole numbers', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(0)).toBe('0');
    expect(formatRowsPerSecond(12000.4)).toBe('12,000 rows/s');
  });

  it('sizes bytes in binary units with a decimal only below ten', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MiB');
  });

  it('never shows 100% before the end', () => {
    expect(formatPercent(0.999)).toBe('99%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.246)).toBe('24%');
    expect(formatPercent(Number.NaN)).toBe('0%');
  });

  it('says durations with their two largest units', () => {
    expect(formatDuration(3)).toBe('3 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(180)).toBe('3 min');
    expect(formatDuration(2 * 3600 + 5 * 60 + 9)).toBe('2 h 5 min');
    expect(formatDuration(27 * 3600)).toBe('1 d 3 h');
    expect(formatDuration(-4)).toBe('0 s');
  });

  it('has no ETA without a pace', () => {
    expect(formatEta(3.2)).toBe('ETA 3 s');
    expect(formatEta(null)).toBeNull();
    expect(formatEta(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('shows lag in ms below a second and in tenths of seconds above', () => {
    expect(formatLag(3)).toBe('3 ms');
    expect(formatLag(999.4)).toBe('999 ms');
    expect(formatLag(1000)).toBe('1.0 s');
    expect(formatLag(12_345)).toBe('12.3 s');
    expect(formatLag(null)).toBe('—');
  });

  it('tells how long ago', () => {
    const now = Date.parse('2025-01-01T10:03:20.000Z');
    expect(formatAgo('2025-01-01T10:03:18.000Z', now)).toBe('just now');
    expect(formatAgo('2025-01-01T10:00:00.000Z', now)).toBe('3 min 20 s ago');
  });

  it('keeps axis labels and short timings short', () => {
    expect(formatCompact(12_000)).toBe('12K');
    expect(formatCompact(3_500_000)).toBe('3.5M');
    expect(formatSeconds(0.42)).toBe('0.4 s');
    expect(formatSeconds(200)).toBe('3 min 20 s');
  });
});
