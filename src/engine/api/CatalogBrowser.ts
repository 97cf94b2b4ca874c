import type { BrowseDatabase, FilterCheck } from '../../shared/api.js';
import type { DatabaseEndpointSpec } from '../../shared/task.js';
import type { TableDef } from '../../shared/catalog.js';
import { CatalogReader } from '../catalog/CatalogReader.js';
import { compileRowFilter } from '../cdc/RowFilter.js';
import { Endpoint } from '../connect/Endpoint.js';
import { toErrorInfo } from '../errors.js';
import { qualify } from '../sql/Identifiers.js';

/** How long a table's columns are reused while a person types a filter. */
const COLUMNS_TTL_MS = 30_000;

async function withEndpoint<T>(
  spec: DatabaseEndpointSpec,
  use: (e: Endpoint) => Promise<T>,
): Promise<T> {
  const endpoint = await Endpoint.open('source', spec, { poolSize: 1 });
  try {
    return await use(endpoint);
  } finally {
    await endpoint.close();
  }
}

/** A key the copy and the stream can go by: the primary key, or a unique key of NOT NULL columns. */
export function hasCopyKey(table: TableDef): boolean {
  const notNull = new Set(table.columns.filter((c) => !c.nullable).map((c) => c.name));
  return table.indexes.some(
    (i) =>
      i.kind === 'primary' ||
      (i.kind === 'unique' &&
        i.parts.every((p) => p.column !== null && p.subPart === null && notNull.has(p.column))),
  );
}

/** What the wizard's object tree shows, and the check of row filters as they are typed. */
export class CatalogBrowser {
  private readonly tables = new Map<string, { def: TableDef | undefined; at: number }>();

  async browse(spec: DatabaseEndpointSpec): Promise<BrowseDatabase[]> {
    return withEndpoint(spec, async (endpoint) => {
      const reader = new CatalogReader(endpoint);
      const catalog = await reader.read(await reader.listDatabases());
      return catalog.map((db) => ({
        name: db.name,
        tables: db.tables.map((t) => ({
          name: t.name,
          estimatedRows: t.estimatedRows,
          dataBytes: t.dataBytes,
          hasKey: hasCopyKey(t),
          columns: t.columns.map((c) => ({ name: c.name, columnType: c.columnType })),
        })),
      }));
    });
  }

  /**
   * A filter must pass both the engine's evaluator (the change stream applies it to rows) and
   * the server (the full copy sends it in a WHERE clause), so both are asked.
   */
  async checkFilter(
    spec: DatabaseEndpointSpec,
    database: string,
    table: string,
    expression: string,
  ): Promise<FilterCheck> {
    if (expression.trim() === '') return { ok: true };
    try {
      return await withEndpoint(spec, async (endpoint) => {
        const def = await this.table(endpoint, spec, database, table);
        if (!def) return { ok: false, message: `There is no table ${qualify(database, table)}.` };
        compileRowFilter(expression, def.columns);
        await endpoint.query(
          `SELECT 1 FROM ${qualify(database, table)} WHERE (${expression}) LIMIT 0`,
        );
        return { ok: true };
      });
    } catch (e) {
      return { ok: false, message: toErrorInfo(e).message };
    }
  }

  private async table(
    endpoint: Endpoint,
    spec: DatabaseEndpointSpec,
    database: string,
    table: string,
  ): Promise<TableDef | undefined> {
    const key = JSON.stringify([spec.host, spec.port, spec.user, database, table]);
    const cached = this.tables.get(key);
    if (cached && Date.now() - cached.at < COLUMNS_TTL_MS) return cached.def;
    const [db] = await new CatalogReader(endpoint).read([database]);
    const def = db?.tables.find((t) => t.name === table);
    this.tables.set(key, { def, at: Date.now() });
    return def;
  }
}
