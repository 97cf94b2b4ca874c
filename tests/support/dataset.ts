import type { Connection } from 'mysql2/promise';

/**
 * Test data with every column type and the edge values a copier must carry over byte for byte.
 *
 * Rows are maps of column name → SQL value expression (a literal or an expression the server
 * evaluates), so the same rows can be inserted with plain INSERT statements on any server and
 * compared afterwards with tests/support/compare.ts. Insert them with `loadRows`, which sets the
 * permissive session the edge values need (sql_mode '' for zero dates and the empty ENUM value,
 * time_zone '+00:00' for TIMESTAMP, utf8mb4 for the 4-byte characters).
 */

/** Column name → SQL value expression. Columns left out get their default (NULL). */
export type SqlRow = Readonly<Record<string, string>>;

/** The all-types table's columns (besides `id`) and their types, in table order. */
export const ALL_TYPES_COLUMNS: readonly (readonly [name: string, type: string])[] = [
  ['c_tinyint', 'TINYINT'],
  ['c_tinyint_u', 'TINYINT UNSIGNED'],
  ['c_smallint', 'SMALLINT'],
  ['c_smallint_u', 'SMALLINT UNSIGNED'],
  ['c_mediumint', 'MEDIUMINT'],
  ['c_mediumint_u', 'MEDIUMINT UNSIGNED'],
  ['c_int', 'INT'],
  ['c_int_u', 'INT UNSIGNED'],
  ['c_bigint', 'BIGINT'],
  ['c_bigint_u', 'BIGINT UNSIGNED'],
  ['c_dec65', 'DECIMAL(65,30)'],
  ['c_dec10', 'DECIMAL(10,2)'],
  ['c_float', 'FLOAT'],
  ['c_double', 'DOUBLE'],
  ['c_bit1', 'BIT(1)'],
  ['c_bit64', 'BIT(64)'],
  ['c_date', 'DATE'],
  ['c_datetime', 'DATETIME'],
  ['c_datetime6', 'DATETIME(6)'],
  ['c_timestamp6', 'TIMESTAMP(6) NULL DEFAULT NULL'],
  ['c_time', 'TIME'],
  ['c_time6', 'TIME(6)'],
  ['c_year', 'YEAR'],
  ['c_char', 'CHAR(20)'],
  ['c_varchar', 'VARCHAR(255)'],
  ['c_tinytext', 'TINYTEXT'],
  ['c_text', 'TEXT'],
  ['c_mediumtext', 'MEDIUMTEXT'],
  ['c_longtext', 'LONGTEXT'],
  ['c_binary', 'BINARY(16)'],
  ['c_varbinary', 'VARBINARY(300)'],
  ['c_tinyblob', 'TINYBLOB'],
  ['c_blob', 'BLOB'],
  ['c_mediumblob', 'MEDIUMBLOB'],
  ['c_longblob', 'LONGBLOB'],
  ['c_enum', "ENUM('first','middle','last')"],
  ['c_set', "SET('a','b','c','d')"],
  ['c_json', 'JSON'],
  ['c_latin1', 'VARCHAR(255) CHARACTER SET latin1 COLLATE latin1_swedish_ci'],
  ['c_utf8_bin', 'VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin'],
  ['c_geometry', 'GEOMETRY NULL'],
  ['c_point', 'POINT NULL'],
];

const q = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

/**
 * CREATE TABLE for the all-types table: a BIGINT primary key `id` and one nullable column per
 * type in ALL_TYPES_COLUMNS. The table's default charset is utf8mb4 (general_ci), so the plain
 * string columns compare case- and trailing-space-insensitively while their bytes differ.
 */
export function ALL_TYPES_TABLE(db: string, table: string): string {
  const cols = ALL_TYPES_COLUMNS.map(([name, type]) => `  ${q(name)} ${type}`).join(',\n');
  return (
    `CREATE TABLE ${q(db)}.${q(table)} (\n  \`id\` BIGINT NOT NULL,\n${cols},\n` +
    `  PRIMARY KEY (\`id\`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci`
  );
}

