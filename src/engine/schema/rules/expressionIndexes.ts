import { objectPath } from '../../sql/Identifiers.js';
import { unsupportedChange, type TableRule } from './Rule.js';
import { isOceanBase } from './Target.js';

export const expressionIndexesRule: TableRule = {
  id: 'oceanbase.expression-index',
  description: 'Indexes with expression (functional) parts block the table.',
  reason:
    'OMS fails on functional index parts, so the table needs a decision first: drop the index on the source, or leave the table out.',
  source: 'OCEANBASE.md: "functional (expression) index parts" row and OMS DDL conversion',
  appliesTo: isOceanBase,
  apply(table) {
    const blocked = table.indexes
      .filter((i) => i.parts.some((p) => p.column === null))
      .map((i) =>
        unsupportedChange(
          this,
          objectPath(table.database, table.name, i.name),
          `index ${i.name} has expression parts: ${i.parts.flatMap((p) => (p.column === null ? [p.expression ?? ''] : [])).join(', ')}`,
        ),
      );
    return { table, changes: [], blocked };
  },
};
