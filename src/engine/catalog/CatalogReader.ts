import type {
  CheckDef,
  DatabaseCatalog,
  EventDef,
  ForeignKeyDef,
  IndexDef,
  IndexKind,
  RoutineDef,
  TableDef,
  TriggerDef,
  ViewDef,
} from '../../shared/catalog.js';
import type { Endpoint } from '../connect/Endpoint.js';
import { qualify } from '../sql/Identifiers.js';
import { isMariaDbJsonCheck, normaliseColumn, type ColumnRow } from './ColumnNormaliser.js';

/** Schemas that belong to the server, never to the user. */
export const SYSTEM_SCHEMAS = new Set([
  'mysql',
  'information_schema',
  'performance_schema',
  'sys',
  'oceanbase',
  'ocs',
  '__public',
  '__recyclebin',
  'lbacsys',
  'oraauditor',
]);

type Row = Record<string, unknown>;

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const num = (v: unknown): number => (v === null || v === undefined || v === '' ? 0 : Number(v));
const key = (db: string, table: string): string => `${db}\u0000${table}`;

function groupBy<T>(rows: T[], keyOf: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(',');
}

/** The `PARTITION BY …` part of SHOW CREATE TABLE, without MySQL's version comment wrapper. */
export function extractPartitionClause(createSql: string): string | null {
  const at = createSql.search(/(\/\*!\d+\s*)?PARTITION BY/i);
  if (at < 0) return null;
  let clause = createSql.slice(at).trim();
  clause = clause.replace(/^\/\*!\d+\s*/, '');
  clause = clause.replace(/\s*\*\/\s*$/, '');
  return clause.trim();
}

