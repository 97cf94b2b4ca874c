import type { ColumnDef } from '../../../shared/catalog.js';
import { parseMembers, type ColumnValue } from '../../cdc/ColumnCodec.js';
import { CutoverError } from '../../errors.js';
import { RawJson, type JsonValue } from './JsonText.js';
import { decodableCharset, decodeText } from './TextDecoding.js';

/**
 * How a column's values are written in a message (docs/kafka.md, "Values"):
 * integer and float as JSON numbers (exact digits, also beyond 2^53), decimal as an exact
 * string, bit(1) as a boolean and wider bits as the unsigned number, date/datetime/timestamp in
 * ISO-8601 with the column's fraction digits (timestamp in UTC, with Z), time as hh:mm:ss, year
 * as a number, text decoded from its charset, binary and spatial as base64, enum as its label,
 * set as its labels joined by commas, json as embedded JSON.
 */
export type ValueKind =
  | 'integer'
  | 'float'
  | 'decimal'
  | 'bit'
  | 'date'
  | 'datetime'
  | 'timestamp'
  | 'time'
  | 'year'
  | 'text'
  | 'binary'
  | 'enum'
  | 'set'
  | 'json';

export interface KafkaColumn {
  name: string;
  kind: ValueKind;
  /** COLUMN_TYPE as the source reports it (`int(10) unsigned`): Canal's mysqlType. */
  columnType: string;
  charset: string | null;
  /** ENUM and SET members in order. */
  members: string[];
  /** bit(n): n. */
  bits: number;
}

const KINDS: Record<string, ValueKind> = {
  tinyint: 'integer',
  smallint: 'integer',
  mediumint: 'integer',
  int: 'integer',
  integer: 'integer',
  bigint: 'integer',
  float: 'float',
  double: 'float',
  real: 'float',
  decimal: 'decimal',
  numeric: 'decimal',
  bit: 'bit',
  date: 'date',
  datetime: 'datetime',
  timestamp: 'timestamp',
  time: 'time',
  year: 'year',
  char: 'text',
  varchar: 'text',
  tinytext: 'text',
  text: 'text',
  mediumtext: 'text',
  longtext: 'text',
  binary: 'binary',
  varbinary: 'binary',
  tinyblob: 'binary',
  blob: 'binary',
  mediumblob: 'binary',
  longblob: 'binary',
  geometry: 'binary',
  point: 'binary',
  linestring: 'binary',
  polygon: 'binary',
  multipoint: 'binary',
  multilinestring: 'binary',
  multipolygon: 'binary',
  geometrycollection: 'binary',
  enum: 'enum',
  set: 'set',
  json: 'json',
  // MariaDB's own types, whose values are text.
  uuid: 'text',
  inet4: 'text',
  inet6: 'text',
};

/** The message encoding of a source column; throws for a type no JSON form is defined for. */
export function kafkaColumn(def: ColumnDef): KafkaColumn {
  const kind = KINDS[def.dataType];
  if (!kind) {
    throw new CutoverError(
      'USAGE',
      `Column ${def.name} is of type ${def.columnType}, which Cutover has no message encoding for.`,
      'Leave the column out of the task ("columns").',
    );
  }
  const binaryText = kind === 'text' && (def.charset === null || def.charset === 'binary');
  const charset = kind === 'text' && !binaryText ? def.charset : null;
  if (charset && !decodableCharset(charset)) {
    throw new CutoverError(
      'USAGE',
      `Column ${def.name} holds ${charset} text, which cannot be decoded for a Kafka message.`,
      'Leave the column out of the task ("columns"), or convert it to utf8mb4 on the source.',
    );
  }
  const width = /^bit\((\d+)\)/i.exec(def.columnType);
  return {
    name: def.name,
    kind: binaryText ? 'binary' : kind,
    columnType: def.columnType,
    charset: kind === 'text' && def.dataType.match(/^(uuid|inet4|inet6)$/) ? 'utf8mb4' : charset,
    members: kind === 'enum' || kind === 'set' ? parseMembers(def.columnType) : [],
    bits: width ? Number(width[1]) : 1,
  };
}

