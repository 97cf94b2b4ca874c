import type { TaskDetail, TaskSummary } from '../../../../src/shared/api.js';
import type { StreamStatus } from '../../../../src/shared/stream.js';
import type { TaskSpec } from '../../../../src/shared/task.js';
import type { TableVerification, VerificationReport } from '../../../../src/shared/verify.js';

export function summary(over: Partial<TaskSummary> = {}): TaskSummary {
  return {
    name: 'orders',
    state: 'running',
    currentStep: 'full',
    steps: ['schema', 'full', 'incremental'],
    updatedAt: '2025-01-01T10:00:00.000Z',
    error: null,
    active: true,
    source: 'src:3306',
    target: 'ob:2881',
    fullProgress: 0.25,
    lagMs: null,
    reverseOf: null,
    ...over,
  };
}

export function spec(over: Partial<TaskSpec> = {}): TaskSpec {
  return {
    name: 'orders',
    source: { kind: 'mysql', host: 'src', port: 3306, user: 'u' },
    target: { kind: 'oceanbase', host: 'ob', port: 2881, user: 'u' },
    objects: [{ database: 'shop', tables: ['*'] }],
    steps: ['schema', 'full', 'incremental'],
    options: {
      concurrency: 4,
      maxRowsPerSecond: 0,
      maxBytesPerSecond: 0,
      existingTables: 'fail',
      loader: 'auto',
      chunkRows: 10000,
      convertUnsupportedCharsets: false,
      ddl: 'apply',
      applyWorkers: 4,
    },
    ...over,
  };
}

export function detail(over: Partial<TaskDetail> = {}): TaskDetail {
  return {
    summary: summary(),
    spec: spec(),
    steps: [
      {
        step: 'schema',
        state: 'done',
        startedAt: '2025-01-01T10:00:00.000Z',
        finishedAt: '2025-01-01T10:00:05.000Z',
      },
      { step: 'full', state: 'running', startedAt: '2025-01-01T10:00:05.000Z', finishedAt: null },
      { step: 'incremental', state: 'pending', startedAt: null, finishedAt: null },
    ],
    tables: [],
    streams: [],
    verification: null,
    throttle: { rowsPerSecond: 0, bytesPerSecond: 0 },
    events: [],
    ...over,
  };
}

export function streamStatus(over: Partial<StreamStatus> = {}): StreamStatus {
  return {
    lagMs: 3,
    lagP50Ms: 2,
    lagP99Ms: 9,
    lagSource: 'heartbeat',
    eventsPerSecond: 120,
    rowsPerSecond: 480,
    transactionsApplied: 1000,
    rowsApplied: 4000,
    applied: {
      file: 'bin.000003',
      pos: 1234,
      gtid: null,
      gtidFlavor: null,
      at: '2025-01-01T10:00:00.000Z',
    },
    inFlight: 2,
    ...over,
  };
}

export function tableReport(over: Partial<TableVerification> = {}): TableVerification {
  return {
    source: 'shop.orders',
    target: 'shop.orders',
    rowsSource: 1000,
    rowsTarget: 1000,
    chunks: 1,
    chunksDiffering: 0,
    differences: [],
    differenceCount: 0,
    seconds: 0.4,
    ...over,
  };
}

export function report(
  tables: TableVerification[],
  startedAt = '2025-01-01T11:00:00.000Z',
): VerificationReport {
  return {
    tables,
    consistent: tables.every((t) => t.differenceCount === 0),
    startedAt,
    seconds: 2,
  };
}