// ---------------------------------------------------------------------------------------------
// SQL literals

/**
 * A quoted string literal with backslash escapes (valid when sql_mode lacks
 * NO_BACKSLASH_ESCAPES, which loadRows guarantees). The connection charset must be utf8mb4.
 */
export function sqlString(s: string): string {
  let out = "'";
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const escape = ESCAPES[s.charCodeAt(i)];
    if (escape === undefined) continue;
    out += s.slice(from, i) + escape;
    from = i + 1;
  }
  return `${out}${s.slice(from)}'`;
}

/** Characters a backslash-escaped string literal must escape, by char code. */
const ESCAPES: Record<number, string> = {
  0x00: '\\0',
  0x0a: '\\n',
  0x0d: '\\r',
  0x1a: '\\Z',
  0x27: "\\'",
  0x5c: '\\\\',
};

/** A hexadecimal literal (a binary string); `X''` is the empty binary string. */
export function sqlHex(bytes: Uint8Array, charset?: string): string {
  const hex = Buffer.from(bytes).toString('hex').toUpperCase();
  return charset ? `_${charset} X'${hex}'` : `X'${hex}'`;
}

/** A DOUBLE literal that parses back to exactly `v` (shortest round-trip digits + exponent). */
export function sqlDouble(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`no SQL literal for ${v}`);
  if (Object.is(v, -0)) return '-0e0';
  const s = String(v);
  return /e/.test(s) ? s : `${s}e0`;
}

const bytesRange = (from: number, to: number): Uint8Array =>
  Uint8Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** 0..15 as a derived table without recursion (MariaDB caps recursive CTEs at 1000 rows). */
const SIXTEEN = Array.from({ length: 16 }, (_, i) => `SELECT ${i}`).join(' UNION ALL ');
const N65536 = `WITH d(v) AS (${SIXTEEN}), n(v) AS (SELECT a.v * 4096 + b.v * 256 + c.v * 16 + e.v FROM d a, d b, d c, d e)`;

/** 1 MiB of pseudo-random bytes computed by the server: MD5 of 0..65535, concatenated. */
export const MIB_RANDOM_BLOB_SQL = `(${N65536} SELECT GROUP_CONCAT(UNHEX(MD5(v)) ORDER BY v SEPARATOR '') FROM n)`;

/** 1 MiB (1,048,576 bytes, 983,040 characters) of utf8mb4 text with 2- and 4-byte characters. */
export const MIB_TEXT_SQL = `(${N65536} SELECT GROUP_CONCAT(LEFT(MD5(v), 14), ELT(1 + v % 4, ' ', 'é', '😀', '\\n') ORDER BY v SEPARATOR '') FROM n)`;

// ---------------------------------------------------------------------------------------------
// Edge rows

/** Primary keys of the edge rows, by what they exercise. */
export const EDGE = {
  minimums: 1,
  maximums: 2,
  zeros: 3,
  minusOnes: 4,
  decimals: 5,
  negativeDecimals: 6,
  tinyFloats: 7,
  precisionFloats: 8,
  subnormals: 9,
  escapes: 10,
  unicode: 11,
  lowerCase: 12,
  upperCase: 13,
  trailingSpaces: 14,
  emptyStrings: 15,
  binaries: 16,
  trailingZeroBytes: 17,
  bigValues: 18,
  enumSetMiddle: 19,
  jsonNested: 20,
  jsonEscapes: 21,
  jsonNumbers: 22,
  jsonScalars: 23,
  point: 24,
  polygon: 25,
  srid: 26,
  allNull: 27,
} as const;

/** Integer ranges of the integer columns. */
const INT_RANGES: Record<string, readonly [bigint, bigint]> = {
  c_tinyint: [-128n, 127n],
  c_tinyint_u: [0n, 255n],
  c_smallint: [-32768n, 32767n],
  c_smallint_u: [0n, 65535n],
  c_mediumint: [-8388608n, 8388607n],
  c_mediumint_u: [0n, 16777215n],
  c_int: [-2147483648n, 2147483647n],
  c_int_u: [0n, 4294967295n],
  c_bigint: [-9223372036854775808n, 9223372036854775807n],
  c_bigint_u: [0n, 18446744073709551615n],
};

