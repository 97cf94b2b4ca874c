import type { ColumnDef } from '../../shared/catalog.js';
import { CutoverError } from '../errors.js';
import {
  isBinaryStringType,
  isCharacterType,
  isNumericType,
  isSpatialType,
} from '../schema/ColumnTypes.js';

/** Turns the raw bytes the source sent for one column into an SQL literal for the target. */
export type ValueEncoder = (raw: Buffer | null) => string;

const NUMBER_TEXT = /^[-+]?[0-9]*\.?[0-9]*(e[-+]?[0-9]+)?$/i;
const TEMPORAL_TEXT = /^-?[0-9: .-]*$/;
const TEMPORAL = new Set(['date', 'time', 'datetime', 'timestamp']);

/**
 * The introducer that tells the target which charset the bytes are in, so it converts them into
 * the column's charset. utf8/utf8mb3 bytes are valid utf8mb4, and not every target knows the
 * utf8mb3 name (OceanBase has none).
 */
export function introducer(charset: string | null): string {
  const cs = (charset ?? 'utf8mb4').toLowerCase();
  return cs === 'utf8' || cs === 'utf8mb3' ? '_utf8mb4' : `_${cs}`;
}

function unexpected(column: ColumnDef, raw: Buffer): CutoverError {
  return new CutoverError(
    'COPY_FAILED',
    `Column ${column.name} (${column.columnType}) returned a value Cutover cannot copy exactly: ${JSON.stringify(raw.toString('latin1').slice(0, 40))}.`,
    'Report this with the column definition; leave the column out of the task ("columns") to copy the rest meanwhile.',
  );
}

/**
 * Every value travels as the bytes of the text protocol and is written back so that the target
 * stores the same value: numbers and temporals as their exact text, strings as hex with their
 * charset introducer (any byte, any charset, no escaping), binary data as plain hex.
 */
export function encoderFor(column: ColumnDef): ValueEncoder {
  const type = column.dataType;
  if (isNumericType(type) || type === 'year') {
    return (raw) => {
      if (raw === null) return 'NULL';
      const text = raw.toString('latin1');
      if (text === '' || !NUMBER_TEXT.test(text)) throw unexpected(column, raw);
      return text;
    };
  }
  if (TEMPORAL.has(type)) {
    return (raw) => {
      if (raw === null) return 'NULL';
      const text = raw.toString('latin1');
      if (!TEMPORAL_TEXT.test(text)) throw unexpected(column, raw);
      return `'${text}'`;
    };
  }
  if (isCharacterType(type) || type === 'json') {
    const intro = type === 'json' ? '_utf8mb4' : introducer(column.charset);
    return (raw) => (raw === null ? 'NULL' : `${intro} X'${raw.toString('hex')}'`);
  }
  if (isBinaryStringType(type) || isSpatialType(type) || type === 'bit' || /blob$/.test(type)) {
    return (raw) => (raw === null ? 'NULL' : `X'${raw.toString('hex')}'`);
  }
  throw new CutoverError(
    'COPY_FAILED',
    `Column ${column.name} has the type ${column.columnType}, which Cutover does not know how to copy.`,
    'Leave the column out of the task ("columns"), or report the type so it can be supported.',
  );
}
