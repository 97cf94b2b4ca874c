import type { ReportData } from '../../../src/engine/report/ReportData.js';
import type { SwitchoverState } from '../../../src/engine/switchover/Switchover.js';
import { SWITCHOVER_STEPS } from '../../../src/shared/switchover.js';
import type { VerificationReport } from '../../../src/shared/verify.js';

export function verification(over: Partial<VerificationReport> = {}): VerificationReport {
  return {
    tables: [
      {
        source: 'shop.orders',
        target: 'shop_ob.orders_2024',
        rowsSource: 1200,
        rowsTarget: 1200,
        chunks: 2,
        chunksDiffering: 0,
        differences: [],
        differenceCount: 0,
        seconds: 0.8,
      },
    ],
    consistent: true,
    startedAt: '2025-03-01T10:20:00.000Z',
    seconds: 1.5,
    ...over,
  };
}

/** A switchover with every step done, a minute apart, each lasting `seconds`. */
export function switchedOver(seconds = 5): SwitchoverState {
  const steps = Object.fromEntries(
    SWITCHOVER_STEPS.map((step, i) => {
      const start = Date.parse('2025-03-01T10:30:00.000Z') + i * 60_000;
      return [
        step,
        {
          state: 'done',
          startedAt: new Date(start).toISOString(),
          finishedAt: new Date(start + seconds * 1000).toISOString(),
          detail: `${step} detail`,
          ...(step === 'checks' ? { lagMs: 420 } : step === 'drain' ? { lagMs: 1500 } : {}),
        },
      ];
    }),
  ) as SwitchoverState['steps'];
  return {
    steps,
    readOnlySet: true,
    reverseFrom: {
      file: 'mysql-bin.000007',
      pos: 1234,
      gtid: '0-102-55',
      gtidFlavor: 'mariadb',
      at: '2025-03-01T10:35:00.000Z',
    },
    rolledBack: false,
  };
}

/** A task copied, verified and switched over, with its reverse task running. */
export function reportData(over: Partial<ReportData> = {}): ReportData {
  return {
    generatedAt: '2025-03-01T11:00:00.000Z',
    version: '0.1.0',
    task: {
      name: 'shop-to-ob',
      state: 'done',
      currentStep: null,
      error: null,
      createdAt: '2025-03-01T10:00:00.000Z',
      updatedAt: '2025-03-01T10:36:00.000Z',
      steps: ['schema', 'full', 'incremental'],
    },
    source: { kind: 'mysql', address: '10.0.0.5:3306', user: 'migrator', tls: null },
    target: { kind: 'oceanbase', address: '10.0.0.9:2881', user: 'root@app', tls: 'required' },
    selection: [
      {
        database: 'shop',
        tables: ['*'],
        targetDatabase: 'shop_ob',
        rename: { orders: 'orders_2024' },
        where: { orders: "created_at >= '2024-01-01'" },
      },
    ],
    tables: [
      {
        source: 'shop.orders',
        target: 'shop_ob.orders_2024',
        columns: null,
        where: "created_at >= '2024-01-01'",
      },
    ],
    tablesFrom: 'copy',
    schemaObjects: [
      {
        kind: 'table',
        object: 'shop_ob.orders_2024',
        phase: 'schema',
        state: 'created',
        error: null,
      },
      {
        kind: 'trigger',
        object: 'shop_ob.audit',
        phase: 'switchover',
        state: 'skipped',
        error: 'held back',
      },
    ],
    steps: [
      {
        step: 'schema',
        state: 'done',
        startedAt: '2025-03-01T10:00:01.000Z',
        finishedAt: '2025-03-01T10:00:03.000Z',
        error: null,
      },
      {
        step: 'full',
        state: 'done',
        startedAt: '2025-03-01T10:00:03.000Z',
        finishedAt: '2025-03-01T10:04:23.000Z',
        error: null,
      },
      {
        step: 'incremental',
        state: 'done',
        startedAt: '2025-03-01T10:04:23.000Z',
        finishedAt: '2025-03-01T10:34:00.000Z',
        error: null,
      },
    ],
    precheck: {
      ranAt: '2025-03-01T10:00:00.500Z',
      results: [
        {
          id: 'source.binlog.format',
          title: 'Binlog format',
          status: 'pass',
          detail: 'ROW',
          fix: '',
        },
        {
          id: 'tables.keys',
          title: 'Primary keys',
          status: 'warn',
          detail: 'shop.log has no key',
          fix: 'Add a primary key.',
        },
      ],
    },
    fullCopy: [
      {
        source: 'shop.orders',
        target: 'shop_ob.orders_2024',
        state: 'done',
        rowsDone: 1200,
        rowsTotal: 1180,
        bytesDone: 65536,
        chunksDone: 2,
        updatedAt: '2025-03-01T10:04:22.000Z',
      },
    ],
    verifications: [verification(), verification({ startedAt: '2025-03-01T10:33:01.000Z' })],
    stream: {
      stats: {
        lagMs: 80,
        lagP50Ms: 60,
        lagP99Ms: 950,
        lagSource: 'heartbeat',
        eventsPerSecond: 12,
        rowsPerSecond: 40,
        transactionsApplied: 5000,
        rowsApplied: 16000,
      },
      updatedAt: '2025-03-01T10:32:59.000Z',
    },
    switchover: switchedOver(),
    reverse: {
      name: 'shop-to-ob.reverse',
      state: 'running',
      currentStep: 'incremental',
      error: null,
      updatedAt: '2025-03-01T10:50:00.000Z',
      stream: null,
    },
    problems: {
      events: [
        {
          ts: '2025-03-01T10:02:00.000Z',
          level: 'warn',
          code: 'tables.keys',
          message: 'Primary keys: shop.log has no key',
        },
      ],
      total: 1,
    },
    ...over,
  };
}
