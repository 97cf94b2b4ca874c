import { mentionedNames } from '../Expressions.js';
import { objectPath } from '../../sql/Identifiers.js';
import { unsupportedChange, type TableRule } from './Rule.js';
import { isOceanBase } from './Target.js';

export const generatedColumnsRule: TableRule = {
  id: 'oceanbase.generated-column',
  description:
    'A generated column whose expression uses another generated column blocks the table.',
  reason: 'OceanBase does not allow a generated column to reference another generated column.',
  source: 'OCEANBASE.md: generated columns row (oceanbase-doc V4.x generated columns)',
  appliesTo: isOceanBase,
  apply(table) {
    const generated = table.columns.filter((c) => c.generated !== null);
    const blocked = generated.flatMap((c) => {
      const others = generated.filter((o) => o !== c).map((o) => o.name);
      const used = mentionedNames(c.generated?.expression ?? '', others);
      return used.length === 0
        ? []
        : [
            unsupportedChange(
              this,
              objectPath(table.database, table.name, c.name),
              `generated column ${c.name} uses generated column ${used.join(', ')}`,
            ),
          ];
    });
    return { table, changes: [], blocked };
  },
};
