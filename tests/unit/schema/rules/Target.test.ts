import { describe, expect, it } from 'vitest';
import {
  formatObVersion,
  isCommunityEdition,
  obAtLeast,
  obBelow,
} from '../../../../src/engine/schema/rules/Target.js';
import { mysqlTarget, obTarget } from '../fixtures.js';

describe('OceanBase target version', () => {
  it('compares major, minor and patch', () => {
    expect(obAtLeast(obTarget('4.2.1'), 4, 2, 1)).toBe(true);
    expect(obAtLeast(obTarget('4.2.1'), 4, 2, 2)).toBe(false);
    expect(obAtLeast(obTarget('4.10.0'), 4, 3)).toBe(true);
    expect(obAtLeast(obTarget('3.2.4'), 4)).toBe(false);
  });

  it('obBelow is false for other flavors', () => {
    expect(obBelow(4, 1)(obTarget('4.0.0'))).toBe(true);
    expect(obBelow(4, 1)(mysqlTarget())).toBe(false);
  });

  it('an unknown version counts as the oldest', () => {
    expect(obAtLeast(obTarget(null), 3)).toBe(false);
    expect(obBelow(3, 2, 3)(obTarget(null))).toBe(true);
    expect(formatObVersion(obTarget(null))).toBe('(version unknown)');
  });

  it('tells Community Edition from VERSION()', () => {
    expect(isCommunityEdition(obTarget('4.2.1', { ce: true }))).toBe(true);
    expect(isCommunityEdition(obTarget('4.2.1'))).toBe(false);
    expect(isCommunityEdition({ ...obTarget('3.1.5'), versionString: '3.1.5-OceanBase CE' })).toBe(
      true,
    );
  });
});
