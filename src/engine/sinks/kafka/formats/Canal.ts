import { jsonText, RawJson, type JsonValue } from '../JsonText.js';
import type { RowEncoder } from '../KafkaEvent.js';
import {
  commonHeaders,
  keyRow,
  type DdlEvent,
  type KafkaMessage,
  type KafkaTable,
  type MessageFormat,
  type RowEvent,
} from '../KafkaEvent.js';
import type { KafkaColumn } from '../ValueEncoding.js';

/** java.sql.Types codes, which Canal's `sqlType` carries. */
const SQL_TYPES: Record<string, number> = {
  tinyint: -6,
  smallint: 5,
  mediumint: 4,
  int: 4,
  integer: 4,
  bigint: -5,
  float: 7,
  double: 8,
  real: 8,
  decimal: 3,
  numeric: 3,
  bit: -7,
  date: 91,
  datetime: 93,
  timestamp: 93,
  time: 92,
  year: 91,
  char: 1,
  varchar: 12,
  tinytext: 12,
  text: 2005,
  mediumtext: 2005,
  longtext: 2005,
  binary: -2,
  varbinary: -3,
  tinyblob: -3,
  blob: 2004,
  mediumblob: 2004,
  longblob: 2004,
};

function sqlType(column: KafkaColumn): number {
  const dataType = column.columnType.toLowerCase().match(/^[a-z]+/)?.[0] ?? '';
  return SQL_TYPES[dataType] ?? (column.kind === 'binary' ? -2 : 12);
}

/** Canal's flat messages carry every value as a string: numbers keep their exact digits. */
function canalText(value: JsonValue): string | null {
  if (value === null) return null;
  if (value instanceof RawJson) return value.text;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return jsonText(value);
  return jsonText(value);
}

function canalRow(row: Record<string, JsonValue> | null): Record<string, JsonValue> | null {
  if (!row) return null;
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(row)) out[k] = canalText(v);
  return out;
}

const TYPES = { read: 'INSERT', insert: 'INSERT', update: 'UPDATE', delete: 'DELETE' } as const;

/**
 * Canal's flat JSON message (`canal.mq.flatMessage`), one row per message:
 * `{"data","database","es","id","isDdl","mysqlType","old","pkNames","sql","sqlType","table",
 * "ts","type"}`. Rows of the full copy are INSERTs, as Canal has no snapshot operation; `old`
 * holds the columns an UPDATE changed, with their old values. Canal's `id` is a batch number
 * with no meaning here (0); the event's id is in the `cutover.id` header.
 */
export class CanalFormat implements MessageFormat {
  /** Each table's `mysqlType` and `sqlType`, the same in all of its messages. */
  private readonly types = new WeakMap<
    KafkaTable,
    { mysqlType: Record<string, JsonValue>; sqlType: Record<string, JsonValue> }
  >();

  constructor(private readonly encoder: RowEncoder) {}

  row(event: RowEvent): KafkaMessage {
    const t = event.table;
    const before = canalRow(this.encoder.row(t, event.before));
    const after = canalRow(this.encoder.row(t, event.after));
    const data = event.op === 'delete' ? before : after;
    let old: Record<string, JsonValue> | null = null;
    if (event.op === 'update' && before && after) {
      old = {};
      for (const [k, v] of Object.entries(before)) if (after[k] !== v) old[k] = v;
    }
    const key = this.encoder.key(t, keyRow(event));
    const types = this.typesOf(t);
    const value: Record<string, JsonValue> = {
      data: data ? [data] : null,
      database: t.database,
      es: event.sourceMs,
      id: 0,
      isDdl: false,
      mysqlType: types.mysqlType,
      old: old ? [old] : null,
      pkNames: t.key.length > 0 ? [...t.key] : null,
      sql: '',
      sqlType: types.sqlType,
      table: t.table,
      ts: Date.now(),
      type: TYPES[event.op],
    };
    return {
      key: key ? jsonText(key) : null,
      value: jsonText(value),
      headers: commonHeaders(event),
    };
  }

  ddl(event: DdlEvent): KafkaMessage {
    const statement = /^\s*(\w+)/.exec(event.sql)?.[1]?.toUpperCase() ?? 'QUERY';
    return {
      key: null,
      value: jsonText({
        data: null,
        database: event.database ?? '',
        es: event.sourceMs,
        id: 0,
        isDdl: true,
        mysqlType: null,
        old: null,
        pkNames: null,
        sql: event.sql,
        sqlType: null,
        table: event.table ?? '',
        ts: Date.now(),
        type: statement,
      }),
      headers: commonHeaders(event),
    };
  }

  private typesOf(t: KafkaTable): {
    mysqlType: Record<string, JsonValue>;
    sqlType: Record<string, JsonValue>;
  } {
    let types = this.types.get(t);
    if (!types) {
      types = {
        mysqlType: Object.fromEntries(t.columns.map((c) => [c.name, c.columnType])),
        sqlType: Object.fromEntries(t.columns.map((c) => [c.name, sqlType(c)])),
      };
      this.types.set(t, types);
    }
    return types;
  }
}