const ALL_BYTES = bytesRange(0, 255);
const STRING_COLUMNS = [
  'c_char',
  'c_varchar',
  'c_tinytext',
  'c_text',
  'c_mediumtext',
  'c_longtext',
  'c_utf8_bin',
  'c_latin1',
] as const;
const allStrings = (value: string): Record<string, string> =>
  Object.fromEntries(STRING_COLUMNS.map((c) => [c, sqlString(value)]));

/**
 * Deterministic rows hitting every edge value (ids are EDGE's values, 1..27). Insert them with
 * loadRows (sql_mode '', time_zone '+00:00'); several values are only accepted that way.
 */
export function edgeRows(): SqlRow[] {
  const rows: Record<string, string>[] = [
    {
      id: String(EDGE.minimums),
      c_tinyint: '-128',
      c_tinyint_u: '0',
      c_smallint: '-32768',
      c_smallint_u: '0',
      c_mediumint: '-8388608',
      c_mediumint_u: '0',
      c_int: '-2147483648',
      c_int_u: '0',
      c_bigint: '-9223372036854775808',
      c_bigint_u: '0',
      c_dec65: '-99999999999999999999999999999999999.999999999999999999999999999999',
      c_dec10: '-99999999.99',
      c_float: '-3.4028234663852886e38',
      c_double: '-1.7976931348623157e308',
      c_bit1: "b'0'",
      c_bit64: "b'0'",
      c_date: "'1000-01-01'",
      c_datetime: "'1000-01-01 00:00:00'",
      c_datetime6: "'1000-01-01 00:00:00.000000'",
      c_timestamp6: "'1970-01-01 00:00:01.000000'",
      c_time: "'-838:59:59'",
      c_time6: "'-838:59:59.999999'",
      c_year: '1901',
      c_enum: "'first'",
      c_set: "'a'",
      c_json: "'[]'",
    },
    {
      id: String(EDGE.maximums),
      c_tinyint: '127',
      c_tinyint_u: '255',
      c_smallint: '32767',
      c_smallint_u: '65535',
      c_mediumint: '8388607',
      c_mediumint_u: '16777215',
      c_int: '2147483647',
      c_int_u: '4294967295',
      c_bigint: '9223372036854775807',
      c_bigint_u: '18446744073709551615',
      c_dec65: '99999999999999999999999999999999999.999999999999999999999999999999',
      c_dec10: '99999999.99',
      c_float: '3.4028234663852886e38',
      c_double: '1.7976931348623157e308',
      c_bit1: "b'1'",
      c_bit64: `b'${'1'.repeat(64)}'`,
      c_date: "'9999-12-31'",
      c_datetime: "'9999-12-31 23:59:59'",
      c_datetime6: "'9999-12-31 23:59:59.999999'",
      c_timestamp6: "'2038-01-19 03:14:07.999999'",
      c_time: "'838:59:59'",
      c_time6: "'838:59:59.999999'",
      c_year: '2155',
      c_enum: "'last'",
      c_set: "'a,b,c,d'",
      c_json: "'{}'",
    },
    {
      id: String(EDGE.zeros),
      ...Object.fromEntries(Object.keys(INT_RANGES).map((c) => [c, '0'])),
      c_dec65: '0',
      c_dec10: '0',
      c_float: '0e0',
      c_double: '0e0',
      c_bit1: "b'0'",
      c_bit64: '0',
      c_date: "'0000-00-00'",
      c_datetime: "'0000-00-00 00:00:00'",
      c_datetime6: "'0000-00-00 00:00:00.000000'",
      c_timestamp6: "'0000-00-00 00:00:00.000000'",
      c_time: "'00:00:00'",
      c_time6: "'00:00:00.000000'",
      c_year: '0',
      ...allStrings(''),
      c_binary: "X''",
      c_varbinary: "X''",
      c_tinyblob: "X''",
      c_blob: "X''",
      c_mediumblob: "X''",
      c_longblob: "X''",
      // Not a member: stored as the empty "error" value (index 0), only under a non-strict mode.
      c_enum: "''",
      c_set: "''",
      c_json: "'null'",
    },
    {
      id: String(EDGE.minusOnes),
      c_tinyint: '-1',
      c_tinyint_u: '1',
      c_smallint: '-1',
      c_smallint_u: '1',
      c_mediumint: '-1',
      c_mediumint_u: '1',
      c_int: '-1',
      c_int_u: '1',
      c_bigint: '-1',
      c_bigint_u: '1',
      c_dec65: '-0.000000000000000000000000000001',
      c_dec10: '-0.01',
      // The server stores -0.0 as +0 (MariaDB 10.11); a copier must not invent a sign either.
      c_float: '-0e0',
      c_double: '-0e0',
      c_bit64: "b'1'",
      c_date: "'2024-02-29'",
      c_datetime: "'2024-02-29 23:59:59'",
      c_datetime6: "'2024-02-29 12:34:56.789012'",
      c_timestamp6: "'2024-02-29 12:00:00.500000'",
      c_time: "'-00:00:01'",
      c_time6: "'-00:00:01.000001'",
      c_year: '2024',
    },
    {
      id: String(EDGE.decimals),
      c_dec65: '12345678901234567890123456789012345.123456789012345678901234567890',
      c_dec10: '12345678.90',
      c_float: '1.1',
      c_double: '0.1e0 + 0.2e0',
      c_bigint: '9007199254740993',
      c_bigint_u: '9223372036854775808',
    },
    {
      id: String(EDGE.negativeDecimals),
      c_dec65: '-12345678901234567890123456789012345.123456789012345678901234567890',
      c_dec10: '-12345678.90',
      c_float: '1.1000001',
      c_double: '0.3e0',
      c_bigint: '-9007199254740993',
    },
    {
      id: String(EDGE.tinyFloats),
      c_dec65: '0.000000000000000000000000000001',
      c_float: '1.17549435e-38',
      c_double: '5e-324',
    },
    {
      id: String(EDGE.precisionFloats),
      c_float: '16777217',
      c_double: '16777217e0',
      c_int: '16777217',
      c_dec65: '9007199254740993',
    },
    {
      id: String(EDGE.subnormals),
      c_float: '1.401298464324817e-45',
      c_double: '2.2250738585072014e-308',
    },
    {
      id: String(EDGE.escapes),
      c_char: sqlString('it\'s \\ "q"'),
      c_varchar: sqlString('a\0b\'c"d\\e\nf\r\tg\x1ah\\0'),
      c_tinytext: sqlString('line1\nline2\r\nline3'),
      c_text: sqlString('%_ LIKE wildcards and \\% escapes'),
      c_mediumtext: sqlString('\0\0\0'),
      c_longtext: sqlString("'; DROP TABLE x; --"),
      c_utf8_bin: sqlString('back\\slash'),
      c_latin1: sqlHex(bytesRange(0x80, 0xff), 'latin1'),
    },
    {
      id: String(EDGE.unicode),
      c_char: sqlString('😀𝄞'),
      c_varchar: sqlString('emoji 😀 clef 𝄞 cjk 漢字'),
      c_tinytext: sqlString('𝄞'),
      c_text: sqlString('e\u0301 vs \u00e9'),
      c_mediumtext: sqlString('a\u0300\u0301\u0302\u0303'),
      c_longtext: sqlString('\u200b\ufeff\u2028\u2029'),
      c_utf8_bin: sqlString('\u00e9'),
      // é, space, ÿ, space, the byte 0x80 (€ in MariaDB's latin1, which is cp1252).
      c_latin1: sqlHex(Uint8Array.from([0xe9, 0x20, 0xff, 0x20, 0x80]), 'latin1'),
    },
    { id: String(EDGE.lowerCase), ...allStrings('a') },
    { id: String(EDGE.upperCase), ...allStrings('A') },
    { id: String(EDGE.trailingSpaces), ...allStrings('a  ') },
    {
      id: String(EDGE.emptyStrings),
      ...allStrings(''),
      c_varbinary: "X''",
      c_blob: "X''",
      c_json: '\'""\'',
    },
    {
      id: String(EDGE.binaries),
      c_binary: sqlHex(Uint8Array.from({ length: 16 }, (_, i) => (i % 2 ? 0xff : 0x00))),
      c_varbinary: sqlHex(ALL_BYTES),
      c_tinyblob: sqlHex(bytesRange(0, 254)),
      c_blob: `REPEAT(${sqlHex(ALL_BYTES)}, 4)`,
      c_mediumblob: "X'00'",
      c_longblob: "X'FF'",
    },
    {
      id: String(EDGE.trailingZeroBytes),
      c_binary: "X'01'",
      c_varbinary: "X'0100'",
      c_tinyblob: "X'000000'",
      c_blob: "X'20'",
    },
    {
      id: String(EDGE.bigValues),
      c_longblob: MIB_RANDOM_BLOB_SQL,
      c_longtext: MIB_TEXT_SQL,
      c_mediumblob: "REPEAT(X'00FF', 524288)",
      c_mediumtext: "REPEAT('😀', 262144)",
    },
    { id: String(EDGE.enumSetMiddle), c_enum: "'middle'", c_set: "'d,b'" },
    {
      id: String(EDGE.jsonNested),
      c_json: sqlString('{"a": {"b": [1, 2, {"c": null, "d": [[], {}]}]}, "s": "x"}'),
    },
    {
      id: String(EDGE.jsonEscapes),
      c_json: sqlString('{"esc": "\\u00e9\\ud83d\\ude00\\n\\"\\\\", "raw": "é😀𝄞"}'),
    },
    {
      id: String(EDGE.jsonNumbers),
      c_json: sqlString(
        '[18446744073709551616, -9223372036854775809, 0.1, -0, 1e308, 1.0, 100, 1E-7]',
      ),
    },
    { id: String(EDGE.jsonScalars), c_json: sqlString('  { "k" :  true , "n": null }  ') },
    {
      id: String(EDGE.point),
      c_geometry: "ST_GeomFromText('POINT(1 2)')",
      c_point: "ST_GeomFromText('POINT(1 2)')",
    },
    {
      id: String(EDGE.polygon),
      c_geometry: "ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,3 2,3 3,2 3,2 2))')",
      c_point: "ST_GeomFromText('POINT(-1.5 1e-300)')",
    },
    {
      id: String(EDGE.srid),
      c_geometry: "ST_GeomFromText('LINESTRING(0 0,1 1,2 0.1)', 4326)",
      c_point: "ST_GeomFromText('POINT(10 20)', 4326)",
    },
    { id: String(EDGE.allNull) },
  ];
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Random rows

/** sfc32: a small, fast, seedable 32-bit generator (no Math.random). */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next32();
  }

  next32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [0, n) for n ≤ 2^32. */
  int(n: number): number {
    return Math.floor((this.next32() / 0x100000000) * n);
  }

  /** An integer in [min, max] (both within ±2^31). */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next32() / 0x100000000 < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  u64(): bigint {
    return (BigInt(this.next32()) << 32n) | BigInt(this.next32());
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      let r = this.next32();
      for (let j = i; j < Math.min(n, i + 4); j++, r >>>= 8) out[j] = r & 0xff;
    }
    return out;
  }
}

