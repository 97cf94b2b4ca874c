/** Groups of DATA_TYPE values (lower case) that DDL treats alike. */

const NUMERIC = new Set([
  'tinyint',
  'smallint',
  'mediumint',
  'int',
  'integer',
  'bigint',
  'decimal',
  'numeric',
  'float',
  'double',
  'real',
]);

// Only these accept CHARACTER SET / COLLATE; JSON, BINARY and the rest reject them or ignore them.
const CHARACTER = new Set([
  'char',
  'varchar',
  'tinytext',
  'text',
  'mediumtext',
  'longtext',
  'enum',
  'set',
]);

const BINARY_STRING = new Set(['binary', 'varbinary']);

const SPATIAL_TYPES: ReadonlySet<string> = new Set([
  'geometry',
  'point',
  'linestring',
  'polygon',
  'multipoint',
  'multilinestring',
  'multipolygon',
  'geometrycollection',
  'geomcollection',
]);

// MySQL allows these only an expression default `(expr)` (8.0.13+), never a bare literal.
const LOB = new Set([
  'tinytext',
  'text',
  'mediumtext',
  'longtext',
  'tinyblob',
  'blob',
  'mediumblob',
  'longblob',
  'json',
  ...SPATIAL_TYPES,
]);

export function isNumericType(dataType: string): boolean {
  return NUMERIC.has(dataType);
}

export function isCharacterType(dataType: string): boolean {
  return CHARACTER.has(dataType);
}

export function isBinaryStringType(dataType: string): boolean {
  return BINARY_STRING.has(dataType);
}

export function isLobType(dataType: string): boolean {
  return LOB.has(dataType);
}

export function isSpatialType(dataType: string): boolean {
  return SPATIAL_TYPES.has(dataType);
}
