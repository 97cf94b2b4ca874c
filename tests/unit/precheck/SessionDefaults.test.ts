import { describe, expect, it } from 'vitest';
import {
  effectiveTimeZone,
  judgeSqlMode,
  judgeTimeZone,
} from '../../../src/engine/precheck/SessionDefaultsCheck.js';

const zone = (timeZone: string, systemTimeZone = 'UTC') => ({ timeZone, systemTimeZone });

describe('time zone', () => {
  it('resolves SYSTEM and spells UTC and offsets one way', () => {
    expect(effectiveTimeZone(zone('SYSTEM', 'UTC'))).toBe('UTC');
    expect(effectiveTimeZone(zone('+00:00'))).toBe('UTC');
    expect(effectiveTimeZone(zone('+8:00'))).toBe('+08:00');
    expect(effectiveTimeZone(zone('Europe/Berlin'))).toBe('Europe/Berlin');
  });

  it('passes equal zones however they are spelled', () => {
    expect(judgeTimeZone(zone('SYSTEM', 'UTC'), zone('+00:00')).status).toBe('pass');
  });

  it('warns about different zones with the SET GLOBAL to align them', () => {
    const r = judgeTimeZone(zone('+08:00'), zone('SYSTEM', 'UTC'));
    expect(r.status).toBe('warn');
    expect(r.detail).toContain('TIMESTAMP');
    expect(r.sql).toBe("SET GLOBAL time_zone = '+08:00';");
  });

  it('gives no SQL for a host zone abbreviation that cannot be set', () => {
    const r = judgeTimeZone(zone('SYSTEM', 'CST'), zone('+00:00'));
    expect(r.status).toBe('warn');
    expect(r.sql).toBeUndefined();
  });
});

describe('sql_mode', () => {
  it('passes the same modes in any order', () => {
    const r = judgeSqlMode('STRICT_TRANS_TABLES,NO_ZERO_DATE', 'NO_ZERO_DATE,STRICT_TRANS_TABLES');
    expect(r.map((x) => x.status)).toEqual(['pass']);
  });

  it('warns with the differences and what they affect', () => {
    const [r] = judgeSqlMode('ANSI_QUOTES,STRICT_TRANS_TABLES', 'STRICT_TRANS_TABLES');
    expect(r?.status).toBe('warn');
    expect(r?.detail).toContain('Only on the source: ANSI_QUOTES');
    expect(r?.detail).toContain('is an identifier');
  });

  it('warns separately when the target refuses zero dates the source accepts', () => {
    const results = judgeSqlMode('NO_ENGINE_SUBSTITUTION', 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE');
    const zero = results.find((r) => r.id === 'target.sql_mode.zero_dates');
    expect(zero?.status).toBe('warn');
    expect(zero?.detail).toContain('NO_ZERO_IN_DATE');
    expect(zero?.fix).toContain("source's sql_mode");
  });

  it('does not warn about zero dates when the target is not strict', () => {
    const results = judgeSqlMode('', 'NO_ZERO_DATE');
    expect(results.some((r) => r.id === 'target.sql_mode.zero_dates')).toBe(false);
  });
});
