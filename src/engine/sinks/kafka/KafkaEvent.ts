import type { ColumnValue } from '../../cdc/ColumnCodec.js';
import { jsonText, type JsonValue } from './JsonText.js';
import { encodeValue, type KafkaColumn } from './ValueEncoding.js';

/** 'read': a row of the full copy; the others: a change from the binlog. */
export type KafkaOp = 'read' | 'insert' | 'update' | 'delete';

/** Where a change is in the source's binlog: its transaction's start, and its row in it. */
export interface EventPosition {
  file: string;
  pos: number;
  gtid: string | null;
  row: number;
}

/** A table as messages name it (the task's renames applied) and describe it. */
export interface KafkaTable {
  database: string;
  table: string;
  columns: KafkaColumn[];
  /** Primary key (or first NOT NULL unique key) columns; empty for a keyless table. */
  key: string[];
}

export type RowValues = Record<string, ColumnValue>;

export interface RowEvent {
  kind: 'row';
  op: KafkaOp;
  table: KafkaTable;
  before: RowValues | null;
  after: RowValues | null;
  /** When the source committed the change (binlog event time), or read the row (copy), ms. */
  sourceMs: number;
  /** Null for rows of the full copy. */
  position: EventPosition | null;
  /** The full copy's last row of the task: Debezium marks it `snapshot: "last"`. */
  lastOfSnapshot?: boolean;
  /**
   * Unique and the same every time this change is read again, so consumers can drop the
   * duplicates a resume sends: see docs/kafka.md.
   */
  id: string;
}

export interface DdlEvent {
  kind: 'ddl';
  database: string | null;
  /** The table the statement is about, when it is about one of the task's tables. */
  table: string | null;
  sql: string;
  sourceMs: number;
  position: Omit<EventPosition, 'row'>;
  id: string;
}

export type KafkaEvent = RowEvent | DdlEvent;

/** What a format makes of an event; the sink adds the topic and the partition. */
export interface KafkaMessage {
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

/** Turns events into messages of one format. */
export interface MessageFormat {
  row(event: RowEvent): KafkaMessage;
  ddl(event: DdlEvent): KafkaMessage;
}

/** Encodes rows and keys once per event, counting text that was not valid in its charset. */
export class RowEncoder {
  invalidText = 0;

  private readonly onInvalid = (): void => {
    this.invalidText += 1;
  };

  row(table: KafkaTable, values: RowValues | null): Record<string, JsonValue> | null {
    if (!values) return null;
    const out: Record<string, JsonValue> = {};
    for (const c of table.columns)
      out[c.name] = encodeValue(c, values[c.name] ?? null, this.onInvalid);
    return out;
  }

  /** The key columns' values: the message key, so every change of a row keeps its partition. */
  key(table: KafkaTable, values: RowValues): Record<string, JsonValue> | null {
    if (table.key.length === 0) return null;
    const out: Record<string, JsonValue> = {};
    for (const name of table.key) {
      const column = table.columns.find((c) => c.name === name);
      out[name] = column ? encodeValue(column, values[name] ?? null, this.onInvalid) : null;
    }
    return out;
  }
}

/**
 * A row of the full copy as a read event. Its id names the row by its key, or in a keyless
 * table by `ordinal`, the row's place in the table's copy, so reading it again gives the same id.
 */
export function readEvent(
  encoder: RowEncoder,
  table: KafkaTable,
  values: RowValues,
  sourceMs: number,
  ordinal: number,
): RowEvent {
  const key = encoder.key(table, values);
  return {
    kind: 'row',
    op: 'read',
    table,
    before: null,
    after: values,
    sourceMs,
    position: null,
    id: `copy:${table.database}.${table.table}:${key ? jsonText(key) : ordinal}`,
  };
}

/** The row that identifies the event's key: after for inserts and updates, before for deletes. */
export function keyRow(event: RowEvent): RowValues {
  return event.after ?? event.before ?? {};
}

/** Headers every format carries: the event's id, for de-duplication after a resume. */
export function commonHeaders(event: KafkaEvent): Record<string, string> {
  return { 'cutover.id': event.id };
}
