/**
 * The precheck of a task whose target is Kafka: the source's checks that apply (binlog,
 * tables, row filters, privileges), and the brokers: reachable, the topics there or created on
 * first use, and the largest row's message within the broker's size limit.
 */
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import type { ColumnDef, TableMapping } from '../../shared/catalog.js';
import type { CheckResult } from '../../shared/precheck.js';
import { isKafkaTask, type AnyTaskSpec, type KafkaTaskSpec } from '../../shared/task.js';
import { CatalogReader } from '../catalog/CatalogReader.js';
import { resolveSelection, selectedDatabases } from '../catalog/Selection.js';
import { Endpoint } from '../connect/Endpoint.js';
import { toErrorInfo } from '../errors.js';
import { kafkaClient, kafkaFailed } from '../sinks/kafka/KafkaSink.js';
import { kafkaConnectOptions } from '../sinks/kafka/KafkaTarget.js';
import { topicFor } from '../sinks/kafka/Topics.js';
import { binlogCheck } from './BinlogCheck.js';
import { fail, listSome, pass, warn, type SourceCheck, type SourceView } from './Check.js';
import { measureLargestRow, MEASURE_LIMIT_MS } from './PacketCheck.js';
import { connectionFailure, precheckTask } from './Prechecker.js';
import { checkSourcePrivileges } from './PrivilegeCheck.js';
import { declaredRowBytes, formatBytes } from './RowSize.js';
import { rowFilterCheck } from './RowFilterCheck.js';
import { tableCheck } from './TableCheck.js';

const SOURCE_CHECKS: readonly SourceCheck[] = [binlogCheck, tableCheck, rowFilterCheck];

/** Kafka's default message.max.bytes, used when the broker's own setting cannot be read. */
export const DEFAULT_MESSAGE_MAX_BYTES = 1_048_588;

/** Runs the precheck that fits the task's target. */
export async function precheckAnyTask(spec: AnyTaskSpec): Promise<CheckResult[]> {
  return isKafkaTask(spec) ? precheckKafkaTask(spec) : precheckTask(spec);
}

/**
 * A message's value bytes for a row of `rowBytes` stored bytes, at most: Debezium carries the
 * row twice (before and after), base64 makes binary a third longer, JSON escaping and the
 * envelope add the rest.
 */
export function messageBytes(rowBytes: number): number {
  return Math.ceil(rowBytes * 2 * 1.4) + 2048;
}

export interface BrokerSettings {
  messageMaxBytes: number | null;
  autoCreateTopics: boolean | null;
}

export function judgeTopics(
  expected: readonly string[],
  existing: ReadonlySet<string>,
  autoCreate: boolean | null,
): CheckResult {
  const id = 'kafka.topics';
  const title = 'Kafka topics';
  const missing = expected.filter((t) => !existing.has(t));
  if (missing.length === 0) return pass(id, title, `All ${expected.length} topic(s) exist.`);
  const create = `Create them (for example: kafka-topics.sh --create --topic <name> --partitions 6 --replication-factor 3), or let the brokers create topics on first use (auto.create.topics.enable = true).`;
  if (autoCreate === true) {
    return pass(
      id,
      title,
      `${missing.length} topic(s) do not exist yet and will be created on first use with the brokers' defaults: ${listSome(missing)}.`,
    );
  }
  if (autoCreate === false) {
    return fail({
      id,
      title,
      detail: `${missing.length} topic(s) do not exist and the brokers do not create topics on first use: ${listSome(missing)}.`,
      fix: create,
      objects: missing,
    });
  }
  return warn({
    id,
    title,
    detail: `${missing.length} topic(s) do not exist: ${listSome(missing)}; whether the brokers create them on first use could not be read.`,
    fix: create,
    objects: missing,
  });
}

export function judgeMessageSize(
  limit: number | null,
  rows: readonly { name: string; bytes: number }[],
): CheckResult {
  const id = 'kafka.message_size';
  const title = 'Largest message';
  const max = limit ?? DEFAULT_MESSAGE_MAX_BYTES;
  const assumed =
    limit === null ? ' (Kafka’s default; the brokers’ own setting could not be read)' : '';
  const over = rows.filter((r) => messageBytes(r.bytes) > max);
  if (over.length === 0) {
    return pass(
      id,
      title,
      `Every selected row fits in a message of message.max.bytes = ${formatBytes(max)}${assumed}.`,
    );
  }
  const largest = Math.max(...over.map((r) => messageBytes(r.bytes)));
  return fail({
    id,
    title,
    detail: `Rows of ${over.length} table(s) would make messages larger than message.max.bytes = ${formatBytes(max)}${assumed}, up to about ${formatBytes(largest)}: ${listSome(over.map((r) => r.name))}.`,
    fix: `Raise message.max.bytes on the brokers (and max.message.bytes on the topics) to at least ${largest}, or leave the largest columns out of the task ("columns").`,
    objects: over.map((r) => r.name),
  });
}

