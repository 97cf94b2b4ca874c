import { describe, expect, it } from 'vitest';
import { groupChecks } from '../../../../src/renderer/wizard/checkGroups.js';
import { formatRows } from '../../../../src/renderer/wizard/estimates.js';
import {
  kindsByDatabase,
  splitObject,
  statementsByPhase,
  stillExcluded,
} from '../../../../src/renderer/wizard/planView.js';
import { selectTables, EMPTY_SELECTION } from '../../../../src/renderer/wizard/selection.js';
import { serverLabel } from '../../../../src/renderer/wizard/serverLabel.js';
import type { CheckResult } from '../../../../src/shared/precheck.js';
import type { PlannedStatement, SchemaPlan } from '../../../../src/shared/schema.js';
import { MARIADB } from './fixtures.js';

const check = (id: string, status: CheckResult['status']): CheckResult => ({
  id,
  title: id,
  status,
  detail: '',
  fix: '',
});

const statement = (
  kind: PlannedStatement['kind'],
  sourceObject: string,
  phase: PlannedStatement['phase'] = 'schema',
): PlannedStatement => ({
  kind,
  object: sourceObject,
  sourceObject,
  phase,
  sql: `CREATE ${kind} ${sourceObject}`,
  skipped: false,
});

describe('groupChecks', () => {
  it('puts failures first and counts each group, empty ones included', () => {
    const groups = groupChecks([
      check('a', 'pass'),
      check('b', 'fail'),
      check('c', 'pass'),
      check('d', 'fail'),
    ]);
    expect(groups.map((g) => g.heading)).toEqual(['Failed (2)', 'Warnings (0)', 'Passed (2)']);
    expect(groups[0]?.checks.map((c) => c.id)).toEqual(['b', 'd']);
  });
});

describe('serverLabel', () => {
  it('names the flavor and its version', () => {
    expect(serverLabel(MARIADB)).toBe('MariaDB 10.11.19');
    expect(
      serverLabel({ ...MARIADB, flavor: 'mysql', version: { major: 8, minor: 0, patch: 36 } }),
    ).toBe('MySQL 8.0.36');
  });

  it("gives OceanBase's own version with the MySQL version it emulates", () => {
    const ob = {
      ...MARIADB,
      flavor: 'oceanbase' as const,
      versionString: '5.7.25-OceanBase-v4.2.1.0',
      version: { major: 5, minor: 7, patch: 25 },
      obVersion: { major: 4, minor: 2, patch: 1 },
    };
    expect(serverLabel(ob)).toBe('OceanBase 4.2.1 (MySQL 5.7.25)');
  });

  it('falls back to what the server said when its version was not understood', () => {
    const odd = {
      ...MARIADB,
      versionString: 'custom-build',
      version: { major: 0, minor: 0, patch: 0 },
    };
    expect(serverLabel(odd)).toBe('MariaDB custom-build');
  });
});

describe('formatRows', () => {
  it('reads row counts as the estimates they are', () => {
    expect(formatRows(950)).toBe('~950');
    expect(formatRows(1_234)).toBe('~1.2k');
    expect(formatRows(2_500_000)).toBe('~2.5M');
  });
});

describe('plan view', () => {
  const plan: SchemaPlan = {
    statements: [
      statement('database', 'shop'),
      statement('table', 'shop.orders'),
      statement('view', 'shop.v_orders'),
      statement('trigger', 'shop.trg', 'switchover'),
      statement('foreign-key', 'shop.orders.fk', 'after-full'),
      statement('routine', 'shop.v2.proc'),
      statement('event', 'crm.nightly', 'switchover'),
    ],
    changes: [],
  };

  it('groups statements by phase in the order they run, leaving out empty phases', () => {
    const groups = statementsByPhase({ ...plan, statements: plan.statements.slice(0, 4) });
    expect(groups.map((g) => [g.phase, g.statements.length])).toEqual([
      ['schema', 3],
      ['switchover', 1],
    ]);
  });

  it('splits an object at the longest database it starts with', () => {
    expect(splitObject('shop.v2.proc', ['shop', 'shop.v2'])).toEqual({
      database: 'shop.v2',
      name: 'proc',
    });
    expect(splitObject('shop.orders', ['shop', 'shop.v2'])).toEqual({
      database: 'shop',
      name: 'orders',
    });
    expect(splitObject('other.x', ['shop'])).toBeNull();
  });

  it('lists per database the kinds of object that have a choice', () => {
    expect(kindsByDatabase(plan, ['shop', 'shop.v2', 'crm'])).toEqual([
      { database: 'shop', kinds: ['views', 'triggers'] },
      { database: 'shop.v2', kinds: ['routines'] },
      { database: 'crm', kinds: ['events'] },
    ]);
  });

  it('forgets a left-out table once it is ticked again anywhere', () => {
    const left = [statement('table', 'shop.orders'), statement('table', 'shop.customers')];
    const selection = selectTables(EMPTY_SELECTION, 'shop', ['orders'], true);
    expect(stillExcluded(left, selection, ['shop']).map((s) => s.sourceObject)).toEqual([
      'shop.customers',
    ]);
  });
});
