// `npm run bench -- kafka`: change events per second from the source's binlog into a Kafka broker
// with Cutover (`cutover run --until caught-up` on a backlog, timed from start to exit), next to
// a bare kafkajs producer sending the messages Cutover sends, in the same run, to the same
// broker, with the same acknowledgement (all in-sync replicas).

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Buffer } from 'node:buffer';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import mysql from 'mysql2/promise';
import { startKafkaMock } from '../scripts/kafka-mock.js';
import { REPO } from './incremental/cutover.js';
import { onCleanup, stopRequested } from './support/cleanup.js';
import {
  integerOption,
  progressReporter,
  runFacts,
  startBenchmark,
  UsageError,
} from './support/cli.js';
import { connect, MARIADBD, startServers } from './support/mariadb.js';
import { run } from './support/proc.js';
import { formatCount, formatSeconds, round, summarize } from './support/stats.js';

const CUTOVER = join(REPO, 'bin', 'cutover.js');
/** The goals: at least this share of the bare producer's rate, and this many events/s. */
const GOAL_RATIO = 0.7;
const GOAL_EVENTS_PER_SECOND = 50_000;
/** Messages per produce request of the bare producer. */
const BARE_BATCH = 2_000;

const USAGE = `Usage: npm run bench -- kafka [--events N] [--rows-per-txn N] [--format F] [--runs N] [--json]

Starts a throwaway MariaDB server and a Kafka wire-protocol broker (librdkafka's mock cluster).
Each run: a task streaming one table to Kafka catches up once (untimed), the source writes a
backlog of --events row changes in transactions of --rows-per-txn rows, and
\`cutover run --until caught-up\` sends them (timed from start to exit, process start included).
Then a bare kafkajs producer sends the same messages (made by Cutover's own formats from the
same rows) to another topic of the same broker, acks from all in-sync replicas, ${BARE_BATCH} messages per request (timed).
Prints the median events/s of each and Cutover's rate relative to the bare producer.
Cutover runs from dist/: build it first (npm run build).

  --events N        row changes per run (default 200000)
  --rows-per-txn N  rows per source transaction (default 10)
  --format F        debezium, canal or json (default debezium)
  --runs N          runs (default 3)
  --json            end with one line of JSON holding every figure`;

const TOOLS = [
  ['mariadb-install-db', 'mariadb-server'],
  [MARIADBD, 'mariadb-server'],
  ['cc', 'gcc'],
];

const progress = progressReporter();

function parse(args) {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        events: { type: 'string' },
        'rows-per-txn': { type: 'string' },
        format: { type: 'string' },
        runs: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError(e.message);
  }
  const format = values.format ?? 'debezium';
  if (!['debezium', 'canal', 'json'].includes(format)) {
    throw new UsageError(`--format: expected debezium, canal or json, got "${format}"`);
  }
  return {
    help: values.help,
    events: integerOption(values, 'events', 200_000),
    rowsPerTxn: integerOption(values, 'rows-per-txn', 10),
    format,
    runs: integerOption(values, 'runs', 3),
    json: values.json,
  };
}

/** The backlog: `events` inserted rows, `rowsPerTxn` to a transaction, written fast. */
async function writeBacklog(server, db, from, events, rowsPerTxn) {
  // Many single-row-batch transactions per round trip: the backlog is written in seconds.
  const conn = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    database: db,
    multipleStatements: true,
  });
  try {
    await conn.query('SET SESSION max_statement_time = 0');
    const statements = [];
    for (let first = from; first < from + events; first += rowsPerTxn) {
      const last = Math.min(first + rowsPerTxn, from + events) - 1;
      statements.push(
        `INSERT INTO events SELECT seq, seq % 1000, REPEAT('c', 120), REPEAT('p', 60), NOW(6) FROM seq_${first}_to_${last};`,
      );
      if (statements.length === 500) {
        await conn.query(statements.splice(0).join(''));
      }
    }
    if (statements.length > 0) await conn.query(statements.join(''));
  } finally {
    await conn.end();
  }
}