const ALPHABET = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...'     ',
  "'",
  '"',
  '\\',
  '\n',
  '\r',
  '\t',
  '\0',
  '%',
  '_',
  'é',
  'ß',
  'ÿ',
  '€',
  'ø',
  '漢',
  '字',
  '😀',
  '𝄞',
  '\u0301',
  '\u200b',
];
const LATIN1_ALPHABET = [...'abcXYZ 019', 'é', 'ÿ', '€', 'ß', 'Ø', '\\', "'"];

function randomString(rng: Prng, maxChars: number, alphabet: readonly string[] = ALPHABET) {
  const n = rng.chance(0.05) ? 0 : rng.int(maxChars + 1);
  let s = '';
  for (let i = 0; i < n; i++) s += rng.pick(alphabet);
  return s;
}

/** Whole bytes of a string in utf8mb4 cut to a maximum byte length. */
function utf8Cut(s: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out;
}

function randomBigInt(rng: Prng, [min, max]: readonly [bigint, bigint]): bigint {
  const r = rng.int(10);
  if (r === 0) return min;
  if (r === 1) return max;
  if (r === 2) return 0n;
  const span = max - min + 1n;
  return min + (rng.u64() % span);
}

function randomDigits(rng: Prng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(10));
  return s;
}

const SCRATCH = Buffer.alloc(8);

