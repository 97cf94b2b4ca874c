import { isSpatialType } from '../ColumnTypes.js';
import { objectPath } from '../../sql/Identifiers.js';
import { unsupportedChange, type TableRule } from './Rule.js';
import { formatObVersion, obBelow } from './Target.js';

export const spatialRule: TableRule = {
  id: 'oceanbase.gis',
  description: 'GEOMETRY-family columns and SPATIAL indexes block the table below OceanBase 4.1.',
  reason: 'OceanBase 3.x and 4.0 have no spatial types or indexes; they arrive in 4.1.',
  source: 'OCEANBASE.md: "GEOMETRY, SPATIAL index" row (oceanbase-doc V4.1.0 spatial data types)',
  appliesTo: obBelow(4, 1),
  apply(table, ctx) {
    const at = (name: string): string => objectPath(table.database, table.name, name);
    const version = formatObVersion(ctx.target);
    const blocked = [
      ...table.columns
        .filter((c) => isSpatialType(c.dataType))
        .map((c) =>
          unsupportedChange(
            this,
            at(c.name),
            `${c.columnType} column needs OceanBase 4.1 (target: ${version})`,
          ),
        ),
      ...table.indexes
        .filter((i) => i.kind === 'spatial')
        .map((i) =>
          unsupportedChange(
            this,
            at(i.name),
            `SPATIAL index needs OceanBase 4.1 (target: ${version})`,
          ),
        ),
    ];
    return { table, changes: [], blocked };
  },
};
