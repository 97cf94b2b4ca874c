import type ZongJi from '@vlasky/zongji';
import type { Endpoint } from '../connect/Endpoint.js';
import { CutoverError } from '../errors.js';
import type { ColumnSchema, TableMapEvent } from '@vlasky/zongji';

export interface ColumnLookup {
  describe(event: TableMapEvent): Promise<ColumnSchema[]>;
  /** The socket stays paused from onStart to onEnd: rows must not be decoded before. */
  onStart(): void;
  onEnd(): void;
}

/**
 * The decoder looks a table's columns up in INFORMATION_SCHEMA when the binlog does not carry
 * them (binlog_row_metadata other than FULL). That describes the table as it is now, which for
 * a backlog with DDL in it is not what the events were written with: a table created and
 * renamed since is not there at all. This hands the lookup to Cutover, which answers from the
 * target's copy of the table, kept at the stream's point by the DDL applied so far. (It replaces
 * one internal method of the pinned zongji version; the decoder pauses its socket around it.)
 */
export function answerColumnLookups(zongji: ZongJi, lookup: ColumnLookup): void {
  const decoder = zongji as unknown as {
    _fetchTableInfo(event: TableMapEvent, next: () => void): void;
  };
  decoder._fetchTableInfo = (event, next) => {
    lookup.onStart();
    lookup.describe(event).then(
      (columnSchemas) => {
        zongji.tableMap[event.tableId] = {
          columnSchemas,
          parentSchema: event.schemaName,
          tableName: event.tableName,
        };
        lookup.onEnd();
        next();
      },
      (e: unknown) => {
        lookup.onEnd();
        zongji.emit('error', e instanceof Error ? e : new Error(String(e)));
      },
    );
  };
}

export interface ColumnSources {
  /** Resolves once everything read before the event is applied (a CREATE or ALTER ahead of it). */
  consumed(): Promise<void>;
  describeTable(database: string, table: string): ColumnSchema[] | null;
  source: Endpoint;
}

/** The columns a table map event's rows were written with. */
export async function columnsAt(
  event: TableMapEvent,
  from: ColumnSources,
): Promise<ColumnSchema[]> {
  await from.consumed();
  const { schemaName: db, tableName: table, columnCount } = event;
  const known = from.describeTable(db, table);
  if (known && known.length === columnCount) return known;
  if (known) {
    throw new CutoverError(
      'BINLOG_READ_FAILED',
      `The binlog has ${columnCount} columns for ${db}.${table} where the target's copy has ${known.length}: the table changed in a way the stream did not carry over.`,
      'Set binlog_row_metadata = FULL on the source (MySQL 8.0+, MariaDB 10.5+) so events name their own columns, then run the task again; or make the target table match the source and run again.',
    );
  }
  const rows = await from.source.query<ColumnSchema & Record<string, unknown>>(
    'SELECT COLUMN_NAME, COLLATION_NAME, CHARACTER_SET_NAME, COLUMN_COMMENT, COLUMN_TYPE' +
      ' FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?' +
      ' ORDER BY ORDINAL_POSITION',
    [db, table],
  );
  if (rows.length === columnCount) return rows;
  // A table the task does not replicate, changed or gone since: its rows are decoded only to
  // be skipped, so any names do.
  return Array.from({ length: columnCount }, (_, i) => ({
    COLUMN_NAME: `@${i + 1}`,
    COLLATION_NAME: null,
    CHARACTER_SET_NAME: null,
    COLUMN_COMMENT: '',
    COLUMN_TYPE: '',
  }));
}
