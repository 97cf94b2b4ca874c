import { objectPath } from '../../sql/Identifiers.js';
import { ruleChange, type TableRule } from './Rule.js';
import { isOceanBase } from './Target.js';

// Per-partition `ENGINE = InnoDB` as SHOW CREATE TABLE prints it inside the partition clause.
const PARTITION_ENGINE = /\s+(?:STORAGE\s+)?ENGINE\s*=\s*\w+/gi;

export const storageOptionsRule: TableRule = {
  id: 'oceanbase.storage-options',
  description: 'Remove ENGINE and ROW_FORMAT (table and partitions); keep COMMENT and CHARSET.',
  reason:
    'OceanBase has one storage engine; it accepts these options since 3.1.3 but they mean nothing there, and OMS drops them the same way.',
  source: 'OCEANBASE.md: "ENGINE=…, ROW_FORMAT, KEY_BLOCK_SIZE" row and OMS DDL conversion',
  appliesTo: isOceanBase,
  apply(table) {
    // KEY_BLOCK_SIZE is not part of TableDef (the catalog does not read CREATE_OPTIONS), so it is
    // never rendered and needs no stripping.
    const partitionClause = table.partitionClause?.replace(PARTITION_ENGINE, '') ?? null;
    const removed = [
      table.engine ? `ENGINE=${table.engine}` : '',
      table.rowFormat ? `ROW_FORMAT=${table.rowFormat}` : '',
      partitionClause !== table.partitionClause ? 'partition ENGINE options' : '',
    ].filter(Boolean);
    if (removed.length === 0) return { table, changes: [] };
    return {
      table: { ...table, engine: '', rowFormat: null, partitionClause },
      changes: [
        ruleChange(
          this,
          objectPath(table.database, table.name),
          `removed ${removed.join(', ')}`,
          'info',
        ),
      ],
    };
  },
};
