import type { DatabaseCatalog, TableMapping } from '../../shared/catalog.js';
import type { SchemaPlan } from '../../shared/schema.js';
import type { TaskSpec } from '../../shared/task.js';
import { CatalogReader } from '../catalog/CatalogReader.js';
import { resolveSelection, selectedDatabases } from '../catalog/Selection.js';
import { Endpoint, type EndpointOptions } from '../connect/Endpoint.js';
import { planSchema } from '../schema/SchemaPlanner.js';

/**
 * Everything a step needs to know about a task's two servers: open connections, what they are,
 * the selected tables and where they go, and the schema plan. Built once per run.
 */
export class TaskSession {
  private constructor(
    readonly spec: TaskSpec,
    readonly source: Endpoint,
    readonly target: Endpoint,
    readonly catalogs: DatabaseCatalog[],
    readonly mappings: TableMapping[],
    readonly plan: SchemaPlan,
  ) {}

  /** Connects to both servers at once; each side succeeds or fails on its own. */
  static async connect(
    spec: TaskSpec,
    opts: EndpointOptions = {},
  ): Promise<[PromiseSettledResult<Endpoint>, PromiseSettledResult<Endpoint>]> {
    // Copy workers or apply workers each hold a connection for the whole step; the rest serve
    // the catalog reads, DDL and heartbeats that run beside them.
    const poolSize = Math.max(spec.options.concurrency, spec.options.applyWorkers) + 3;
    return Promise.allSettled([
      Endpoint.open('source', spec.source, { ...opts, poolSize }),
      Endpoint.open('target', spec.target, { ...opts, poolSize }),
    ]);
  }

  static async open(spec: TaskSpec, opts: EndpointOptions = {}): Promise<TaskSession> {
    const [source, target] = await TaskSession.connect(spec, opts);
    if (source.status === 'rejected' || target.status === 'rejected') {
      if (source.status === 'fulfilled') await source.value.close();
      if (target.status === 'fulfilled') await target.value.close();
      throw source.status === 'rejected' ? source.reason : (target as PromiseRejectedResult).reason;
    }
    return TaskSession.build(spec, source.value, target.value);
  }

  /** Reads the catalog, resolves the selection and plans the schema; closes both on failure. */
  static async build(spec: TaskSpec, source: Endpoint, target: Endpoint): Promise<TaskSession> {
    try {
      const reader = new CatalogReader(source);
      const databases = selectedDatabases(spec.objects, await reader.listDatabases());
      const catalogs = await reader.read(databases);
      const mappings = resolveSelection(spec.objects, catalogs);
      const plan = planSchema({
        catalogs,
        mappings,
        rules: spec.objects,
        target: target.info,
        // Statements run under the source's sql_mode (SchemaMigrator), so literals are escaped
        // the way that mode reads them.
        options: {
          noBackslashEscapes: /NO_BACKSLASH_ESCAPES/i.test(source.info.sqlMode),
          convertUnsupportedCharsets: spec.options.convertUnsupportedCharsets,
          streamsChanges: spec.steps.includes('incremental'),
        },
      });
      return new TaskSession(spec, source, target, catalogs, mappings, plan);
    } catch (e) {
      await Promise.all([source.close(), target.close()]);
      throw e;
    }
  }

  tableDef(database: string, table: string) {
    return this.catalogs.find((c) => c.name === database)?.tables.find((t) => t.name === table);
  }

  async close(): Promise<void> {
    await Promise.all([this.source.close(), this.target.close()]);
  }
}