function randomDouble(rng: Prng): number {
  const kind = rng.int(4);
  if (kind === 0) return rng.range(-1000000, 1000000) / 1000;
  if (kind === 1) return rng.range(-100, 100) / 10;
  const buf = SCRATCH;
  for (;;) {
    buf.writeUInt32LE(rng.next32(), 0);
    buf.writeUInt32LE(rng.next32(), 4);
    const v = buf.readDoubleLE(0);
    if (Number.isFinite(v)) return v;
  }
}

function randomFloat(rng: Prng): number {
  const kind = rng.int(4);
  if (kind === 0) return rng.range(-1000000, 1000000) / 1000;
  if (kind === 1) return rng.range(-100, 100) / 10;
  const buf = SCRATCH;
  for (;;) {
    buf.writeUInt32LE(rng.next32(), 0);
    const v = buf.readFloatLE(0);
    if (Number.isFinite(v)) return v;
  }
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function randomDate(rng: Prng): string {
  const y = rng.range(1000, 9999);
  const m = rng.range(1, 12);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 28;
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(rng.range(1, days), 2)}`;
}

const randomClock = (rng: Prng): string =>
  `${pad(rng.int(24), 2)}:${pad(rng.int(60), 2)}:${pad(rng.int(60), 2)}`;

function randomTimestamp(rng: Prng): string {
  // 1970-01-01 00:00:01 .. 2038-01-19 03:14:07 UTC, inserted under time_zone '+00:00'.
  const seconds = 1 + rng.int(2147483647);
  const iso = new Date(seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${pad(rng.int(1000000), 6)}`;
}

