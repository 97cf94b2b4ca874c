/**
 * How large one row gets, in two forms: as stored (what the source sends when the copy reads
 * it) and as SQL text in a single-row INSERT on the target (what must fit in the target's
 * max_allowed_packet). The text form assumes client-side statement building (shared/OCEANBASE.md,
 * "prepared statements"): strings as quoted literals, binary values as X'…' hex, twice their size.
 * Fixed-width columns count by declared size; LOB columns are measured on the source. Pure.
 */
import type { ColumnDef } from '../../shared/catalog.js';
import { quoteIdent } from '../sql/Identifiers.js';

export interface RowBytes {
  /** As stored / sent by the source. */
  raw: number;
  /** As SQL text in an INSERT. */
  text: number;
}

const INT_DIGITS: Record<string, number> = {
  tinyint: 4,
  smallint: 6,
  mediumint: 8,
  int: 11,
  integer: 11,
  bigint: 20,
};

const CHARSET_MAX_BYTES: Record<string, number> = {
  latin1: 1,
  ascii: 1,
  binary: 1,
  cp1252: 1,
  ucs2: 2,
  gbk: 2,
  big5: 2,
  sjis: 2,
  cp932: 2,
  euckr: 2,
  utf8: 3,
  utf8mb3: 3,
  ujis: 3,
  eucjpms: 3,
};

const LONG_LIMIT = 4_294_967_295;

const LOB_LIMITS: Record<string, number> = {
  tinytext: 255,
  tinyblob: 255,
  text: 65_535,
  blob: 65_535,
  mediumtext: 16_777_215,
  mediumblob: 16_777_215,
  longtext: LONG_LIMIT,
  longblob: LONG_LIMIT,
  // JSON and geometry are stored like LONGBLOB.
  json: LONG_LIMIT,
};

const BINARY_LOBS = new Set(['tinyblob', 'blob', 'mediumblob', 'longblob']);
const GEOMETRY =
  /^(geometry|point|linestring|polygon|multipoint|multilinestring|multipolygon|geometrycollection|geomcollection)$/;

/** Columns whose size is only known by measuring. */
export function isMeasured(c: ColumnDef): boolean {
  return c.dataType in LOB_LIMITS || GEOMETRY.test(c.dataType);
}

/** Binary values travel as hex: two characters a byte. */
function isBinary(c: ColumnDef): boolean {
  return (
    BINARY_LOBS.has(c.dataType) ||
    GEOMETRY.test(c.dataType) ||
    c.dataType === 'binary' ||
    c.dataType === 'varbinary' ||
    c.dataType === 'bit'
  );
}

function declaredLength(c: ColumnDef): number {
  const m = /\((\d+)/.exec(c.columnType);
  return m ? Number(m[1]) : 1;
}

function fsp(c: ColumnDef): number {
  const n = declaredLength(c);
  return /\(\d+\)/.test(c.columnType) && n > 0 ? n + 1 : 0;
}

/** Bytes a fixed-width or declared-length column takes at most: [raw, text]. */
export function declaredBytes(c: ColumnDef): RowBytes {
  const t = c.dataType;
  const n = declaredLength(c);
  const digits = INT_DIGITS[t];
  if (digits !== undefined) return { raw: 8, text: digits };
  switch (t) {
    case 'decimal':
    case 'numeric':
      return { raw: 32, text: (/\(/.test(c.columnType) ? n : 10) + 2 };
    case 'float':
      return { raw: 4, text: 16 };
    case 'double':
    case 'real':
      return { raw: 8, text: 24 };
    case 'bit':
      return { raw: Math.ceil(n / 8), text: 2 * Math.ceil(n / 8) + 3 };
    case 'year':
      return { raw: 1, text: 4 };
    case 'date':
      return { raw: 3, text: 12 };
    case 'time':
      return { raw: 6, text: 12 + fsp(c) };
    case 'datetime':
    case 'timestamp':
      return { raw: 8, text: 21 + fsp(c) };
    case 'char':
    case 'varchar': {
      const bytes = n * (CHARSET_MAX_BYTES[c.charset ?? ''] ?? 4);
      return { raw: bytes, text: bytes + 2 };
    }
    case 'binary':
    case 'varbinary':
      return { raw: n, text: 2 * n + 3 };
    case 'enum':
    case 'set':
      // The definition is longer than any value it allows, members and commas included.
      return { raw: c.columnType.length, text: c.columnType.length };
    default:
      return { raw: 64, text: 64 };
  }
}

/** Upper bound of a measured column, from its type. */
export function lobLimit(c: ColumnDef): number {
  return LOB_LIMITS[c.dataType] ?? LONG_LIMIT;
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/** `INSERT INTO … (cols) VALUES (…)` around the values, commas included. */
export function statementOverhead(columns: readonly ColumnDef[]): number {
  return 64 + sum(columns.map((c) => quoteIdent(c.name).length + 2));
}

/** The row's size from declared sizes alone, with every measured column at its type's limit. */
export function declaredRowBytes(columns: readonly ColumnDef[]): RowBytes {
  const fixed = columns.filter((c) => !isMeasured(c)).map(declaredBytes);
  const lobs = columns.filter(isMeasured);
  return {
    raw: sum(fixed.map((b) => b.raw)) + sum(lobs.map(lobLimit)),
    text:
      statementOverhead(columns) +
      sum(fixed.map((b) => b.text)) +
      sum(lobs.map((c) => (isBinary(c) ? 2 * lobLimit(c) + 3 : lobLimit(c) + 2))),
  };
}

/**
 * SELECT list measuring the largest row's measured columns, raw and as text, in one table scan:
 * `MAX(IFNULL(LENGTH(a),0)+…) AS raw, MAX(IFNULL(LENGTH(a),0)+2*IFNULL(LENGTH(b),0)+…) AS text`.
 */
export function measureSelect(columns: readonly ColumnDef[]): string {
  const lobs = columns.filter(isMeasured);
  const len = (c: ColumnDef): string => `IFNULL(LENGTH(${quoteIdent(c.name)}),0)`;
  const raw = lobs.map(len).join('+');
  const text = lobs.map((c) => (isBinary(c) ? `2*${len(c)}` : len(c))).join('+');
  return `MAX(${raw}) AS raw, MAX(${text}) AS text`;
}

/** The largest row, given what measureSelect returned for the measured columns. */
export function measuredRowBytes(columns: readonly ColumnDef[], measured: RowBytes): RowBytes {
  const fixed = columns.filter((c) => !isMeasured(c)).map(declaredBytes);
  const lobs = columns.filter(isMeasured);
  return {
    raw: sum(fixed.map((b) => b.raw)) + measured.raw,
    text:
      statementOverhead(columns) +
      sum(fixed.map((b) => b.text)) +
      measured.text +
      sum(lobs.map((c) => (isBinary(c) ? 3 : 2))),
  };
}

const MB = 1024 * 1024;
/** The largest max_allowed_packet MySQL, MariaDB and OceanBase accept. */
export const MAX_PACKET = 1024 * MB;

/** A max_allowed_packet that holds `bytes` with a quarter to spare, in whole MB; null past 1 GB. */
export function suggestedPacket(bytes: number): number | null {
  if (bytes > MAX_PACKET) return null;
  return Math.min(MAX_PACKET, Math.ceil((bytes * 1.25) / MB) * MB);
}

export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${Math.round((bytes / MB) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}
