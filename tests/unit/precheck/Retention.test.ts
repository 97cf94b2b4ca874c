import { describe, expect, it } from 'vitest';
import { judgeRetention } from '../../../src/engine/precheck/BinlogCheck.js';
import {
  binlogRetention,
  formatDuration,
  retentionSql,
} from '../../../src/engine/precheck/Retention.js';

const mysql8 = (seconds: string, days: string | null = '0', autoPurge: string | null = 'ON') => ({
  binlogExpireLogsSeconds: seconds,
  expireLogsDays: days,
  binlogExpireLogsAutoPurge: autoPurge,
});
const mysql57 = (days: string) => ({
  binlogExpireLogsSeconds: null,
  expireLogsDays: days,
  binlogExpireLogsAutoPurge: null,
});

describe('binlogRetention', () => {
  it('uses binlog_expire_logs_seconds when it is set (MySQL 8 default: 30 days)', () => {
    expect(binlogRetention(mysql8('2592000'))).toEqual({
      seconds: 2_592_000,
      variable: 'binlog_expire_logs_seconds',
    });
  });

  it('falls back to expire_logs_days when the seconds are 0', () => {
    expect(binlogRetention(mysql8('0', '3'))).toEqual({
      seconds: 259_200,
      variable: 'expire_logs_days',
    });
  });

  it('reads MySQL 5.7 and fractional MariaDB days', () => {
    expect(binlogRetention(mysql57('7')).seconds).toBe(604_800);
    expect(binlogRetention(mysql57('0.500000')).seconds).toBe(43_200);
  });

  it('reports no expiry when both are 0 (MariaDB default)', () => {
    expect(binlogRetention(mysql8('0', '0.000000'))).toEqual({
      seconds: null,
      variable: 'binlog_expire_logs_seconds',
    });
    expect(binlogRetention(mysql57('0'))).toEqual({ seconds: null, variable: 'expire_logs_days' });
  });

  it('reports no expiry when MySQL 8.0.29+ auto purge is off', () => {
    expect(binlogRetention(mysql8('3600', '0', 'OFF'))).toEqual({
      seconds: null,
      variable: 'binlog_expire_logs_auto_purge',
    });
  });
});

describe('judgeRetention', () => {
  it('passes a day or more and never-expiring binlogs', () => {
    expect(judgeRetention(mysql8('86400')).status).toBe('pass');
    expect(judgeRetention(mysql57('0')).status).toBe('pass');
  });

  it('warns under 24 hours with the setting to raise', () => {
    const r = judgeRetention(mysql8('3600'));
    expect(r.status).toBe('warn');
    expect(r.detail).toContain('1 hour');
    expect(r.sql).toBe('SET GLOBAL binlog_expire_logs_seconds = 604800;');
    const old = judgeRetention(mysql57('0.25'));
    expect(old.status).toBe('warn');
    expect(old.sql).toBe('SET GLOBAL expire_logs_days = 7;');
  });
});

describe('formatDuration and retentionSql', () => {
  it('says durations in the largest whole unit', () => {
    expect(formatDuration(2_592_000)).toBe('30 days');
    expect(formatDuration(129_600)).toBe('36 hours');
    expect(formatDuration(5_400)).toBe('1.5 hours');
    expect(formatDuration(600)).toBe('10 minutes');
    expect(formatDuration(1)).toBe('1 second');
  });

  it('rounds days up where only days can be set', () => {
    expect(retentionSql(mysql57('1'), 90_000)).toBe('SET GLOBAL expire_logs_days = 2;');
  });
});
