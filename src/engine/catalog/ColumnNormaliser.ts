import type { ColumnDef, ColumnDefault, Flavor } from '../../shared/catalog.js';

/** One row of information_schema.COLUMNS, as both MySQL and MariaDB name its fields. */
export interface ColumnRow {
  COLUMN_NAME: string;
  COLUMN_TYPE: string;
  DATA_TYPE: string;
  IS_NULLABLE: string;
  COLUMN_DEFAULT: string | null;
  EXTRA: string;
  GENERATION_EXPRESSION: string | null;
  CHARACTER_SET_NAME: string | null;
  COLLATION_NAME: string | null;
  COLUMN_COMMENT: string;
}

function unquoteSqlString(quoted: string): string {
  const body = quoted.slice(1, -1);
  return body.replace(/''|\\(.)/gs, (m, esc: string | undefined) => {
    if (m === "''") return "'";
    switch (esc) {
      case '0':
        return '\0';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'Z':
        return '\x1a';
      case 'b':
        return '\b';
      default:
        return esc ?? '';
    }
  });
}

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const BIT_LITERAL = /^b'[01]*'$/i;

/**
 * MariaDB (10.2.7+) prints defaults as SQL: quoted strings, NULL as the word NULL, and
 * expressions bare. An absent default is SQL NULL.
 */
function mariadbDefault(raw: string | null): ColumnDefault {
  if (raw === null) return { kind: 'none' };
  if (raw === 'NULL') return { kind: 'null' };
  if (raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2) {
    return { kind: 'literal', value: unquoteSqlString(raw) };
  }
  if (NUMERIC.test(raw) || BIT_LITERAL.test(raw)) return { kind: 'literal', value: raw };
  return { kind: 'expression', sql: raw };
}

/**
 * MySQL prints the bare value; SQL NULL means "no default" or "DEFAULT NULL" (told apart by
 * nullability); expression defaults (8.0.13+) carry DEFAULT_GENERATED in EXTRA, and 5.7's
 * CURRENT_TIMESTAMP does not.
 */
function mysqlDefault(row: ColumnRow, nullable: boolean): ColumnDefault {
  const raw = row.COLUMN_DEFAULT;
  if (raw === null)
    return nullable && !row.GENERATION_EXPRESSION ? { kind: 'null' } : { kind: 'none' };
  if (/DEFAULT_GENERATED/i.test(row.EXTRA)) return { kind: 'expression', sql: raw };
  if (/^current_timestamp(\(\d*\))?$/i.test(raw) && /^(timestamp|datetime)$/i.test(row.DATA_TYPE)) {
    return { kind: 'expression', sql: raw };
  }
  if (/^0x[0-9a-f]*$/i.test(raw) && /binary|blob/i.test(row.DATA_TYPE)) {
    return { kind: 'expression', sql: raw };
  }
  return { kind: 'literal', value: raw };
}

function onUpdateOf(extra: string): string | null {
  const m = /on update (\S+)/i.exec(extra);
  return m?.[1] ?? null;
}

/**
 * MariaDB implements JSON as LONGTEXT with a column CHECK (json_valid(`col`)); reporting it as
 * json lets every target create its own JSON type.
 */
export function isMariaDbJsonCheck(column: string, clause: string): boolean {
  const quoted = '`' + column.replace(/`/g, '``') + '`';
  return clause.replace(/\s+/g, '').toLowerCase() === `json_valid(${quoted})`.toLowerCase();
}

export function normaliseColumn(row: ColumnRow, flavor: Flavor, isJson: boolean): ColumnDef {
  const nullable = row.IS_NULLABLE === 'YES';
  const extra = row.EXTRA ?? '';
  const generated = row.GENERATION_EXPRESSION
    ? { expression: row.GENERATION_EXPRESSION, stored: /STORED|PERSISTENT/i.test(extra) }
    : null;
  const def =
    flavor === 'mariadb' ? mariadbDefault(row.COLUMN_DEFAULT) : mysqlDefault(row, nullable);
  return {
    name: row.COLUMN_NAME,
    columnType: isJson ? 'json' : row.COLUMN_TYPE,
    dataType: isJson ? 'json' : row.DATA_TYPE.toLowerCase(),
    nullable,
    // A generated column has no default; MariaDB still prints NULL for nullable ones.
    default: generated ? { kind: 'none' } : def,
    autoIncrement: /auto_increment/i.test(extra),
    onUpdate: onUpdateOf(extra),
    generated,
    charset: isJson ? null : row.CHARACTER_SET_NAME,
    collation: isJson ? null : row.COLLATION_NAME,
    comment: row.COLUMN_COMMENT ?? '',
    invisible: /INVISIBLE/i.test(extra),
  };
}
