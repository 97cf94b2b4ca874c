import type { DatabaseCatalog, TableDef, TableMapping } from '../../../shared/catalog.js';
import type { KafkaTaskSpec } from '../../../shared/task.js';
import { CatalogReader } from '../../catalog/CatalogReader.js';
import { mapTableName, resolveSelection, selectedDatabases } from '../../catalog/Selection.js';
import { compileRowFilter, type RowFilter } from '../../cdc/RowFilter.js';
import { Endpoint } from '../../connect/Endpoint.js';
import { chooseCopyKey, type CopyKey } from '../../snapshot/CopyKey.js';
import { objectPath } from '../../sql/Identifiers.js';
import { cutoverVersion } from '../../version.js';
import { RowEncoder, type KafkaTable, type MessageFormat } from './KafkaEvent.js';
import { KafkaSink } from './KafkaSink.js';
import { kafkaConnectOptions } from './KafkaTarget.js';
import { topicFor } from './Topics.js';
import { kafkaColumn } from './ValueEncoding.js';
import { CanalFormat } from './formats/Canal.js';
import { DebeziumFormat } from './formats/Debezium.js';
import { PlainJsonFormat } from './formats/PlainJson.js';

/** A selected table as the Kafka steps use it. */
export interface KafkaRoute {
  mapping: TableMapping;
  def: TableDef;
  table: KafkaTable;
  topic: string;
  /** The key the full copy pages by; null for a keyless table (read in one pass). */
  copyKey: CopyKey | null;
  filter: RowFilter | null;
}

/** The task's message format, writing values through `encoder`. */
export function formatOf(spec: KafkaTaskSpec, encoder: RowEncoder): MessageFormat {
  switch (spec.target.format) {
    case 'debezium':
      return new DebeziumFormat(encoder, {
        server: spec.name,
        version: cutoverVersion(),
        schema: spec.target.schema,
      });
    case 'canal':
      return new CanalFormat(encoder);
    case 'json':
      return new PlainJsonFormat(encoder);
  }
}

/**
 * A Kafka task's connections and tables: the source, its selected tables with their message
 * shape and topic, the format, and the producer. Built once per run.
 */
export class KafkaSession {
  private constructor(
    readonly spec: KafkaTaskSpec,
    readonly source: Endpoint,
    readonly catalogs: DatabaseCatalog[],
    readonly routes: Map<string, KafkaRoute>,
    readonly sink: KafkaSink,
    readonly encoder: RowEncoder,
    readonly format: MessageFormat,
  ) {}

  static async open(
    spec: KafkaTaskSpec,
    onLog: (level: 'warn' | 'error', message: string) => void,
  ): Promise<KafkaSession> {
    const source = await Endpoint.open('source', spec.source, {
      poolSize: spec.options.concurrency + 3,
    });
    try {
      const { catalogs, routes } = await readRoutes(spec, source);
      const sink = await KafkaSink.open({
        ...kafkaConnectOptions(spec),
        compression: spec.target.compression,
        onLog,
      });
      const encoder = new RowEncoder();
      return new KafkaSession(
        spec,
        source,
        catalogs,
        routes,
        sink,
        encoder,
        formatOf(spec, encoder),
      );
    } catch (e) {
      await source.close();
      throw e;
    }
  }

  /** The route of a source table, or undefined when the task does not stream it. */
  route(database: string, table: string): KafkaRoute | undefined {
    return this.routes.get(objectPath(database, table));
  }

  /** Reads a table's shape again (after DDL), keeping its route's mapping. */
  async refresh(database: string, table: string): Promise<void> {
    const key = objectPath(database, table);
    const known = this.routes.get(key);
    if (!known) return;
    const [catalog] = await new CatalogReader(this.source).read([database]);
    const def = catalog?.tables.find((t) => t.name === table);
    if (def) this.routes.set(key, route(this.spec, known.mapping, def));
  }

  /**
   * Routes a table created after the run began when the task's objects take it (a wildcard, or
   * its name listed before it existed); resolves with its route, or undefined when they do not.
   */
  async adopt(database: string, table: string): Promise<KafkaRoute | undefined> {
    const mapping = mapTableName(this.spec.objects, database, table);
    if (!mapping) return undefined;
    const [catalog] = await new CatalogReader(this.source).read([database]);
    const def = catalog?.tables.find((t) => t.name === table);
    if (!def) return undefined;
    const adopted = route(this.spec, mapping, def);
    this.routes.set(objectPath(database, table), adopted);
    return adopted;
  }

  /** Each streamed table's shape, by source `db.table`: what the stream decodes rows with. */
  shapes(): Record<string, TableDef> {
    return Object.fromEntries([...this.routes].map(([key, r]) => [key, r.def]));
  }

  /**
   * Decodes with shapes saved at the stream's checkpoint rather than the catalog's current ones:
   * DDL the stream has not reached yet must not change how earlier rows are read.
   */
  useShapes(saved: Record<string, TableDef>): void {
    for (const [key, known] of this.routes) {
      const def = saved[key];
      if (def) this.routes.set(key, route(this.spec, known.mapping, def));
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.sink.close(), this.source.close()]);
  }
}

/**
 * The selected tables' routes, by source `db.table`, in the selection's order, and the catalogs
 * they were read from.
 */
export async function readRoutes(
  spec: KafkaTaskSpec,
  source: Endpoint,
): Promise<{ catalogs: DatabaseCatalog[]; routes: Map<string, KafkaRoute> }> {
  const reader = new CatalogReader(source);
  const databases = selectedDatabases(spec.objects, await reader.listDatabases());
  const catalogs = await reader.read(databases);
  const routes = new Map<string, KafkaRoute>();
  for (const mapping of resolveSelection(spec.objects, catalogs)) {
    const def = catalogs
      .find((c) => c.name === mapping.source.database)
      ?.tables.find((t) => t.name === mapping.source.table);
    if (def)
      routes.set(
        objectPath(mapping.source.database, mapping.source.table),
        route(spec, mapping, def),
      );
  }
  return { catalogs, routes };
}

function route(spec: KafkaTaskSpec, mapping: TableMapping, def: TableDef): KafkaRoute {
  const chosen = mapping.columns ?? def.columns.map((c) => c.name);
  const columns = def.columns.filter((c) => chosen.includes(c.name));
  const copyKey = chooseCopyKey(def, chosen);
  return {
    mapping,
    def,
    table: {
      database: mapping.target.database,
      table: mapping.target.table,
      columns: columns.map(kafkaColumn),
      key: copyKey?.columns.map((c) => c.name) ?? [],
    },
    topic: topicFor(spec.target.topic, mapping.target.database, mapping.target.table),
    copyKey,
    filter: mapping.where ? compileRowFilter(mapping.where, def.columns) : null,
  };
}
