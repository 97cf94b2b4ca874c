import type { ColumnSchema, TableMapEntry } from '@vlasky/zongji';
import { CutoverError } from '../errors.js';
import { introducer } from '../snapshot/ValueEncoder.js';

/**
 * How one binlog column's decoded value is written back as SQL:
 * - text: the column's bytes (Buffer) in `charset`;
 * - bytes: binary strings, BLOB, BIT and spatial values (Buffer);
 * - number: integers, FLOAT and DOUBLE (number, or an exact string beyond 2^53); year: YEAR;
 * - decimal: exact text; temporal: text as the server prints it;
 * - enum / set: the stored index or bit mask (number), which means the same member on the target;
 * - json: MySQL's binary JSON as text; string: other text forms (MariaDB UUID, INET).
 */
export type CodecKind =
  | 'text'
  | 'bytes'
  | 'number'
  | 'year'
  | 'time'
  | 'decimal'
  | 'temporal'
  | 'enum'
  | 'set'
  | 'json'
  | 'string';

export interface ColumnCodec {
  name: string;
  kind: CodecKind;
  /** The column's charset, for text. */
  charset: string | null;
  /** ENUM / SET members in order, for filters that compare labels. */
  members: string[] | null;
  /** Fractional digits, for TIME read from its binlog bytes. */
  decimals?: number;
}

/** Binlog column type codes (MySQL's enum_field_types), as far as Cutover treats them apart. */
const T = {
  DECIMAL: 0,
  TINY: 1,
  SHORT: 2,
  LONG: 3,
  FLOAT: 4,
  DOUBLE: 5,
  TIMESTAMP: 7,
  LONGLONG: 8,
  INT24: 9,
  DATE: 10,
  TIME: 11,
  DATETIME: 12,
  YEAR: 13,
  NEWDATE: 14,
  VARCHAR: 15,
  BIT: 16,
  TIMESTAMP2: 17,
  DATETIME2: 18,
  TIME2: 19,
  BLOB_COMPRESSED: 140,
  VARCHAR_COMPRESSED: 141,
  JSON: 245,
  NEWDECIMAL: 246,
  ENUM: 247,
  SET: 248,
  TINY_BLOB: 249,
  MEDIUM_BLOB: 250,
  LONG_BLOB: 251,
  BLOB: 252,
  VAR_STRING: 253,
  STRING: 254,
  GEOMETRY: 255,
} as const;

const INT_BY_SIZE: Record<number, number> = {
  1: T.TINY,
  2: T.SHORT,
  3: T.INT24,
  4: T.LONG,
  8: T.LONGLONG,
};

const BLOBS = new Set<number>([T.TINY_BLOB, T.MEDIUM_BLOB, T.LONG_BLOB, T.BLOB, T.BLOB_COMPRESSED]);
const TEMPORALS = new Set<number>([
  T.TIMESTAMP,
  T.DATE,
  T.TIME,
  T.DATETIME,
  T.NEWDATE,
  T.TIMESTAMP2,
  T.DATETIME2,
  T.TIME2,
]);
const NUMBERS = new Set<number>([T.TINY, T.SHORT, T.LONG, T.LONGLONG, T.INT24, T.FLOAT, T.DOUBLE]);

/** `enum('a','b''c')` → ['a', "b'c"]. */
export function parseMembers(columnType: string): string[] {
  const open = columnType.indexOf('(');
  const members: string[] = [];
  const body = columnType.slice(open + 1, columnType.lastIndexOf(')'));
  const re = /'((?:[^'\\]|''|\\.)*)'/g;
  for (const m of body.matchAll(re)) {
    members.push((m[1] ?? '').replace(/''/g, "'").replace(/\\(.)/g, '$1'));
  }
  return members;
}

function isBinaryCharset(charset: string | null | undefined): boolean {
  return !charset || charset === 'binary';
}

/**
 * Adjusts the decoder's column list for one table so that every value arrives in a form that is
 * exact to write back, and says how to write each one. The decoder would otherwise turn text
 * into JavaScript strings through a charset table (bytes that are not valid in the charset are
 * lost), ENUM and SET into labels (the '' error value has none), and geometry into objects.
 * Must run before the table's first row event is decoded, i.e. in the TableMap handler.
 */
