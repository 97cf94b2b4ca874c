import { jsonText, type JsonValue } from '../JsonText.js';
import type { RowEncoder } from '../KafkaEvent.js';
import {
  commonHeaders,
  keyRow,
  type DdlEvent,
  type KafkaMessage,
  type MessageFormat,
  type RowEvent,
} from '../KafkaEvent.js';

/**
 * The row and its operation, nothing more:
 * `{"id","op","database","table","key","before","after","ts_ms","position"}`, with `op` one of
 * read, insert, update, delete, and DDL as `{"id","op":"ddl","database","table","sql",…}`.
 */
export class PlainJsonFormat implements MessageFormat {
  constructor(private readonly encoder: RowEncoder) {}

  row(event: RowEvent): KafkaMessage {
    const key = this.encoder.key(event.table, keyRow(event));
    const value: Record<string, JsonValue> = {
      id: event.id,
      op: event.op,
      database: event.table.database,
      table: event.table.table,
      key,
      before: this.encoder.row(event.table, event.before),
      after: this.encoder.row(event.table, event.after),
      ts_ms: event.sourceMs,
      position: event.position ? { ...event.position } : null,
    };
    return {
      key: key ? jsonText(key) : null,
      value: jsonText(value),
      headers: commonHeaders(event),
    };
  }

  ddl(event: DdlEvent): KafkaMessage {
    return {
      key: null,
      value: jsonText({
        id: event.id,
        op: 'ddl',
        database: event.database,
        table: event.table,
        sql: event.sql,
        ts_ms: event.sourceMs,
        position: { ...event.position },
      }),
      headers: commonHeaders(event),
    };
  }
}
