import type { Database, Statement } from 'better-sqlite3';
import { parseJsonColumn, toJsonColumn } from './json.js';

export type ChunkState = 'pending' | 'started' | 'done';

/** A key value as stored: each key column's raw bytes in hex (the text protocol's form). */
export type KeyValue = string[];

export interface Chunk {
  taskId: string;
  sourceDb: string;
  sourceTable: string;
  seq: number;
  /** Exclusive lower bound; null from the start of the table. */
  lower: KeyValue | null;
  /** Inclusive upper bound; null to the end of the table. */
  upper: KeyValue | null;
  state: ChunkState;
  rows: number;
  bytes: number;
}

interface ChunkRow {
  task_id: string;
  source_db: string;
  source_table: string;
  seq: number;
  lower_json: string | null;
  upper_json: string | null;
  state: ChunkState;
  rows: number;
  bytes: number;
}

/** The chunks of the full copy, one row per key range of a table. */
export class ChunkRepository {
  private readonly insertOne: Statement<{
    taskId: string;
    sourceDb: string;
    sourceTable: string;
    seq: number;
    lowerJson: string | null;
    upperJson: string | null;
    now: string;
  }>;
  private readonly setStateOne: Statement<{
    taskId: string;
    sourceDb: string;
    sourceTable: string;
    seq: number;
    state: ChunkState;
    rows: number;
    bytes: number;
    now: string;
  }>;
  private readonly ofTable: Statement<[string, string, string], ChunkRow>;
  private readonly clearTable: Statement<[string, string, string]>;
  private readonly doneAfter: Statement<
    [string, string],
    { rows: number | null; bytes: number | null }
  >;

  constructor(db: Database) {
    this.insertOne = db.prepare(`
      INSERT INTO table_chunks (task_id, source_db, source_table, seq, lower_json, upper_json,
                                state, updated_at)
      VALUES (@taskId, @sourceDb, @sourceTable, @seq, @lowerJson, @upperJson, 'pending', @now)`);
    this.setStateOne = db.prepare(`
      UPDATE table_chunks SET state = @state, rows = @rows, bytes = @bytes, updated_at = @now
       WHERE task_id = @taskId AND source_db = @sourceDb AND source_table = @sourceTable
         AND seq = @seq`);
    this.ofTable = db.prepare(`
      SELECT * FROM table_chunks WHERE task_id = ? AND source_db = ? AND source_table = ?
       ORDER BY seq`);
    this.doneAfter = db.prepare(`
      SELECT SUM(rows) AS rows, SUM(bytes) AS bytes FROM table_chunks
       WHERE task_id = ? AND state = 'done' AND updated_at > ?`);
    this.clearTable = db.prepare(
      'DELETE FROM table_chunks WHERE task_id = ? AND source_db = ? AND source_table = ?',
    );
  }

  add(chunk: Omit<Chunk, 'state' | 'rows' | 'bytes'>): Chunk {
    this.insertOne.run({
      taskId: chunk.taskId,
      sourceDb: chunk.sourceDb,
      sourceTable: chunk.sourceTable,
      seq: chunk.seq,
      lowerJson: toJsonColumn(chunk.lower),
      upperJson: toJsonColumn(chunk.upper),
      now: new Date().toISOString(),
    });
    return { ...chunk, state: 'pending', rows: 0, bytes: 0 };
  }

  setState(chunk: Chunk, state: ChunkState, rows = 0, bytes = 0): void {
    this.setStateOne.run({
      taskId: chunk.taskId,
      sourceDb: chunk.sourceDb,
      sourceTable: chunk.sourceTable,
      seq: chunk.seq,
      state,
      rows,
      bytes,
      now: new Date().toISOString(),
    });
  }

  list(taskId: string, sourceDb: string, sourceTable: string): Chunk[] {
    return this.ofTable.all(taskId, sourceDb, sourceTable).map(toChunk);
  }

  /** Rows and bytes of the chunks finished after `since` (ISO-8601): the recent pace. */
  doneSince(taskId: string, since: string): { rows: number; bytes: number } {
    const r = this.doneAfter.get(taskId, since);
    return { rows: r?.rows ?? 0, bytes: r?.bytes ?? 0 };
  }

  /** Forgets a table's chunks, for a table that is copied again from scratch. */
  clear(taskId: string, sourceDb: string, sourceTable: string): void {
    this.clearTable.run(taskId, sourceDb, sourceTable);
  }
}

function toChunk(row: ChunkRow): Chunk {
  const where = `table_chunks.${row.source_db}.${row.source_table}.${row.seq}`;
  return {
    taskId: row.task_id,
    sourceDb: row.source_db,
    sourceTable: row.source_table,
    seq: row.seq,
    lower: parseJsonColumn<KeyValue>(row.lower_json, `${where}.lower`),
    upper: parseJsonColumn<KeyValue>(row.upper_json, `${where}.upper`),
    state: row.state,
    rows: row.rows,
    bytes: row.bytes,
  };
}
