import type { ColumnDef, ServerInfo, TableDef, TableMapping } from '../../shared/catalog.js';
import { isLobType, isNumericType, isSpatialType } from '../schema/ColumnTypes.js';
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
  /** Rows the reader may hold ahead of the writer: fewer for wide rows, so memory stays flat. */
  readAhead: number;
  /** Raw column bytes mean the same value on the target, so LOAD DATA can carry them. */
  loadable: boolean;
  /** `LOAD DATA LOCAL INFILE … (cols)` for the copied columns, in the TsvEncoder format. */
  loadSql: string;
  /** Per copied column: its text form is digits and punctuation only, never escaped in TSV. */
  plainText: boolean[];
}

const TEMPORAL = new Set(['date', 'time', 'datetime', 'timestamp', 'year']);

/** Bytes of rows a reader holds ahead of its writer, whatever the row width. */
const READ_AHEAD_BYTES = 8 * 1024 * 1024;

/**
 * InnoDB's DATA_LENGTH leaves out LOB pages, so a table with LOB columns may hold rows far wider
 * than its average suggests: such tables read a few rows ahead, others about 8 MB of rows.
 */
function readAhead(table: TableDef, columns: ColumnDef[]): number {
  if (columns.some((c) => isLobType(c.dataType))) return 4;
  const avgRow = table.dataBytes / Math.max(1, table.estimatedRows);
  return Math.max(16, Math.min(512, Math.floor(READ_AHEAD_BYTES / Math.max(1, avgRow))));
}

/**
 * LOAD DATA stores a field's bytes as they come (CHARACTER SET binary). That is the value only
 * where the target column has the source column's type and charset: not on OceanBase, whose
 * conversion rules may change charsets (and whose LOAD DATA LOCAL silently skips duplicates,
 * shared/OCEANBASE.md); not for BIT and spatial columns, which take no text form; and not for
 * MySQL's JSON, which refuses binary strings (MariaDB's JSON is text).
 */
function isLoadable(columns: ColumnDef[], target: ServerInfo): boolean {
  if (target.flavor === 'oceanbase') return false;
  return columns.every(
    (c) =>
      c.dataType !== 'bit' &&
      !isSpatialType(c.dataType) &&
      (c.dataType !== 'json' || target.flavor === 'mariadb'),
  );
}

/**
 * Generated columns are computed by the target itself and cannot be written; everything else
 * the mapping selects is copied, in source order.
 */
export function planTableCopy(
  mapping: TableMapping,
  table: TableDef,
  target: ServerInfo,
): TableCopyPlan {
  const wanted = mapping.columns ?? table.columns.map((c) => c.name);
  const columns = table.columns.filter((c) => wanted.includes(c.name) && c.generated === null);
  const names = columns.map((c) => quoteIdent(c.name)).join(', ');
  // FLOAT's text form is rounded to 6 digits; as a DOUBLE (exact for any float) it prints
  // every digit, and the target rounds that back to the same float. (CAST AS DOUBLE is missing
  // before MySQL 8.0.17; the product works everywhere and keeps -0.)
  const selectList = columns
    .map((c) => (c.dataType === 'float' ? `${quoteIdent(c.name)} * 1e0` : quoteIdent(c.name)))
    .join(', ');
  const targetName = qualify(mapping.target.database, mapping.target.table);
  return {
    mapping,
    source: qualify(mapping.source.database, mapping.source.table),
    target: targetName,
    columns,
    encoders: columns.map(encoderFor),
    key: chooseCopyKey(
      table,
      columns.map((c) => c.name),
    ),
    where: mapping.where,
    selectList,
    insertPrefix: `INSERT INTO ${targetName} (${names}) VALUES `,
    estimatedRows: table.estimatedRows,
    readAhead: readAhead(table, columns),
    loadable: isLoadable(columns, target),
    plainText: columns.map((c) => isNumericType(c.dataType) || TEMPORAL.has(c.dataType)),
    loadSql:
      `LOAD DATA LOCAL INFILE 'cutover-chunk' INTO TABLE ${targetName}` +
      " CHARACTER SET binary FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\'" +
      ` LINES TERMINATED BY '\\n' (${names})`,
  };
}
