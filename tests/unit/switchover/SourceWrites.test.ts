import { describe, expect, it } from 'vitest';
import {
  readOnlyStatements,
  superReadOnlyRefusal,
} from '../../../src/engine/switchover/SourceWrites.js';

describe('read-only statements', () => {
  it('sets and clears read_only alone', () => {
    expect(readOnlyStatements('read_only', true)).toEqual(['SET GLOBAL read_only = ON']);
    expect(readOnlyStatements('read_only', false)).toEqual(['SET GLOBAL read_only = OFF']);
  });

  it('clears super_read_only before read_only, which the server requires', () => {
    expect(readOnlyStatements('super_read_only', true)).toEqual([
      'SET GLOBAL super_read_only = ON',
    ]);
    expect(readOnlyStatements('super_read_only', false)).toEqual([
      'SET GLOBAL super_read_only = OFF',
      'SET GLOBAL read_only = OFF',
    ]);
  });

  it('offers super_read_only on MySQL 5.7.8 and later only', () => {
    expect(superReadOnlyRefusal('mysql', { major: 8, minor: 0, patch: 36 })).toBeNull();
    expect(superReadOnlyRefusal('mysql', { major: 5, minor: 7, patch: 8 })).toBeNull();
    expect(superReadOnlyRefusal('mysql', { major: 5, minor: 7, patch: 7 })).toMatch(
      /before 5\.7\.8/,
    );
    expect(superReadOnlyRefusal('mariadb', { major: 10, minor: 11, patch: 9 })).toMatch(/MariaDB/);
    expect(superReadOnlyRefusal('oceanbase', { major: 5, minor: 7, patch: 25 })).toMatch(
      /OceanBase/,
    );
  });
});
