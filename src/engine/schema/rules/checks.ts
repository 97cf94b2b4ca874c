import { objectPath } from '../../sql/Identifiers.js';
import { ruleChange, type TableRule } from './Rule.js';
import { obBelow } from './Target.js';

export const checksRule: TableRule = {
  id: 'oceanbase.check',
  description: 'CHECK constraints are dropped below OceanBase 3.2.3.',
  reason:
    'CHECK constraints arrive in OceanBase 3.2.3; older releases reject them. The target no longer enforces the condition.',
  source: 'OCEANBASE.md: CHECK constraints row (oceanbase-doc V3.2.3)',
  appliesTo: obBelow(3, 2, 3),
  apply(table) {
    return {
      table: { ...table, checks: [] },
      changes: table.checks.map((c) =>
        ruleChange(
          this,
          objectPath(table.database, table.name, c.name),
          `CHECK ${c.clause} dropped`,
          'warn',
        ),
      ),
    };
  },
};