export function prepareColumns(entry: TableMapEntry): ColumnCodec[] {
  const columns = entry.columns ?? [];
  // The decoder keeps a table's column list while the table's shape stays the same, and the
  // list has been adjusted by then: reading it again would take an ENUM for an integer.
  const known = prepared.get(columns);
  if (known) return known;
  const codecs = columns.map((column, i): ColumnCodec => {
    const schema: ColumnSchema | undefined = entry.columnSchemas[i];
    const charset = column.charset;
    const meta = column.metadata as { size?: number };
    const name = column.name;
    const type = column.type;
    if (type === T.ENUM || type === T.SET) {
      const members =
        (type === T.ENUM ? schema?.ENUM_VALUES : schema?.SET_VALUES) ??
        parseMembers(schema?.COLUMN_TYPE ?? '');
      const intType = INT_BY_SIZE[meta.size ?? 1];
      if (intType === undefined) throw unsupported(entry, name, `${type} of size ${meta.size}`);
      column.type = intType;
      if (schema) schema.UNSIGNED = true;
      return { name, kind: type === T.ENUM ? 'enum' : 'set', charset: null, members };
    }
    if (type === T.GEOMETRY) {
      column.type = T.BLOB;
      column.charset = null;
      return { name, kind: 'bytes', charset: null, members: null };
    }
    if (BLOBS.has(type)) {
      const text = !isBinaryCharset(charset);
      column.charset = null;
      return { name, kind: text ? 'text' : 'bytes', charset: text ? charset : null, members: null };
    }
    if (type === T.VARCHAR || type === T.STRING || type === T.VAR_STRING) {
      const def = schema?.COLUMN_TYPE.toLowerCase() ?? '';
      if (/^(uuid|inet4|inet6)/.test(def)) {
        return { name, kind: 'string', charset: null, members: null };
      }
      const text = !isBinaryCharset(charset) && !/^(var)?binary/.test(def);
      // The decoder hands varbinary values over as raw bytes; CHAR/BINARY padding is the
      // server's business on both sides, so no width is kept.
      if (schema) schema.COLUMN_TYPE = 'varbinary';
      return { name, kind: text ? 'text' : 'bytes', charset: text ? charset : null, members: null };
    }
    if (type === T.VARCHAR_COMPRESSED) {
      const text = !isBinaryCharset(charset);
      if (schema) schema.COLUMN_TYPE = 'varbinary';
      return { name, kind: text ? 'text' : 'bytes', charset: text ? charset : null, members: null };
    }
    if (type === T.BIT) return { name, kind: 'bytes', charset: null, members: null };
    if (type === T.NEWDECIMAL || type === T.DECIMAL) {
      return { name, kind: 'decimal', charset: null, members: null };
    }
    if (type === T.YEAR) return { name, kind: 'year', charset: null, members: null };
    if (NUMBERS.has(type)) return { name, kind: 'number', charset: null, members: null };
    if (type === T.TIME2) {
      // The decoder mis-rounds negative TIME values ('-810:56:00' comes out as '-810:55:60');
      // read as BIT, the column arrives as its raw bytes and is decoded below.
      const decimals = (column.metadata as { decimals?: number }).decimals ?? 0;
      column.type = T.BIT;
      column.metadata = { bits: (3 + Math.ceil(decimals / 2)) * 8 };
      return { name, kind: 'time', charset: null, members: null, decimals };
    }
    if (TEMPORALS.has(type)) return { name, kind: 'temporal', charset: null, members: null };
    if (type === T.JSON) return { name, kind: 'json', charset: null, members: null };
    throw unsupported(entry, name, `type code ${type}`);
  });
  prepared.set(columns, codecs);
  return codecs;
}

const prepared = new WeakMap<object, ColumnCodec[]>();

function unsupported(entry: TableMapEntry, column: string, what: string): CutoverError {
  return new CutoverError(
    'BINLOG_READ_FAILED',
    `Column ${entry.parentSchema}.${entry.tableName}.${column} arrives in the binlog as ${what}, which Cutover cannot replicate exactly.`,
    'Leave the column out of the task ("columns"), or report the column definition.',
  );
}

export type ColumnValue = Buffer | string | number | null;

const NUMBER_TEXT = /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)(e[-+]?[0-9]+)?$/i;
const TEMPORAL_TEXT = /^-?[0-9: .-]*$/;

function invalid(codec: ColumnCodec, value: unknown): CutoverError {
  return new CutoverError(
    'APPLY_FAILED',
    `Column ${codec.name} carried a value Cutover cannot write exactly: ${JSON.stringify(String(value)).slice(0, 60)}.`,
    'Report this with the column definition; leave the column out of the task ("columns") to replicate the rest meanwhile.',
  );
}

const TIMEF_INT_OFS = 0x800000;
const TIMEF_OFS = 0x800000000000n;

/**
 * MySQL's TIME2 binlog format: a biased big-endian integer of packed hh:mm:ss, then 0–3 bytes
 * of fraction; negative values are stored as their two's complement over the whole width.
 */
