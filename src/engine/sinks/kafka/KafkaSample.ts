import type { KafkaSample } from '../../../shared/api.js';
import type { KafkaTaskSpec } from '../../../shared/task.js';
import { Endpoint } from '../../connect/Endpoint.js';
import { CutoverError } from '../../errors.js';
import { qualify, quoteIdent } from '../../sql/Identifiers.js';
import { prettyJson } from './JsonText.js';
import { readEvent, RowEncoder, type RowValues } from './KafkaEvent.js';
import { formatOf, readRoutes, type KafkaRoute } from './KafkaSession.js';

/** Tables looked at for a row before giving up: empty tables are common in a fresh schema. */
const TABLES_TRIED = 10;

/** The first row of a table the task would send (its columns and row filter applied), if any. */
async function firstRow(source: Endpoint, route: KafkaRoute): Promise<RowValues | null> {
  const { mapping } = route;
  const columns = route.table.columns.map((c) => c.name);
  const [raw] = await source.queryRaw(
    `SELECT ${columns.map(quoteIdent).join(', ')} FROM ${qualify(mapping.source.database, mapping.source.table)}` +
      `${mapping.where ? ` WHERE (${mapping.where})` : ''} LIMIT 1`,
  );
  if (!raw) return null;
  return Object.fromEntries(columns.map((c, i) => [c, raw[i] ?? null]));
}

/**
 * The message a Kafka task would send for a row of its first selected table that holds one: read
 * from the source and encoded and formatted as the full copy does, but never sent, so it needs
 * only the source.
 */
export async function sampleMessage(spec: KafkaTaskSpec): Promise<KafkaSample> {
  const source = await Endpoint.open('source', spec.source, { poolSize: 1 });
  try {
    const { routes } = await readRoutes(spec, source);
    if (routes.size === 0) {
      throw new CutoverError(
        'SELECTION_INVALID',
        'The task selects no table, so there is no message to show.',
        'Select at least one table.',
      );
    }
    const encoder = new RowEncoder();
    const format = formatOf(spec, encoder);
    const tried = [...routes.values()].slice(0, TABLES_TRIED);
    for (const route of tried) {
      const row = await firstRow(source, route);
      if (!row) continue;
      const message = format.row(readEvent(encoder, route.table, row, Date.now(), 0));
      return {
        table: `${route.mapping.source.database}.${route.mapping.source.table}`,
        topic: route.topic,
        key: message.key,
        value: prettyJson(message.value),
      };
    }
    const which =
      tried.length === routes.size
        ? 'the selected tables'
        : `the first ${tried.length} selected tables`;
    const filtered = tried.some((r) => r.mapping.where)
      ? ' that their row filters let through'
      : '';
    throw new CutoverError(
      'USAGE',
      `No row to show: ${which} hold none${filtered}.`,
      'The task can still run; select a table that holds rows to see a sample message.',
    );
  } finally {
    await source.close();
  }
}
