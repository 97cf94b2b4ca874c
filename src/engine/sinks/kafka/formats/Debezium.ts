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

export interface DebeziumOptions {
  /** The logical server name in `source.name` and the schema names (the task's name). */
  server: string;
  /** Cutover's version, in `source.version`. */
  version: string;
  /** Wrap key and value in `{"schema","payload"}`, as Kafka Connect's JSON converter with schemas. */
  schema: boolean;
}

const OPS = { read: 'r', insert: 'c', update: 'u', delete: 'd' } as const;

type Field = Record<string, JsonValue>;

/** A column's Kafka Connect schema field, for the values as ValueEncoding writes them. */
function columnField(c: KafkaColumn, optional: boolean): Field {
  const base = { optional, field: c.name };
  switch (c.kind) {
    case 'integer':
    case 'year':
      return { type: 'int64', ...base };
    case 'float':
      return { type: 'double', ...base };
    case 'bit':
      return c.bits === 1 ? { type: 'boolean', ...base } : { type: 'int64', ...base };
    case 'binary':
      return { type: 'bytes', ...base };
    case 'timestamp':
      return { type: 'string', name: 'io.debezium.time.ZonedTimestamp', ...base };
    case 'enum':
      return { type: 'string', name: 'io.debezium.data.Enum', ...base };
    case 'set':
      return { type: 'string', name: 'io.debezium.data.EnumSet', ...base };
    case 'json':
      return { type: 'string', name: 'io.debezium.data.Json', ...base };
    default:
      return { type: 'string', ...base };
  }
}

const SOURCE_FIELDS: Field[] = [
  { type: 'string', optional: false, field: 'version' },
  { type: 'string', optional: false, field: 'connector' },
  { type: 'string', optional: false, field: 'name' },
  { type: 'int64', optional: false, field: 'ts_ms' },
  { type: 'string', optional: true, field: 'snapshot' },
  { type: 'string', optional: false, field: 'db' },
  { type: 'string', optional: true, field: 'table' },
  { type: 'int64', optional: false, field: 'server_id' },
  { type: 'string', optional: true, field: 'gtid' },
  { type: 'string', optional: false, field: 'file' },
  { type: 'int64', optional: false, field: 'pos' },
  { type: 'int32', optional: false, field: 'row' },
];

/**
 * Debezium's change event envelope (the MySQL connector's): the value is
 * `{"before","after","source","op","ts_ms","transaction"}` with op r (a row of the full copy),
 * c, u or d, and the key the row's primary key. With `schema`, both are wrapped in
 * `{"schema","payload"}` as Kafka Connect's JSON converter writes them; there JSON columns are
 * strings named io.debezium.data.Json, as Debezium sends them, and binary values are base64,
 * which is how that converter writes bytes.
 */
export class DebeziumFormat implements MessageFormat {
  private readonly schemas = new WeakMap<KafkaTable, { key: Field | null; value: Field }>();

  constructor(
    private readonly encoder: RowEncoder,
    private readonly opts: DebeziumOptions,
  ) {}

  row(event: RowEvent): KafkaMessage {
    const t = event.table;
    const p = event.position;
    const payload: Field = {
      before: this.values(t, this.encoder.row(t, event.before)),
      after: this.values(t, this.encoder.row(t, event.after)),
      source: {
        version: this.opts.version,
        connector: 'mysql',
        name: this.opts.server,
        ts_ms: event.sourceMs,
        snapshot: event.op === 'read' ? (event.lastOfSnapshot ? 'last' : 'true') : 'false',
        db: t.database,
        table: t.table,
        server_id: 0,
        gtid: p?.gtid ?? null,
        file: p?.file ?? '',
        pos: p?.pos ?? 0,
        row: p?.row ?? 0,
      },
      op: OPS[event.op],
      ts_ms: Date.now(),
      transaction: null,
    };
    const key = this.encoder.key(t, keyRow(event));
    const schema = this.opts.schema ? this.schemaOf(t) : null;
    return {
      key: key === null ? null : jsonText(schema?.key ? { schema: schema.key, payload: key } : key),
      value: jsonText(schema ? { schema: schema.value, payload } : payload),
      headers: commonHeaders(event),
    };
  }

  /**
   * A schema change as Debezium's schema history topic carries it, in short: the statement and
   * where it was in the binlog.
   */
  ddl(event: DdlEvent): KafkaMessage {
    const payload: Field = {
      source: {
        version: this.opts.version,
        connector: 'mysql',
        name: this.opts.server,
        ts_ms: event.sourceMs,
        db: event.database ?? '',
        table: event.table,
        server_id: 0,
        gtid: event.position.gtid,
        file: event.position.file,
        pos: event.position.pos,
      },
      databaseName: event.database ?? '',
      ddl: event.sql,
      ts_ms: Date.now(),
    };
    return {
      key: jsonText({ databaseName: event.database ?? '' }),
      value: jsonText(payload),
      headers: commonHeaders(event),
    };
  }

  /** JSON columns go as their text when a schema says they are strings. */
  private values(
    t: KafkaTable,
    row: Record<string, JsonValue> | null,
  ): Record<string, JsonValue> | null {
    if (!row || !this.opts.schema) return row;
    for (const c of t.columns) {
      const v = row[c.name];
      if (c.kind === 'json' && v instanceof RawJson) row[c.name] = v.text;
    }
    return row;
  }

  private schemaOf(t: KafkaTable): { key: Field | null; value: Field } {
    let found = this.schemas.get(t);
    if (!found) {
      const prefix = `${this.opts.server}.${t.database}.${t.table}`;
      const row = (field: string): Field => ({
        type: 'struct',
        fields: t.columns.map((c) => columnField(c, true)),
        optional: true,
        name: `${prefix}.Value`,
        field,
      });
      const keyColumns = t.columns.filter((c) => t.key.includes(c.name));
      found = {
        key:
          keyColumns.length > 0
            ? {
                type: 'struct',
                fields: keyColumns.map((c) => columnField(c, false)),
                optional: false,
                name: `${prefix}.Key`,
              }
            : null,
        value: {
          type: 'struct',
          fields: [
            row('before'),
            row('after'),
            {
              type: 'struct',
              fields: SOURCE_FIELDS,
              optional: false,
              name: 'io.debezium.connector.mysql.Source',
              field: 'source',
            },
            { type: 'string', optional: false, field: 'op' },
            { type: 'int64', optional: true, field: 'ts_ms' },
          ],
          optional: false,
          name: `${prefix}.Envelope`,
        },
      };
      this.schemas.set(t, found);
    }
    return found;
  }
}
