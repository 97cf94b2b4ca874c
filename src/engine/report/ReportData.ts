import type { TableMapping } from '../../shared/catalog.js';
import type { LogLevel, StepState, TaskState } from '../../shared/events.js';
import type { StreamStats } from '../../shared/stream.js';
import type {
  AnyTaskSpec,
  DatabaseEndpointSpec,
  KafkaTargetSpec,
  ObjectRule,
  StepName,
} from '../../shared/task.js';
import type { VerificationReport } from '../../shared/verify.js';
import { mapTableName } from '../catalog/Selection.js';
import { BINLOG_STREAM, TABLES_STREAM } from '../cdc/IncrementalSync.js';
import { CutoverError } from '../errors.js';
import { readPrecheck, type PrecheckRecord } from '../precheck/PrecheckRecord.js';
import { objectPath } from '../sql/Identifiers.js';
import { CheckpointRepository } from '../store/CheckpointRepository.js';
import { EventRepository } from '../store/EventRepository.js';
import { ProgressRepository, type TableProgress } from '../store/ProgressRepository.js';
import { SchemaObjectRepository, type SchemaObjectState } from '../store/SchemaObjectRepository.js';
import { StepRepository } from '../store/StepRepository.js';
import type { Store } from '../store/Store.js';
import { StreamStatsRepository } from '../store/StreamStatsRepository.js';
import { TaskRepository, withoutPasswords, type Task } from '../store/TaskRepository.js';
import { VerificationRepository } from '../store/VerificationRepository.js';
import { reverseName } from '../switchover/ReverseTask.js';
import { readSwitchover, type SwitchoverState } from '../switchover/Switchover.js';
import { cutoverVersion } from '../version.js';

/** Warnings and errors a report lists from the log; the rest are counted. */
export const REPORT_PROBLEM_LIMIT = 100;

export interface EndpointSummary {
  kind: string;
  /** `host:port`. */
  address: string;
  user: string;
  tls: string | null;
}

/** A selected table as the task resolved it. */
export interface ReportTable {
  /** `db.table` on each side. */
  source: string;
  target: string;
  /** null: every column. */
  columns: string[] | null;
  where: string | null;
}

export interface CopiedTable {
  source: string;
  target: string;
  state: StepState;
  rowsDone: number;
  rowsTotal: number | null;
  bytesDone: number;
  chunksDone: number;
  updatedAt: string;
}

