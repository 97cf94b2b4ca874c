import type { ColumnDef, TableDef, TableMapping } from '../../shared/catalog.js';
import { qualify, quoteIdent } from '../sql/Identifiers.js';
import { chooseCopyKey, type CopyKey } from './CopyKey.js';
import { encoderFor, type ValueEncoder } from './ValueEncoder.js';

/** Everything a worker needs to copy one table: what to read, where to write, how to split. */
export interface TableCopyPlan {
  mapping: TableMapping;
  /** `src`.`table` */
  source: string;
  /** `dst`.`table` */
  target: string;
  columns: ColumnDef[];
  encoders: ValueEncoder[];
  /** null: no usable key, the table is copied whole in one chunk. */
  key: CopyKey | null;
  where: string | null;
  /** SELECT list: the copied columns, named (invisible columns too). */
  selectList: string;
  /** `INSERT INTO … (cols) VALUES ` */
  insertPrefix: string;
  estimatedRows: number;
}

/**
 * Generated columns are computed by the target itself and cannot be written; everything else
 * the mapping selects is copied, in source order.
 */
export function planTableCopy(mapping: TableMapping, table: TableDef): TableCopyPlan {
  const wanted = mapping.columns ?? table.columns.map((c) => c.name);
  const columns = table.columns.filter((c) => wanted.includes(c.name) && c.generated === null);
  const names = columns.map((c) => quoteIdent(c.name)).join(', ');
  const target = qualify(mapping.target.database, mapping.target.table);
  return {
    mapping,
    source: qualify(mapping.source.database, mapping.source.table),
    target,
    columns,
    encoders: columns.map(encoderFor),
    key: chooseCopyKey(
      table,
      columns.map((c) => c.name),
    ),
    where: mapping.where,
    selectList: names,
    insertPrefix: `INSERT INTO ${target} (${names}) VALUES `,
    estimatedRows: table.estimatedRows,
  };
}