/** How many messages `topic` holds: the sum of its partitions' high watermarks. */
async function messagesOn(brokers, topic) {
  const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

function column(name, columnType, charset = null) {
  return {
    name,
    columnType,
    dataType: columnType.match(/^[a-z]+/)[0],
    nullable: false,
    default: null,
    autoIncrement: false,
    onUpdate: null,
    generated: null,
    charset,
    collation: null,
    comment: '',
    invisible: false,
  };
}

/**
 * The messages Cutover sends for the backlog's rows, made by Cutover's own format classes from
 * the same values (the broker used here keeps too few messages per partition to read them all
 * back): the bare producer sends exactly these.
 */
async function sameMessages(opts, db, topic, at) {
  const engine = join(REPO, 'dist', 'engine', 'sinks', 'kafka');
  const { RowEncoder } = await import(join(engine, 'KafkaEvent.js'));
  const { kafkaColumn } = await import(join(engine, 'ValueEncoding.js'));
  const formats = {
    debezium: async (encoder) =>
      new (await import(join(engine, 'formats', 'Debezium.js'))).DebeziumFormat(encoder, {
        server: 'bench-kafka',
        version: 'bench',
        schema: false,
      }),
    canal: async (encoder) =>
      new (await import(join(engine, 'formats', 'Canal.js'))).CanalFormat(encoder),
    json: async (encoder) =>
      new (await import(join(engine, 'formats', 'PlainJson.js'))).PlainJsonFormat(encoder),
  };
  const format = await formats[opts.format](new RowEncoder());
  const table = {
    database: db,
    table: 'events',
    columns: [
      column('id', 'bigint(20)'),
      column('k', 'int(11)'),
      column('c', 'char(120)', 'utf8mb4'),
      column('pad', 'char(60)', 'utf8mb4'),
      column('at', 'datetime(6)'),
    ].map(kafkaColumn),
    key: ['id'],
  };
  const messages = [];
  for (let id = 2; id < 2 + opts.events; id++) {
    const m = format.row({
      kind: 'row',
      op: 'insert',
      table,
      before: null,
      after: {
        id: Buffer.from(String(id)),
        k: Buffer.from(String(id % 1000)),
        c: Buffer.from('c'.repeat(120)),
        pad: Buffer.from('p'.repeat(60)),
        at: Buffer.from(at),
      },
      sourceMs: Date.now(),
      position: { file: 'binlog.000001', pos: 1_000_000 + id, gtid: `0-1-${id}`, row: id % 10 },
      id: `binlog:binlog.000001:${1_000_000 + id}:${id % 10}`,
    });
    messages.push({ key: m.key, value: m.value, headers: m.headers, topic });
  }
  return messages;
}

/** The bare producer: the same messages, acks from all in-sync replicas, in large requests. */
async function bareProducer(brokers, topic, messages) {
  const producer = new Kafka({ brokers, logLevel: logLevel.NOTHING }).producer({
    allowAutoTopicCreation: true,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  // The topic exists before the clock starts, as Cutover's did after its first catch-up.
  await producer.send({ topic, acks: -1, messages: [{ key: 'warm-up', value: '' }] });
  try {
    const began = performance.now();
    for (let i = 0; i < messages.length; i += BARE_BATCH) {
      await producer.send({
        topic,
        acks: -1,
        messages: messages
          .slice(i, i + BARE_BATCH)
          .map(({ key, value, headers }) => ({ key, value, headers })),
      });
    }
    return (performance.now() - began) / 1000;
  } finally {
    await producer.disconnect();
  }
}

async function oneRun(n, ctx, opts) {
  const db = `bench_kafka_${n}`;
  const topic = `cutover-${n}`;
  const stateDir = await mkdtemp(join(ctx.root, 'state-'));
  const conn = await connect(ctx.source);
  await conn.query(`CREATE DATABASE ${db}`);
  await conn.query(
    `CREATE TABLE ${db}.events (id BIGINT PRIMARY KEY, k INT NOT NULL, c CHAR(120) NOT NULL, pad CHAR(60) NOT NULL, at DATETIME(6) NOT NULL)`,
  );
  await conn.end();
  const taskFile = join(stateDir, 'task.json');
  await writeFile(
    taskFile,
    JSON.stringify({
      name: `bench-kafka-${n}`,
      source: {
        kind: 'mysql',
        host: ctx.source.host,
        port: ctx.source.port,
        user: ctx.source.user,
        password: '',
      },
      target: { kind: 'kafka', brokers: ctx.brokers, format: opts.format, topic },
      objects: [{ database: db, tables: ['events'] }],
      steps: ['full', 'incremental'],
    }),
  );
  const cutover = (extra) =>
    run(process.execPath, [CUTOVER, 'run', taskFile, '--until', 'caught-up', '--json', ...extra]);
  const first = await cutover(['--state-dir', stateDir]);
  if (!first.ok) throw new Error(`cutover failed: ${first.reason}\n${first.output.slice(-2000)}`);
  // One message makes the topic, so neither side pays for its creation.
  await writeBacklog(ctx.source, db, 1, 1, 1);
  const warm = await cutover(['--state-dir', stateDir]);
  if (!warm.ok) throw new Error(`cutover failed: ${warm.reason}`);
  progress(`run ${n}: writing a backlog of ${formatCount(opts.events)} row changes`);
  await writeBacklog(ctx.source, db, 2, opts.events, opts.rowsPerTxn);
  const timed = await cutover(['--state-dir', stateDir]);
  if (!timed.ok) throw new Error(`cutover failed: ${timed.reason}\n${timed.output.slice(-2000)}`);
  progress(`run ${n}: Cutover sent them in ${formatSeconds(timed.seconds)}`);
  const onTopic = await messagesOn(ctx.brokers, topic);
  if (onTopic !== opts.events + 1) {
    throw new Error(`${onTopic} messages on the topic, ${opts.events + 1} expected`);
  }
  const sent = await sameMessages(
    opts,
    db,
    `bare-${n}`,
    new Date().toISOString().replace('T', ' ').replace('Z', '000'),
  );
  const bareSeconds = await bareProducer(ctx.brokers, `bare-${n}`, sent);
  progress(`run ${n}: the bare producer sent them in ${formatSeconds(bareSeconds)}`);
  await rm(stateDir, { recursive: true, force: true });
  const bytes = sent.reduce((sum, m) => sum + (m.value?.length ?? 0), 0);
  return {
    cutoverSeconds: timed.seconds,
    bareSeconds,
    cutoverEventsPerSecond: opts.events / timed.seconds,
    bareEventsPerSecond: opts.events / bareSeconds,
    averageMessageBytes: bytes / sent.length,
  };
}

export async function main(args) {
  const started = startBenchmark(args, { benchmark: 'kafka', usage: USAGE, parse, tools: TOOLS });
  if (started.exit !== undefined) return started.exit;
  const { opts } = started;
  progress('starting a MariaDB server and a Kafka broker');
  const { root, source } = await startServers(['source']);
  const broker = await startKafkaMock({ brokers: 1 });
  onCleanup(() => broker.stop());
  const ctx = { root, source, brokers: broker.bootstrap };
  const facts = await runFacts('kafka', source, REPO);
  const runs = [];
  for (let n = 1; n <= opts.runs; n++) {
    runs.push(await oneRun(n, ctx, opts));
    if (stopRequested()) return 130;
  }
  const cutover = summarize(runs.map((r) => r.cutoverEventsPerSecond));
  const bare = summarize(runs.map((r) => r.bareEventsPerSecond));
  const ratios = summarize(runs.map((r) => r.cutoverEventsPerSecond / r.bareEventsPerSecond));
  const bytes = summarize(runs.map((r) => r.averageMessageBytes));
  console.log(
    [
      '',
      `Kafka: ${formatCount(opts.events)} row changes (${opts.rowsPerTxn} per transaction), ${opts.format} messages of ${formatCount(bytes.median)} bytes, ${opts.runs} run(s), medians:`,
      `  Cutover (binlog → broker, process start included)  ${formatCount(cutover.median)} events/s  (${formatCount(cutover.min)}–${formatCount(cutover.max)})`,
      `  bare kafkajs producer (same messages)              ${formatCount(bare.median)} events/s  (${formatCount(bare.min)}–${formatCount(bare.max)})`,
      `  Cutover / bare producer                            ${ratios.median.toFixed(2)}×  (goal ≥ ${GOAL_RATIO}×)`,
      `  Cutover ≥ ${formatCount(GOAL_EVENTS_PER_SECOND)} events/s                               ${cutover.median >= GOAL_EVENTS_PER_SECOND ? 'yes' : 'no'}`,
    ].join('\n'),
  );
  if (opts.json) {
    console.log(
      JSON.stringify({
        ...facts,
        options: opts,
        runs: runs.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)]))),
        median: {
          cutoverEventsPerSecond: round(cutover.median),
          bareEventsPerSecond: round(bare.median),
          ratio: round(ratios.median),
        },
      }),
    );
  }
  return 0;
}