/** Strips `DEFINER=…` so objects are created as the migration user on the target. */
export function stripDefiner(sql: string): string {
  return sql.replace(/\s+DEFINER\s*=\s*(`[^`]*`|'[^']*'|\S+)@(`[^`]*`|'[^']*'|\S+)/i, '');
}

/**
 * Reads databases, tables, columns, keys, indexes, foreign keys, checks, partitions, views,
 * triggers, routines and events from information_schema, a few bulk queries per database list.
 */
export class CatalogReader {
  constructor(private readonly endpoint: Endpoint) {}

  async listDatabases(): Promise<string[]> {
    const rows = await this.endpoint.query<Row>(
      'SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME',
    );
    return rows.map((r) => str(r.name)).filter((n) => !SYSTEM_SCHEMAS.has(n.toLowerCase()));
  }

  async listTables(database: string): Promise<string[]> {
    const rows = await this.endpoint.query<Row>(
      `SELECT TABLE_NAME AS name FROM information_schema.TABLES
        WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
      [database],
    );
    return rows.map((r) => str(r.name));
  }

  async read(databases: string[]): Promise<DatabaseCatalog[]> {
    if (databases.length === 0) return [];
    const ph = placeholders(databases.length);
    const flavor = this.endpoint.info.flavor;

    const [schemata, tables, columns, stats, fks, checks, partitioned] = await Promise.all([
      this.endpoint.query<Row>(
        `SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME
           FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (${ph})`,
        databases,
      ),
      this.endpoint.query<Row>(
        `SELECT t.TABLE_SCHEMA, t.TABLE_NAME, t.ENGINE, t.TABLE_COLLATION, t.TABLE_COMMENT,
                t.AUTO_INCREMENT, t.CREATE_OPTIONS, t.TABLE_ROWS, t.DATA_LENGTH,
                c.CHARACTER_SET_NAME AS TABLE_CHARSET
           FROM information_schema.TABLES t
           LEFT JOIN information_schema.COLLATION_CHARACTER_SET_APPLICABILITY c
             ON c.COLLATION_NAME = t.TABLE_COLLATION
          WHERE t.TABLE_SCHEMA IN (${ph}) AND t.TABLE_TYPE = 'BASE TABLE'
          ORDER BY t.TABLE_SCHEMA, t.TABLE_NAME`,
        databases,
      ),
      this.endpoint.query<Row>(
        `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, IS_NULLABLE,
                COLUMN_DEFAULT, EXTRA, GENERATION_EXPRESSION, CHARACTER_SET_NAME, COLLATION_NAME,
                COLUMN_COMMENT
           FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (${ph})
          ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
        databases,
      ),
      this.endpoint.query<Row>(
        // No ORDER BY: the server lists keys in its own key order, which SHOW CREATE TABLE
        // follows; sorting by name would create them in another order on the target.
        `SELECT * FROM information_schema.STATISTICS WHERE TABLE_SCHEMA IN (${ph})`,
        databases,
      ),
      this.endpoint.query<Row>(
        `SELECT k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME,
                k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME,
                r.UPDATE_RULE, r.DELETE_RULE
           FROM information_schema.KEY_COLUMN_USAGE k
           JOIN information_schema.REFERENTIAL_CONSTRAINTS r
             ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
            AND r.TABLE_NAME = k.TABLE_NAME
          WHERE k.TABLE_SCHEMA IN (${ph}) AND k.REFERENCED_TABLE_NAME IS NOT NULL
          ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
        databases,
      ),
      this.readChecks(databases),
      this.endpoint.query<Row>(
        `SELECT DISTINCT TABLE_SCHEMA, TABLE_NAME FROM information_schema.PARTITIONS
          WHERE TABLE_SCHEMA IN (${ph}) AND PARTITION_NAME IS NOT NULL`,
        databases,
      ),
    ]);

    const columnsBy = groupBy(columns, (r) => key(str(r.TABLE_SCHEMA), str(r.TABLE_NAME)));
    const statsBy = groupBy(stats, (r) => key(str(r.TABLE_SCHEMA), str(r.TABLE_NAME)));
    const fksBy = groupBy(fks, (r) => key(str(r.TABLE_SCHEMA), str(r.TABLE_NAME)));
    const checksBy = groupBy(checks, (r) => key(r.schema, r.table));
    const partitionClauses = new Map<string, string | null>();
    for (const p of partitioned) {
      const db = str(p.TABLE_SCHEMA);
      const table = str(p.TABLE_NAME);
      partitionClauses.set(key(db, table), await this.partitionClause(db, table));
    }

    const tableDefs = tables.map((t): TableDef => {
      const db = str(t.TABLE_SCHEMA);
      const name = str(t.TABLE_NAME);
      const k = key(db, name);
      const tableChecks = checksBy.get(k) ?? [];
      const jsonColumns = new Set(
        tableChecks
          .filter((c) => c.columnLevel && isMariaDbJsonCheck(c.name, c.clause))
          .map((c) => c.name),
      );
      const rowFormat = /row_format=(\w+)/i.exec(str(t.CREATE_OPTIONS))?.[1] ?? null;
      return {
        database: db,
        name,
        engine: str(t.ENGINE),
        charset: str(t.TABLE_CHARSET),
        collation: str(t.TABLE_COLLATION),
        comment: str(t.TABLE_COMMENT),
        autoIncrement:
          t.AUTO_INCREMENT === null || t.AUTO_INCREMENT === undefined
            ? null
            : num(t.AUTO_INCREMENT),
        rowFormat: rowFormat ? rowFormat.toUpperCase() : null,
        columns: (columnsBy.get(k) ?? []).map((c) =>
          normaliseColumn(c as unknown as ColumnRow, flavor, jsonColumns.has(str(c.COLUMN_NAME))),
        ),
        indexes: this.indexes(statsBy.get(k) ?? []),
        foreignKeys: this.foreignKeys(fksBy.get(k) ?? []),
        checks: tableChecks
          .filter((c) => !(c.columnLevel && jsonColumns.has(c.name)))
          .map((c): CheckDef => ({ name: c.name, clause: c.clause })),
        partitionClause: partitionClauses.get(k) ?? null,
        estimatedRows: num(t.TABLE_ROWS),
        dataBytes: num(t.DATA_LENGTH),
      };
    });

    const [views, triggers, routines, events] = await Promise.all([
      this.views(databases),
      this.triggers(databases),
      this.routines(databases),
      this.events(databases),
    ]);

    return schemata.map((s): DatabaseCatalog => {
      const name = str(s.SCHEMA_NAME);
      return {
        name,
        charset: str(s.DEFAULT_CHARACTER_SET_NAME),
        collation: str(s.DEFAULT_COLLATION_NAME),
        tables: tableDefs.filter((t) => t.database === name),
        views: views.filter((v) => v.database === name),
        triggers: triggers.filter((t) => t.database === name),
        routines: routines.filter((r) => r.database === name),
        events: events.filter((e) => e.database === name),
      };
    });
  }

  private indexes(rows: Row[]): IndexDef[] {
    const byName = groupBy(rows, (r) => str(r.INDEX_NAME));
    return [...byName.entries()].map(([name, parts]): IndexDef => {
      const first = parts[0] ?? {};
      const type = str(first.INDEX_TYPE).toUpperCase();
      let kind: IndexKind = num(first.NON_UNIQUE) === 0 ? 'unique' : 'index';
      if (name === 'PRIMARY') kind = 'primary';
      else if (type === 'FULLTEXT') kind = 'fulltext';
      else if (type === 'SPATIAL') kind = 'spatial';
      return {
        name,
        kind,
        parts: [...parts]
          .sort((a, b) => num(a.SEQ_IN_INDEX) - num(b.SEQ_IN_INDEX))
          .map((p) => ({
            column:
              p.COLUMN_NAME === null || p.COLUMN_NAME === undefined ? null : str(p.COLUMN_NAME),
            expression:
              p.EXPRESSION === null || p.EXPRESSION === undefined ? null : str(p.EXPRESSION),
            // MariaDB reports a SUB_PART of 32 for spatial keys, which no CREATE accepts back.
            subPart:
              kind === 'spatial' || p.SUB_PART === null || p.SUB_PART === undefined
                ? null
                : num(p.SUB_PART),
            descending: str(p.COLLATION) === 'D',
          })),
        comment: str(first.INDEX_COMMENT),
        invisible: str(first.IS_VISIBLE) === 'NO' || str(first.IGNORED) === 'YES',
      };
    });
  }

  private foreignKeys(rows: Row[]): ForeignKeyDef[] {
    const byName = groupBy(rows, (r) => str(r.CONSTRAINT_NAME));
    return [...byName.entries()].map(([name, cols]) => {
      const first = cols[0] ?? {};
      return {
        name,
        columns: cols.map((c) => str(c.COLUMN_NAME)),
        refDatabase: str(first.REFERENCED_TABLE_SCHEMA),
        refTable: str(first.REFERENCED_TABLE_NAME),
        refColumns: cols.map((c) => str(c.REFERENCED_COLUMN_NAME)),
        onUpdate: str(first.UPDATE_RULE) || 'RESTRICT',
        onDelete: str(first.DELETE_RULE) || 'RESTRICT',
      };
    });
  }

  /**
   * MariaDB's CHECK_CONSTRAINTS has TABLE_NAME and LEVEL; MySQL 8.0.16+ needs TABLE_CONSTRAINTS
   * for the table; older servers have neither and report no checks.
   */
  private async readChecks(
    databases: string[],
  ): Promise<
    { schema: string; table: string; name: string; clause: string; columnLevel: boolean }[]
  > {
    const ph = placeholders(databases.length);
    const maria = await this.endpoint.tryQuery<Row>(
      `SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, LEVEL
         FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN (${ph})
        ORDER BY CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME`,
      databases,
    );
    const rows =
      maria ??
      (await this.endpoint.tryQuery<Row>(
        `SELECT c.CONSTRAINT_SCHEMA, t.TABLE_NAME, c.CONSTRAINT_NAME, c.CHECK_CLAUSE, 'Table' AS LEVEL
           FROM information_schema.CHECK_CONSTRAINTS c
           JOIN information_schema.TABLE_CONSTRAINTS t
             ON t.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA AND t.CONSTRAINT_NAME = c.CONSTRAINT_NAME
            AND t.CONSTRAINT_TYPE = 'CHECK'
          WHERE c.CONSTRAINT_SCHEMA IN (${ph})`,
        databases,
      )) ??
      [];
    return rows.map((r) => ({
      schema: str(r.CONSTRAINT_SCHEMA),
      table: str(r.TABLE_NAME),
      name: str(r.CONSTRAINT_NAME),
      clause: str(r.CHECK_CLAUSE),
      columnLevel: str(r.LEVEL) === 'Column',
    }));
  }

  private async partitionClause(db: string, table: string): Promise<string | null> {
    const rows = await this.endpoint.query<Row>(`SHOW CREATE TABLE ${qualify(db, table)}`);
    const sql = str(rows[0]?.['Create Table']);
    return extractPartitionClause(sql);
  }

  private async views(databases: string[]): Promise<ViewDef[]> {
    const rows = await this.endpoint.query<Row>(
      `SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE
         FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN (${placeholders(databases.length)})
        ORDER BY TABLE_SCHEMA, TABLE_NAME`,
      databases,
    );
    return rows.map((r) => ({
      database: str(r.TABLE_SCHEMA),
      name: str(r.TABLE_NAME),
      definition: str(r.VIEW_DEFINITION),
      checkOption: str(r.CHECK_OPTION),
      securityType: str(r.SECURITY_TYPE),
    }));
  }

  private async triggers(databases: string[]): Promise<TriggerDef[]> {
    const rows = await this.endpoint.query<Row>(
      `SELECT TRIGGER_SCHEMA, TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION,
              ACTION_STATEMENT, SQL_MODE
         FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA IN (${placeholders(databases.length)})
        ORDER BY TRIGGER_SCHEMA, EVENT_OBJECT_TABLE, ACTION_ORDER`,
      databases,
    );
    return rows.map((r) => ({
      database: str(r.TRIGGER_SCHEMA),
      name: str(r.TRIGGER_NAME),
      table: str(r.EVENT_OBJECT_TABLE),
      timing: str(r.ACTION_TIMING),
      event: str(r.EVENT_MANIPULATION),
      statement: str(r.ACTION_STATEMENT),
      sqlMode: str(r.SQL_MODE),
    }));
  }

  private async routines(databases: string[]): Promise<RoutineDef[]> {
    const rows = await this.endpoint.query<Row>(
      `SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE
         FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN (${placeholders(databases.length)})
          AND ROUTINE_TYPE IN ('PROCEDURE', 'FUNCTION')
        ORDER BY ROUTINE_SCHEMA, ROUTINE_NAME`,
      databases,
    );
    const out: RoutineDef[] = [];
    for (const r of rows) {
      const type = str(r.ROUTINE_TYPE) === 'FUNCTION' ? 'FUNCTION' : 'PROCEDURE';
      const db = str(r.ROUTINE_SCHEMA);
      const name = str(r.ROUTINE_NAME);
      const shown = await this.endpoint.tryQuery<Row>(`SHOW CREATE ${type} ${qualify(db, name)}`);
      const text = shown?.[0]?.[type === 'FUNCTION' ? 'Create Function' : 'Create Procedure'];
      out.push({
        database: db,
        name,
        type,
        createSql: text === null || text === undefined ? null : stripDefiner(str(text)),
      });
    }
    return out;
  }

  private async events(databases: string[]): Promise<EventDef[]> {
    const rows =
      (await this.endpoint.tryQuery<Row>(
        `SELECT EVENT_SCHEMA, EVENT_NAME FROM information_schema.EVENTS
          WHERE EVENT_SCHEMA IN (${placeholders(databases.length)}) ORDER BY EVENT_SCHEMA, EVENT_NAME`,
        databases,
      )) ?? [];
    const out: EventDef[] = [];
    for (const r of rows) {
      const db = str(r.EVENT_SCHEMA);
      const name = str(r.EVENT_NAME);
      const shown = await this.endpoint.tryQuery<Row>(`SHOW CREATE EVENT ${qualify(db, name)}`);
      const text = shown?.[0]?.['Create Event'];
      out.push({
        database: db,
        name,
        createSql: text === null || text === undefined ? null : stripDefiner(str(text)),
      });
    }
    return out;
  }
}