function randomTime(rng: Prng, fraction: boolean): string {
  const sign = rng.chance(0.3) ? '-' : '';
  const t = `${sign}${rng.int(839)}:${pad(rng.int(60), 2)}:${pad(rng.int(60), 2)}`;
  return fraction ? `${t}.${pad(rng.int(1000000), 6)}` : t;
}

function randomJson(rng: Prng, depth: number): string {
  const kind = rng.int(depth > 2 ? 5 : 7);
  switch (kind) {
    case 0:
      return rng.pick(['null', 'true', 'false']);
    case 1:
      return rng.pick([
        String(rng.range(-1000000, 1000000)),
        '18446744073709551616',
        '0.1',
        '-0',
        String(randomDouble(rng)),
        `${rng.range(1, 9)}e${rng.range(-300, 300)}`,
      ]);
    case 2:
    case 3:
    case 4:
      return JSON.stringify(randomString(rng, 12));
    case 5: {
      const n = rng.int(4);
      return `[${Array.from({ length: n }, () => randomJson(rng, depth + 1)).join(rng.pick([',', ', ']))}]`;
    }
    default: {
      const n = rng.int(4);
      const members = Array.from(
        { length: n },
        (_, i) =>
          `${JSON.stringify(`k${i}${randomString(rng, 3)}`)}: ${randomJson(rng, depth + 1)}`,
      );
      return `{${members.join(', ')}}`;
    }
  }
}

function randomGeometry(rng: Prng, pointOnly: boolean): string {
  const c = (): string => String(rng.range(-1800000, 1800000) / 10000);
  if (pointOnly || rng.chance(0.5)) return `ST_GeomFromText('POINT(${c()} ${c()})')`;
  if (rng.chance(0.5)) return `ST_GeomFromText('LINESTRING(${c()} ${c()},${c()} ${c()})')`;
  const x = rng.range(-170, 160);
  const y = rng.range(-80, 70);
  const s = rng.range(1, 9);
  return `ST_GeomFromText('POLYGON((${x} ${y},${x + s} ${y},${x + s} ${y + s},${x} ${y + s},${x} ${y}))')`;
}

