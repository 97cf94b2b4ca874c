import { describe, expect, it } from 'vitest';
import { judgeSource, judgeTarget } from '../../../src/engine/precheck/VersionCheck.js';
import { mariadb, oceanbase, server } from './fixtures.js';

describe('judgeSource', () => {
  it('passes supported sources, naming flavor and version', () => {
    const r = judgeSource(mariadb(), ['full']);
    expect(r).toMatchObject({ id: 'source.version', status: 'pass' });
    expect(r.detail).toContain('MariaDB 10.11.19');
    expect(judgeSource(server(), ['full']).detail).toContain('MySQL 8.0.36');
  });

  it('warns on end-of-life versions the tool was not tested with', () => {
    expect(judgeSource(server({ version: { major: 5, minor: 6, patch: 51 } }), []).status).toBe(
      'warn',
    );
    expect(judgeSource(mariadb({ version: { major: 10, minor: 1, patch: 48 } }), []).status).toBe(
      'warn',
    );
  });

  it('fails versions whose binlog the reader cannot handle', () => {
    expect(judgeSource(server({ version: { major: 5, minor: 5, patch: 62 } }), []).status).toBe(
      'fail',
    );
    expect(judgeSource(mariadb({ version: { major: 5, minor: 5, patch: 68 } }), []).status).toBe(
      'fail',
    );
  });

  it('warns about an OceanBase source too old for the binlog service only with incremental', () => {
    const ob = oceanbase({ obVersion: { major: 4, minor: 1, patch: 0 } });
    expect(judgeSource(ob, ['full']).status).toBe('pass');
    expect(judgeSource(ob, ['full', 'incremental']).status).toBe('warn');
  });
});

describe('judgeTarget', () => {
  it('passes OceanBase in MySQL mode', () => {
    const r = judgeTarget(oceanbase(), 'oceanbase', 'MYSQL');
    expect(r.status).toBe('pass');
    expect(r.detail).toContain('OceanBase 4.2.1 (MySQL mode)');
  });

  it('fails an Oracle-mode tenant', () => {
    const r = judgeTarget(oceanbase(), 'oceanbase', 'ORACLE');
    expect(r.status).toBe('fail');
    expect(r.fix).toContain('MySQL-mode tenant');
  });

  it('warns when the task says OceanBase but the server is not', () => {
    const r = judgeTarget(mariadb(), 'oceanbase', null);
    expect(r.status).toBe('warn');
    expect(r.detail).toContain('OceanBase conversion rules are not applied');
    expect(judgeTarget(mariadb(), 'mysql', null).status).toBe('pass');
  });

  it('warns when the OceanBase release cannot be read', () => {
    expect(judgeTarget(oceanbase({ obVersion: null }), 'oceanbase', 'MYSQL').status).toBe('warn');
  });
});