async function brokerSettings(admin: Admin, brokerId: number): Promise<BrokerSettings> {
  try {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        {
          type: ConfigResourceTypes.BROKER,
          name: String(brokerId),
          configNames: ['message.max.bytes', 'auto.create.topics.enable'],
        },
      ],
    });
    const entries = described.resources[0]?.configEntries ?? [];
    const value = (name: string) => entries.find((e) => e.configName === name)?.configValue;
    const size = Number(value('message.max.bytes'));
    const auto = value('auto.create.topics.enable');
    return {
      messageMaxBytes: Number.isFinite(size) && size > 0 ? size : null,
      autoCreateTopics: auto === undefined ? null : auto === 'true',
    };
  } catch {
    // Not every broker (nor every account) may describe configs: the judges say so.
    return { messageMaxBytes: null, autoCreateTopics: null };
  }
}

/** The largest stored row of each selected table, measured only where declared sizes are large. */
async function largestRows(
  source: Endpoint,
  view: SourceView,
  limit: number,
): Promise<{ name: string; bytes: number }[]> {
  const rows: { name: string; bytes: number }[] = [];
  for (const mapping of view.mappings) {
    const def = view.tableDef(mapping.source.database, mapping.source.table);
    if (!def) continue;
    const columns: ColumnDef[] = def.columns.filter(
      (c) => mapping.columns === null || mapping.columns.includes(c.name),
    );
    const declared = declaredRowBytes(columns).raw;
    const name = `${mapping.source.database}.${mapping.source.table}`;
    if (messageBytes(declared) <= limit) continue;
    const measured = await measureLargestRow(source, mapping, columns, MEASURE_LIMIT_MS);
    rows.push({ name, bytes: 'bytes' in measured ? measured.bytes.raw : declared });
  }
  return rows;
}

function expectedTopics(spec: KafkaTaskSpec, mappings: readonly TableMapping[]): string[] {
  const topics = new Set(
    mappings.map((m) => topicFor(spec.target.topic, m.target.database, m.target.table)),
  );
  if (spec.steps.includes('incremental')) {
    for (const m of mappings) topics.add(topicFor(spec.target.ddlTopic, m.target.database));
  }
  return [...topics].sort();
}

async function sourceView(spec: KafkaTaskSpec, source: Endpoint): Promise<SourceView> {
  const reader = new CatalogReader(source);
  const catalogs = await reader.read(selectedDatabases(spec.objects, await reader.listDatabases()));
  return {
    spec,
    source,
    catalogs,
    mappings: resolveSelection(spec.objects, catalogs),
    tableDef: (database, table) =>
      catalogs.find((c) => c.name === database)?.tables.find((t) => t.name === table),
  };
}

async function precheckKafkaTask(spec: KafkaTaskSpec): Promise<CheckResult[]> {
  let source: Endpoint;
  try {
    source = await Endpoint.open('source', spec.source);
  } catch (e) {
    return [connectionFailure('source', e)];
  }
  const admin = kafkaClient(kafkaConnectOptions(spec)).admin();
  try {
    let view: SourceView;
    try {
      view = await sourceView(spec, source);
    } catch (e) {
      return [connectionFailure(null, e)];
    }
    const results: CheckResult[] = [];
    for (const check of SOURCE_CHECKS) {
      results.push(
        ...(await check.run(view).catch((e: unknown) => {
          const info = toErrorInfo(e);
          return [
            fail({
              id: check.id,
              title: check.title,
              detail: `The check could not run: ${info.message}`,
              fix: info.fix,
            }),
          ];
        })),
      );
    }
    results.push(await checkSourcePrivileges(view, []));
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      results.push(
        pass(
          'kafka.brokers',
          'Kafka brokers',
          `${cluster.brokers.length} broker(s) answered: ${cluster.brokers.map((b) => `${b.host}:${b.port}`).join(', ')}.`,
        ),
      );
      const settings = await brokerSettings(admin, cluster.brokers[0]?.nodeId ?? 0);
      const existing = new Set(await admin.listTopics());
      results.push(
        judgeTopics(expectedTopics(spec, view.mappings), existing, settings.autoCreateTopics),
      );
      const limit = settings.messageMaxBytes ?? DEFAULT_MESSAGE_MAX_BYTES;
      results.push(
        judgeMessageSize(settings.messageMaxBytes, await largestRows(source, view, limit)),
      );
    } catch (e) {
      const info = toErrorInfo(kafkaFailed(e, spec.target.brokers));
      results.push(
        fail({ id: 'kafka.brokers', title: 'Kafka brokers', detail: info.message, fix: info.fix }),
      );
    }
    return results;
  } finally {
    await admin.disconnect().catch(() => undefined);
    await source.close();
  }
}