/** One pseudo-random value (a SQL expression) for a column of the all-types table. */
function randomValue(rng: Prng, column: string): string {
  if (rng.chance(0.05)) return 'NULL';
  const intRange = INT_RANGES[column];
  if (intRange) return String(randomBigInt(rng, intRange));
  switch (column) {
    case 'c_dec65':
      return `${rng.chance(0.5) ? '-' : ''}${randomDigits(rng, rng.range(1, 35))}.${randomDigits(rng, rng.range(0, 30))}`;
    case 'c_dec10':
      return `${rng.chance(0.5) ? '-' : ''}${randomDigits(rng, rng.range(1, 8))}.${randomDigits(rng, 2)}`;
    case 'c_float':
      return sqlDouble(randomFloat(rng));
    case 'c_double':
      return sqlDouble(randomDouble(rng));
    case 'c_bit1':
      return rng.chance(0.5) ? "b'1'" : "b'0'";
    case 'c_bit64':
      return rng.chance(0.2) ? `b'1${'0'.repeat(rng.int(64))}'` : String(rng.u64());
    case 'c_date':
      return rng.chance(0.02) ? "'0000-00-00'" : `'${randomDate(rng)}'`;
    case 'c_datetime':
      return `'${randomDate(rng)} ${randomClock(rng)}'`;
    case 'c_datetime6':
      return `'${randomDate(rng)} ${randomClock(rng)}.${pad(rng.int(1000000), 6)}'`;
    case 'c_timestamp6':
      return `'${randomTimestamp(rng)}'`;
    case 'c_time':
      return `'${randomTime(rng, false)}'`;
    case 'c_time6':
      return `'${randomTime(rng, true)}'`;
    case 'c_year':
      return rng.chance(0.05) ? '0' : String(rng.range(1901, 2155));
    case 'c_char':
      return sqlString(randomString(rng, 20));
    case 'c_varchar':
    case 'c_utf8_bin':
      return sqlString(randomString(rng, 60));
    case 'c_tinytext':
      return sqlString(utf8Cut(randomString(rng, 80), 255));
    case 'c_text':
    case 'c_mediumtext':
    case 'c_longtext':
      return sqlString(randomString(rng, rng.chance(0.02) ? 3000 : 100));
    case 'c_latin1':
      return sqlString(randomString(rng, 60, LATIN1_ALPHABET));
    case 'c_binary':
      return sqlHex(rng.bytes(rng.chance(0.1) ? rng.int(16) : 16));
    case 'c_varbinary':
    case 'c_tinyblob':
      return sqlHex(rng.bytes(rng.int(rng.chance(0.1) ? 255 : 40)));
    case 'c_blob':
    case 'c_mediumblob':
    case 'c_longblob':
      return sqlHex(rng.bytes(rng.int(rng.chance(0.02) ? 5000 : 100)));
    case 'c_enum':
      return sqlString(rng.pick(['first', 'middle', 'last', 'last', '']));
    case 'c_set':
      return sqlString(['a', 'b', 'c', 'd'].filter(() => rng.chance(0.5)).join(','));
    case 'c_json':
      return sqlString(randomJson(rng, 0));
    case 'c_geometry':
      return randomGeometry(rng, false);
    case 'c_point':
      return randomGeometry(rng, true);
    default:
      throw new Error(`no generator for column ${column}`);
  }
}

export interface RandomRowsOptions {
  /** The first row's id; ids count up from it (default 1,000,000, clear of the edge rows). */
  firstId?: number;
}

/**
 * `n` deterministic pseudo-random rows of the all-types table for `seed`, generated lazily so a
 * test can load hundreds of thousands of rows without holding them: `loadRows(conn, db, t,
 * randomRows(200_000, 7))`. The same (n, seed, firstId) always yields the same rows.
 */
