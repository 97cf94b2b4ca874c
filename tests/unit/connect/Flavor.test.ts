import { describe, expect, it } from 'vitest';
import {
  describeServer,
  detectFlavor,
  versionAtLeast,
} from '../../../src/engine/connect/Flavor.js';

describe('detectFlavor', () => {
  it('reads OceanBase 4.x enterprise and community version strings', () => {
    expect(detectFlavor('5.7.25-OceanBase-v4.1.0.0', 'OceanBase 4.1.0.0 (r1)')).toEqual({
      flavor: 'oceanbase',
      version: { major: 5, minor: 7, patch: 25 },
      obVersion: { major: 4, minor: 1, patch: 0 },
    });
    expect(detectFlavor('5.7.25-OceanBase_CE-v4.2.1.0', '').obVersion).toEqual({
      major: 4,
      minor: 2,
      patch: 1,
    });
  });

  it('reads OceanBase 3.x CE, whose VERSION() is its own version', () => {
    const r = detectFlavor('3.1.5-OceanBase CE', 'OceanBase CE 3.1.5');
    expect(r.flavor).toBe('oceanbase');
    expect(r.obVersion).toEqual({ major: 3, minor: 1, patch: 5 });
    expect(describeServer(r)).toBe('OceanBase 3.1.5 (MySQL mode)');
  });

  it('tells MariaDB from MySQL', () => {
    expect(detectFlavor('10.11.19-MariaDB-0+deb12u1', 'Debian 12').flavor).toBe('mariadb');
    const mysql = detectFlavor('8.0.36', 'MySQL Community Server - GPL');
    expect(mysql.flavor).toBe('mysql');
    expect(describeServer(mysql)).toBe('MySQL 8.0.36');
  });

  it('compares versions', () => {
    const v = { major: 4, minor: 2, patch: 1 };
    expect(versionAtLeast(v, 4, 2, 1)).toBe(true);
    expect(versionAtLeast(v, 4, 2, 2)).toBe(false);
    expect(versionAtLeast(v, 4, 1)).toBe(true);
    expect(versionAtLeast(v, 4, 3)).toBe(false);
    expect(versionAtLeast(v, 3)).toBe(true);
  });
});
