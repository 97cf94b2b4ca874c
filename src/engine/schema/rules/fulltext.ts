import { objectPath } from '../../sql/Identifiers.js';
import { ruleChange, type TableRule } from './Rule.js';
import { obBelow } from './Target.js';

export const fulltextRule: TableRule = {
  id: 'oceanbase.fulltext',
  description: 'FULLTEXT indexes are dropped below OceanBase 4.3.1.',
  reason:
    'Full-text indexes arrive (experimental) in OceanBase 4.3.1. The data copies without them; queries using MATCH … AGAINST fail until one is built.',
  source: 'OCEANBASE.md: FULLTEXT row (oceanbase-doc V4.3.1 full-text index)',
  appliesTo: obBelow(4, 3, 1),
  apply(table) {
    const dropped = table.indexes.filter((i) => i.kind === 'fulltext');
    return {
      table: { ...table, indexes: table.indexes.filter((i) => i.kind !== 'fulltext') },
      changes: dropped.map((i) =>
        ruleChange(
          this,
          objectPath(table.database, table.name, i.name),
          `FULLTEXT index ${i.name} dropped`,
          'warn',
        ),
      ),
    };
  },
};