export function* randomRows(
  n: number,
  seed: number,
  opts: RandomRowsOptions = {},
): Generator<SqlRow> {
  const rng = new Prng(seed);
  const firstId = opts.firstId ?? 1_000_000;
  for (let i = 0; i < n; i++) {
    const row: Record<string, string> = { id: String(firstId + i) };
    for (const [column] of ALL_TYPES_COLUMNS) row[column] = randomValue(rng, column);
    yield row;
  }
}

// ---------------------------------------------------------------------------------------------
// Loading

export interface InsertBatchOptions {
  /** Rows per INSERT statement at most (default 500). */
  batchRows?: number;
  /** Statement length in characters to stop adding rows at (default 1 MiB). */
  batchChars?: number;
}

/**
 * Multi-row INSERT statements for `rows`, lazily. Consecutive rows with the same column set
 * share a statement; a row with other columns starts a new one.
 */
export async function* insertStatements(
  db: string,
  table: string,
  rows: Iterable<SqlRow> | AsyncIterable<SqlRow>,
  opts: InsertBatchOptions = {},
): AsyncGenerator<{ sql: string; rows: number }> {
  const batchRows = opts.batchRows ?? 500;
  const batchChars = opts.batchChars ?? 1 << 20;
  let head = '';
  let values: string[] = [];
  let chars = 0;
  const flush = (): { sql: string; rows: number } => {
    const out = { sql: `${head} VALUES ${values.join(',\n')}`, rows: values.length };
    values = [];
    chars = 0;
    return out;
  };
  for await (const row of rows) {
    const columns = Object.keys(row);
    const rowHead = `INSERT INTO ${q(db)}.${q(table)} (${columns.map(q).join(', ')})`;
    const tuple = `(${columns.map((c) => row[c]).join(', ')})`;
    if (
      values.length > 0 &&
      (rowHead !== head || values.length >= batchRows || chars >= batchChars)
    ) {
      yield flush();
    }
    head = rowHead;
    values.push(tuple);
    chars += tuple.length + 2;
  }
  if (values.length > 0) yield flush();
}

/**
 * Inserts `rows` into db.table in multi-row batches under the permissive session the edge
 * values need: sql_mode '' (zero dates, the empty ENUM value, backslash escapes), time_zone
 * '+00:00' (TIMESTAMP literals are UTC), utf8mb4 and a group_concat_max_len large enough for the
 * 1 MiB generated values. The connection's previous session settings are restored afterwards.
 * Returns the number of rows inserted.
 */
export async function loadRows(
  conn: Connection,
  db: string,
  table: string,
  rows: Iterable<SqlRow> | AsyncIterable<SqlRow>,
  opts: InsertBatchOptions = {},
): Promise<number> {
  const [saved] = (await conn.query(
    'SELECT @@SESSION.sql_mode AS sql_mode, @@SESSION.time_zone AS time_zone, ' +
      '@@SESSION.group_concat_max_len AS gcml, @@SESSION.character_set_client AS cs_client, ' +
      '@@SESSION.character_set_connection AS cs_conn, @@SESSION.collation_connection AS coll, ' +
      '@@SESSION.character_set_results AS cs_results',
  )) as unknown as [Record<string, string | null>[]];
  const before = saved[0];
  if (!before) throw new Error('could not read the session settings');
  await conn.query(
    "SET SESSION sql_mode = '', time_zone = '+00:00', group_concat_max_len = 67108864, " +
      'NAMES utf8mb4',
  );
  let inserted = 0;
  try {
    for await (const batch of insertStatements(db, table, rows, opts)) {
      await conn.query(batch.sql);
      inserted += batch.rows;
    }
  } finally {
    await conn.query(
      'SET SESSION sql_mode = ?, time_zone = ?, group_concat_max_len = ?, ' +
        'character_set_client = ?, character_set_connection = ?, collation_connection = ?, ' +
        'character_set_results = ?',
      [
        before.sql_mode,
        before.time_zone,
        Number(before.gcml),
        before.cs_client,
        before.cs_conn,
        before.coll,
        before.cs_results,
      ],
    );
  }
  return inserted;
}