export function decodeTime2(bytes: Buffer, decimals: number): string {
  let packed: bigint;
  if (decimals >= 5) {
    packed = BigInt(bytes.readUIntBE(0, 6)) - TIMEF_OFS;
  } else {
    let int = bytes.readUIntBE(0, 3) - TIMEF_INT_OFS;
    let frac = 0;
    if (decimals >= 3) {
      frac = bytes.readUInt16BE(3);
      if (int < 0 && frac !== 0) {
        int += 1;
        frac -= 0x10000;
      }
      frac *= 100;
    } else if (decimals >= 1) {
      frac = bytes.readUInt8(3);
      if (int < 0 && frac !== 0) {
        int += 1;
        frac -= 0x100;
      }
      frac *= 10000;
    }
    packed = (BigInt(int) << 24n) + BigInt(frac);
  }
  const negative = packed < 0n;
  if (negative) packed = -packed;
  const hms = Number(packed >> 24n);
  const micros = Number(packed % (1n << 24n));
  const hour = (hms >> 12) % (1 << 10);
  const minute = (hms >> 6) % (1 << 6);
  const second = hms % (1 << 6);
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  const fraction = decimals > 0 ? `.${pad(micros, 6).slice(0, decimals)}` : '';
  return `${negative ? '-' : ''}${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction}`;
}

/** The value as zongji decoded it, normalised to what `literal` takes. */
export function normalise(codec: ColumnCodec, value: unknown): ColumnValue {
  if (value === null || value === undefined) return null;
  if (codec.kind === 'time' && Buffer.isBuffer(value)) {
    return decodeTime2(value, codec.decimals ?? 0);
  }
  if (Buffer.isBuffer(value) || typeof value === 'number' || typeof value === 'string') {
    // YEAR 0000 is stored as 0, which the decoder reports as 1900 (a year YEAR cannot hold).
    if (codec.kind === 'year' && value === 1900) return 0;
    return value;
  }
  if (typeof value === 'bigint') return value.toString();
  if (codec.kind === 'json') return JSON.stringify(value);
  throw invalid(codec, value);
}

function numberText(codec: ColumnCodec, value: ColumnValue): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(codec, value);
    // -0.0 is a distinct DOUBLE; String() would drop its sign.
    return Object.is(value, -0) ? '-0e0' : String(value);
  }
  const text = Buffer.isBuffer(value) ? value.toString('latin1') : String(value);
  if (text === '' || !NUMBER_TEXT.test(text)) throw invalid(codec, value);
  return text;
}

/** An SQL literal the target reads back as the same value. */
export function literal(codec: ColumnCodec, value: ColumnValue): string {
  if (value === null) return 'NULL';
  switch (codec.kind) {
    case 'text': {
      const bytes = Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8');
      return `${introducer(codec.charset)} X'${bytes.toString('hex')}'`;
    }
    case 'bytes': {
      const bytes = Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'latin1');
      return `X'${bytes.toString('hex')}'`;
    }
    case 'number':
    case 'year':
    case 'decimal':
    case 'enum':
    case 'set':
      return numberText(codec, value);
    case 'temporal':
    case 'time': {
      const text = String(value);
      if (!TEMPORAL_TEXT.test(text)) throw invalid(codec, value);
      return `'${text}'`;
    }
    case 'json':
    case 'string': {
      const bytes = Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8');
      return `_utf8mb4 X'${bytes.toString('hex')}'`;
    }
  }
}

/** The value as a row filter sees it: text decoded, ENUM and SET as their labels. */
export function filterValue(codec: ColumnCodec, value: ColumnValue): string | number | null {
  if (value === null) return null;
  switch (codec.kind) {
    case 'text': {
      const bytes = Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8');
      const cs = codec.charset ?? 'utf8mb4';
      return cs === 'latin1' || cs === 'ascii' ? bytes.toString('latin1') : bytes.toString('utf8');
    }
    case 'bytes':
      return Buffer.isBuffer(value) ? value.toString('latin1') : String(value);
    case 'enum':
      return typeof value === 'number' ? (codec.members?.[value - 1] ?? '') : String(value);
    case 'set': {
      // Masks of SETs with more than 53 members arrive as exact decimal text.
      const text = Buffer.isBuffer(value) ? value.toString('latin1') : String(value);
      if (!/^\d+$/.test(text)) return text;
      const mask = BigInt(text);
      return (codec.members ?? []).filter((_, i) => (mask >> BigInt(i)) & 1n).join(',');
    }
    case 'number':
    case 'year':
      return typeof value === 'number' ? value : String(value);
    default:
      return Buffer.isBuffer(value) ? value.toString('utf8') : value;
  }
}
