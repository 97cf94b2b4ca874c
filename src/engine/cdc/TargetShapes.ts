import type { DatabaseCatalog, TableDef, TableMapping } from '../../shared/catalog.js';
import { CatalogReader } from '../catalog/CatalogReader.js';
import type { Endpoint } from '../connect/Endpoint.js';

/**
 * Reads tables as the target holds them, named as their source tables: after a DDL statement is
 * applied there, the target's copy is the shape the following binlog events were written with.
 * Catalogs are kept per database until forget(), so a task with many tables reads each once.
 */
export class TargetShapes {
  private readonly reader: CatalogReader;
  private readonly catalogs = new Map<string, DatabaseCatalog | null>();

  constructor(target: Endpoint) {
    this.reader = new CatalogReader(target);
  }

  /** Drops what was read, after DDL changed the target. */
  forget(): void {
    this.catalogs.clear();
  }

  private async catalog(database: string): Promise<DatabaseCatalog | null> {
    const cached = this.catalogs.get(database);
    if (cached !== undefined) return cached;
    const databases = await this.reader.listDatabases();
    // The target may fold names to lower case (lower_case_table_names, OceanBase's default).
    const db =
      databases.find((d) => d === database) ??
      databases.find((d) => d.toLowerCase() === database.toLowerCase());
    const [catalog] = db ? await this.reader.read([db]) : [];
    this.catalogs.set(database, catalog ?? null);
    return catalog ?? null;
  }

  async read(mapping: TableMapping): Promise<TableDef | null> {
    const { database, table } = mapping.target;
    const catalog = await this.catalog(database);
    const def =
      catalog?.tables.find((t) => t.name === table) ??
      catalog?.tables.find((t) => t.name.toLowerCase() === table.toLowerCase());
    return def ? { ...def, database: mapping.source.database, name: mapping.source.table } : null;
  }
}