const INTEGER = /^[-+]?\d+$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function text(value: Exclude<ColumnValue, null>): string {
  return Buffer.isBuffer(value) ? value.toString('latin1') : String(value);
}

function badValue(column: KafkaColumn, value: unknown): CutoverError {
  return new CutoverError(
    'APPLY_FAILED',
    `Column ${column.name} (${column.columnType}) carried a value Cutover cannot encode exactly: ${JSON.stringify(String(value)).slice(0, 60)}.`,
    'Report this with the column definition; leave the column out of the task ("columns") to stream the rest meanwhile.',
  );
}

function exactNumber(column: KafkaColumn, value: Exclude<ColumnValue, null>): JsonValue {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw badValue(column, value);
    return value;
  }
  const t = text(value);
  if (!NUMBER.test(t)) throw badValue(column, value);
  return new RawJson(t.replace(/^\+/, ''));
}

/** A bit value: the bytes (binlog, raw column) or the unsigned number. */
function bitValue(column: KafkaColumn, value: Exclude<ColumnValue, null>): JsonValue {
  let n: bigint;
  if (Buffer.isBuffer(value)) {
    n = 0n;
    for (const byte of value) n = (n << 8n) | BigInt(byte);
  } else if (typeof value === 'number' || INTEGER.test(value)) {
    n = BigInt(value);
  } else {
    throw badValue(column, value);
  }
  if (column.bits === 1) return n !== 0n;
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : new RawJson(n.toString());
}

/** 'YYYY-MM-DD' with no zero month or day: a date ISO-8601 can write. */
function realDate(t: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])/.test(t);
}

function temporal(column: KafkaColumn, t: string): string {
  // Zero dates ('0000-00-00') have no ISO-8601 form: they pass as the server prints them.
  if (!realDate(t)) return t;
  if (column.kind === 'date') return t.slice(0, 10);
  const iso = t.replace(' ', 'T');
  return column.kind === 'timestamp' ? `${iso}Z` : iso;
}

function labelsOfMask(column: KafkaColumn, mask: bigint): string {
  return column.members.filter((_, i) => (mask >> BigInt(i)) & 1n).join(',');
}

/**
 * One column value as it goes into a message. Values arrive as the binlog reader normalises
 * them (`ColumnValue`: text as bytes, enum and set as index and mask) or as the text protocol
 * returns them (every value as its bytes).
 */
export function encodeValue(
  column: KafkaColumn,
  value: ColumnValue,
  onInvalidText: () => void,
): JsonValue {
  if (value === null) return null;
  switch (column.kind) {
    case 'integer':
    case 'float':
    case 'year':
      return exactNumber(column, value);
    case 'decimal': {
      const t = text(value);
      if (!NUMBER.test(t)) throw badValue(column, value);
      return t;
    }
    case 'bit':
      return bitValue(column, value);
    case 'date':
    case 'datetime':
    case 'timestamp':
      return temporal(column, text(value));
    case 'time':
      return text(value);
    case 'text':
      return Buffer.isBuffer(value)
        ? decodeText(value, column.charset ?? 'utf8mb4', onInvalidText)
        : String(value);
    case 'binary':
      return (Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'latin1')).toString(
        'base64',
      );
    case 'enum':
      if (typeof value === 'number') return column.members[value - 1] ?? '';
      return Buffer.isBuffer(value) ? decodeText(value, 'utf8mb4', onInvalidText) : value;
    case 'set': {
      if (typeof value === 'number') return labelsOfMask(column, BigInt(value));
      const t = Buffer.isBuffer(value) ? decodeText(value, 'utf8mb4', onInvalidText) : value;
      // Masks of SETs with more than 53 members arrive as exact decimal text.
      return INTEGER.test(t) && !column.members.includes(t) ? labelsOfMask(column, BigInt(t)) : t;
    }
    case 'json': {
      const t = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
      return new RawJson(t === '' ? 'null' : t);
    }
  }
}
