import type { ColumnDef } from '../../shared/catalog.js';
import { isNumericType } from '../schema/ColumnTypes.js';
import { quoteIdent } from '../sql/Identifiers.js';

/** Column types compared as the text the server prints for them (in UTC). */
export const TEMPORAL_TYPES = new Set(['date', 'time', 'datetime', 'timestamp', 'year']);

/**
 * An expression that renders one column as text that is equal on two servers exactly when the
 * stored values are equal — not when the collation calls them equal ('a' and 'A', trailing
 * spaces): numbers as their digits, FLOAT/DOUBLE widened to a double (exact) with -0 told apart
 * from 0, BIT as its number, temporals as printed in UTC (every session is), strings and binary
 * data as the hex of their bytes. A column whose charset the target converted is compared in
 * utf8mb4 on both sides, since its bytes legitimately differ.
 */
export function canonical(column: ColumnDef, charsetConverted: boolean): string {
  const c = quoteIdent(column.name);
  const type = column.dataType;
  if (type === 'float' || type === 'double') {
    return `IF(${c} = 0 AND ATAN2(${c}, -1) < 0, '-0', CAST(${c} * 1e0 AS CHAR))`;
  }
  if (isNumericType(type)) return `CAST(${c} AS CHAR)`;
  if (type === 'bit') return `CAST(${c} + 0 AS CHAR)`;
  if (TEMPORAL_TYPES.has(type)) return `CAST(${c} AS CHAR)`;
  if (charsetConverted) return `HEX(CONVERT(${c} USING utf8mb4))`;
  return `HEX(${c})`;
}

/**
 * One text per row: the columns' canonical forms joined by '#', NULL as 'N' (no canonical form
 * contains '#' or is 'N', so two rows give one text only if every column is equal).
 */
export function rowText(columns: readonly string[]): string {
  return `CONCAT_WS('#', ${columns.map((e) => `IFNULL(${e}, 'N')`).join(', ')})`;
}

/**
 * The cheaper form the chunk checksums hash: the same exactness as `canonical` without the hex
 * expansion (strings and binary data as their bytes, CAST AS BINARY so no charset conversion or
 * collation enters), with NULLs marked by a trailing map of ISNULL flags since CONCAT_WS skips
 * them. Only chunks whose checksums differ are read with the full canonical text.
 */
export function checksumPart(column: ColumnDef, charsetConverted: boolean): string {
  const c = quoteIdent(column.name);
  const type = column.dataType;
  if (type === 'float' || type === 'double') return canonical(column, false);
  if (isNumericType(type) || TEMPORAL_TYPES.has(type) || type === 'bit') return c;
  if (charsetConverted) return `CAST(CONVERT(${c} USING utf8mb4) AS BINARY)`;
  return `CAST(${c} AS BINARY)`;
}

export function checksumText(columns: readonly ColumnDef[], parts: readonly string[]): string {
  const nulls = columns.map((c) => `ISNULL(${quoteIdent(c.name)})`).join(', ');
  return `CONCAT_WS('#', ${parts.join(', ')}, CONCAT(${nulls}))`;
}