export interface StepRecord {
  step: StepName;
  state: StepState;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export interface SchemaObjectRecord {
  kind: string;
  object: string;
  phase: string;
  state: SchemaObjectState;
  error: string | null;
}

export interface StreamRecord {
  stats: StreamStats;
  updatedAt: string;
}

export interface ReverseRecord {
  name: string;
  state: TaskState;
  currentStep: StepName | null;
  error: string | null;
  updatedAt: string;
  stream: StreamRecord | null;
}

export interface LoggedProblem {
  ts: string;
  level: LogLevel;
  code: string | null;
  message: string;
}

/** Everything a cutover report shows, read from the state store alone. */
export interface ReportData {
  generatedAt: string;
  version: string;
  task: {
    name: string;
    state: TaskState;
    currentStep: StepName | null;
    error: string | null;
    createdAt: string;
    updatedAt: string;
    steps: StepName[];
  };
  source: EndpointSummary;
  target: EndpointSummary;
  selection: ObjectRule[];
  tables: ReportTable[];
  /** The stream's own list (it follows DDL), or the tables copied and verified. */
  tablesFrom: 'stream' | 'copy';
  schemaObjects: SchemaObjectRecord[];
  steps: StepRecord[];
  /** null: the task first ran before prechecks were recorded, or has not run. */
  precheck: PrecheckRecord | null;
  fullCopy: CopiedTable[];
  /** Oldest first: the last one is the latest. */
  verifications: VerificationReport[];
  stream: StreamRecord | null;
  switchover: SwitchoverState | null;
  reverse: ReverseRecord | null;
  problems: { events: LoggedProblem[]; total: number };
}

/**
 * Gathers a task's report from the store alone: after a switchover the source may be read-only
 * or gone, and the report must still be possible.
 */
export function gatherReport(store: Store, name: string, now = new Date()): ReportData {
  const tasks = new TaskRepository(store.db);
  const task = tasks.getByName(name);
  if (!task) {
    throw new CutoverError(
      'TASK_NOT_FOUND',
      `Task "${name}" has not run in the state dir ${store.dir}.`,
      'Check the task name, or pass the --state-dir it ran with.',
    );
  }
  // Stored specs are stripped already; stripping again keeps this document, which leaves the
  // site, safe from whatever wrote the record.
  const spec = withoutPasswords(task.spec);
  const progress = new ProgressRepository(store.db).list(task.id);
  const verifications = new VerificationRepository(store.db).list(task.id);
  const { events, total } = new EventRepository(store.db).problems(task.id, REPORT_PROBLEM_LIMIT);
  const streamTables = new CheckpointRepository(store.db).get(task.id, TABLES_STREAM);
  const reverse = tasks.getByName(reverseName(task.name));
  return {
    generatedAt: now.toISOString(),
    version: cutoverVersion(),
    task: {
      name: task.name,
      state: task.state,
      currentStep: task.currentStep,
      error: task.error?.message ?? null,
      createdAt: task.createdAt,
      updatedAt: task.updatedAt,
      steps: spec.steps,
    },
    source: endpointSummary(spec.source),
    target: endpointSummary(spec.target),
    selection: spec.objects,
    tables: streamTables
      ? (streamTables.position as TableMapping[]).map(reportTable)
      : copiedTables(spec, progress, verifications.at(-1)),
    tablesFrom: streamTables ? 'stream' : 'copy',
    schemaObjects: new SchemaObjectRepository(store.db).list(task.id).map((o) => ({
      kind: o.kind,
      object: o.object,
      phase: o.phase,
      state: o.state,
      error: o.error,
    })),
    steps: new StepRepository(store.db).list(task.id).map((s) => ({
      step: s.step,
      state: s.state,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
      error: s.error?.message ?? null,
    })),
    precheck: readPrecheck(store, task.id),
    fullCopy: progress
      .filter((t) => t.step === 'full')
      .map((t) => ({
        source: objectPath(t.sourceDb, t.sourceTable),
        target: objectPath(t.targetDb, t.targetTable),
        state: t.state,
        rowsDone: t.rowsDone,
        rowsTotal: t.rowsTotal,
        bytesDone: t.bytesDone,
        chunksDone: t.chunksDone,
        updatedAt: t.updatedAt,
      })),
    verifications,
    stream: forwardStream(store, task.id),
    switchover: readSwitchover(store, task.id),
    reverse: reverse ? reverseRecord(store, reverse) : null,
    problems: {
      events: events.map((e) => ({ ts: e.ts, level: e.level, code: e.code, message: e.message })),
      total,
    },
  };
}

function endpointSummary(endpoint: DatabaseEndpointSpec | KafkaTargetSpec): EndpointSummary {
  if (endpoint.kind === 'kafka') {
    return {
      kind: `kafka (${endpoint.format})`,
      address: endpoint.brokers.join(', '),
      user: endpoint.sasl?.username ?? '',
      tls: endpoint.tls ? 'on' : null,
    };
  }
  return {
    kind: endpoint.kind,
    address: `${endpoint.host}:${endpoint.port}`,
    user: endpoint.user,
    tls: endpoint.tls?.mode ?? null,
  };
}

function reportTable(m: TableMapping): ReportTable {
  return {
    source: objectPath(m.source.database, m.source.table),
    target: objectPath(m.target.database, m.target.table),
    columns: m.columns,
    where: m.where,
  };
}

/**
 * Without the stream's list (it is kept once DDL changed it), the tables are the ones the copy
 * recorded, then any the latest verification compared besides (a task without a full step).
 */
function copiedTables(
  spec: AnyTaskSpec,
  progress: TableProgress[],
  verification: VerificationReport | undefined,
): ReportTable[] {
  const tables = new Map<string, ReportTable>();
  for (const t of progress) {
    const source = objectPath(t.sourceDb, t.sourceTable);
    if (tables.has(source)) continue;
    const rule = mapTableName(spec.objects, t.sourceDb, t.sourceTable);
    tables.set(source, {
      source,
      target: objectPath(t.targetDb, t.targetTable),
      columns: rule?.columns ?? null,
      where: rule?.where ?? null,
    });
  }
  for (const t of verification?.tables ?? []) {
    if (tables.has(t.source)) continue;
    const dot = t.source.indexOf('.');
    const rule = mapTableName(spec.objects, t.source.slice(0, dot), t.source.slice(dot + 1));
    tables.set(t.source, {
      source: t.source,
      target: t.target,
      columns: rule?.columns ?? null,
      where: rule?.where ?? null,
    });
  }
  return [...tables.values()];
}

function forwardStream(store: Store, taskId: string): StreamRecord | null {
  const saved = new StreamStatsRepository(store.db)
    .list<StreamStats>(taskId)
    .find((s) => s.stream === BINLOG_STREAM);
  return saved ? { stats: saved.stats, updatedAt: saved.updatedAt } : null;
}

function reverseRecord(store: Store, task: Task): ReverseRecord {
  return {
    name: task.name,
    state: task.state,
    currentStep: task.currentStep,
    error: task.error?.message ?? null,
    updatedAt: task.updatedAt,
    stream: forwardStream(store, task.id),
  };
}
