import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { draftOf } from '../../../../src/renderer/wizard/currentTask.js';
import { canOpen, stepBlocker } from '../../../../src/renderer/wizard/gating.js';
import { filterKey } from '../../../../src/renderer/wizard/objectsSlice.js';
import { isSelected } from '../../../../src/renderer/wizard/selection.js';
import {
  createWizardStore,
  offeredSteps,
  type WizardStore,
} from '../../../../src/renderer/wizard/wizardStore.js';
import type { FilterCheck, SavedConnection } from '../../../../src/shared/api.js';
import type { CheckResult } from '../../../../src/shared/precheck.js';
import type { SchemaPlan } from '../../../../src/shared/schema.js';
import type { ObjectRule } from '../../../../src/shared/task.js';
import { CATALOG, fakeEngine, MARIADB, settle, table, type Handlers } from './fixtures.js';

const SAVED: SavedConnection = {
  id: 'c1',
  name: 'prod-src',
  kind: 'mysql',
  host: 'db1',
  port: 3306,
  user: 'migrator',
  hasPassword: true,
  updatedAt: '2025-01-01T00:00:00Z',
};

const PLAN: SchemaPlan = {
  statements: [
    {
      kind: 'table',
      object: 'shop.orders',
      sourceObject: 'shop.orders',
      phase: 'schema',
      sql: 'CREATE TABLE `orders` (…)',
      skipped: false,
    },
  ],
  changes: [],
};

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function setup(handlers: Handlers = {}) {
  const engine = fakeEngine({ 'catalog:browse': () => CATALOG, ...handlers });
  const store = createWizardStore(() => engine.client);
  return { store, calls: engine.calls };
}

/** A store with both sides filled in and the source's tables read. */
async function filledIn(handlers: Handlers = {}) {
  const { store, calls } = setup(handlers);
  const s = store.getState();
  s.setName('nightly');
  s.editEndpoint('source', { host: 'src', user: 'root', password: 'pw' });
  s.editEndpoint('target', { host: 'ob', user: 'root', password: 'pw2' });
  await s.browse();
  return { store, calls };
}

const objectsOf = (call: { args: unknown[] } | undefined): ObjectRule[] =>
  (call?.args[0] as { objects: ObjectRule[] }).objects;

describe('connections', () => {
  it('shows the server a test found', async () => {
    const { store, calls } = setup({ 'connection:test': () => ({ ok: true, server: MARIADB }) });
    store.getState().editEndpoint('source', { host: 'src', user: 'root', password: 'pw' });
    await store.getState().testConnection('source');
    expect(calls.at(-1)?.args[0]).toEqual({
      kind: 'mysql',
      host: 'src',
      port: 3306,
      user: 'root',
      password: 'pw',
    });
    expect(store.getState().tests.source).toEqual({ status: 'ok', server: MARIADB });
    expect(store.getState().tests.target).toEqual({ status: 'idle' });
  });

  it('keeps the fix the engine gave with a failed test', async () => {
    const error = {
      code: 'AUTH_FAILED' as const,
      message: 'Access denied',
      fix: 'Check the password.',
    };
    const { store } = setup({ 'connection:test': () => ({ ok: false, error }) });
    await store.getState().testConnection('target');
    expect(store.getState().tests.target).toEqual({ status: 'failed', error });
  });

  it('drops a result for a form edited while the test ran', async () => {
    const answer = deferred<{ ok: true; server: typeof MARIADB }>();
    const { store } = setup({ 'connection:test': () => answer.promise });
    const testing = store.getState().testConnection('source');
    store.getState().editEndpoint('source', { host: 'elsewhere' });
    answer.resolve({ ok: true, server: MARIADB });
    await testing;
    expect(store.getState().tests.source).toEqual({ status: 'idle' });
  });

  it('uses a saved connection by name, and saves one with its password', async () => {
    const { store, calls } = setup({
      'connections:list': () => [SAVED],
      'connection:test': () => ({ ok: true, server: MARIADB }),
      'connection:save': (input) => ({
        ...SAVED,
        id: 'c2',
        name: (input as { name: string }).name,
      }),
    });
    await store.getState().loadSaved();
    store.getState().pickSaved('source', 'prod-src');
    await store.getState().testConnection('source');
    expect(calls.at(-1)?.args[0]).toEqual({
      kind: 'mysql',
      host: 'db1',
      port: 3306,
      user: 'migrator',
      connection: 'prod-src',
    });

    store.getState().editEndpoint('target', { host: 'ob', user: 'root', password: 'pw' });
    await store.getState().saveConnection('target', ' ob-prod ');
    expect(calls.at(-1)?.args[0]).toEqual({
      name: 'ob-prod',
      kind: 'oceanbase',
      host: 'ob',
      port: 2881,
      user: 'root',
      password: 'pw',
    });
    const state = store.getState();
    expect(state.saved.map((c) => c.name)).toEqual(['ob-prod', 'prod-src']);
    expect(state.endpoints.target.connection).toBe('ob-prod');
    expect(state.saves.target).toEqual({ status: 'saved', name: 'ob-prod' });
  });

  it('blocks Next until the task is named and both sides are filled in', () => {
    const { store } = setup();
    const s = store.getState();
    expect(stepBlocker(store.getState(), 0)).toBe('Task name: Give the task a name.');
    s.setName('nightly');
    expect(stepBlocker(store.getState(), 0)).toBe('Source: Enter the host name or address.');
    s.editEndpoint('source', { host: 'src', user: 'root' });
    s.editEndpoint('target', { host: 'ob', user: 'root', port: '0' });
    expect(stepBlocker(store.getState(), 0)).toBe('Target: Enter a port from 1 to 65535.');
    s.editEndpoint('target', { port: '2881' });
    expect(stepBlocker(store.getState(), 0)).toBeNull();
    expect(canOpen(store.getState(), 1)).toBe(true);
    expect(canOpen(store.getState(), 2)).toBe(false);
  });
});

describe('objects', () => {
  it('reads the source once per source, opening the small databases', async () => {
    const big = { name: 'dwh', tables: Array.from({ length: 51 }, (_, i) => table(`t${i}`)) };
    const { store, calls } = await filledIn({ 'catalog:browse': () => [...CATALOG, big] });
    await store.getState().browse();
    expect(calls.filter((c) => c.name === 'catalog:browse')).toHaveLength(1);
    expect([...store.getState().expanded]).toEqual(['shop', 'crm']);

    store.getState().editEndpoint('source', { password: 'new' });
    await store.getState().browse();
    expect(calls.filter((c) => c.name === 'catalog:browse')).toHaveLength(2);
    await store.getState().browse(true);
    expect(calls.filter((c) => c.name === 'catalog:browse')).toHaveLength(3);
  });

  it('says why the tables could not be read', async () => {
    const { store } = setup({
      'catalog:browse': () => {
        throw Object.assign(new Error('Access denied'), { fix: 'Grant SELECT.' });
      },
    });
    await store.getState().browse();
    expect(store.getState().catalog).toMatchObject({
      status: 'failed',
      error: { message: 'Access denied', fix: 'Grant SELECT.' },
    });
    expect(stepBlocker(store.getState(), 1)).toMatch(/could not be read/);
  });

  it('selects a table given a target name or a column subset', async () => {
    const { store } = await filledIn();
    store.getState().updateTable('shop', 'orders', { targetName: 'orders_v2' });
    store.getState().updateTable('crm', 'leads', { columns: ['id'] });
    const { selection } = store.getState();
    expect(isSelected(selection, 'shop', 'orders')).toBe(true);
    expect(isSelected(selection, 'crm', 'leads')).toBe(true);
    expect(stepBlocker(store.getState(), 1)).toBeNull();
  });

  describe('row filters', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('are checked once typing pauses, and only the last expression', async () => {
      const { store, calls } = await filledIn({
        'filter:check': (_e, _d, _t, expression) =>
          expression === 'total >' ? { ok: false, message: 'syntax error near end' } : { ok: true },
      });
      const s = store.getState();
      s.setWhere('shop', 'orders', 'tot');
      await vi.advanceTimersByTimeAsync(200);
      s.setWhere('shop', 'orders', 'total >');
      expect(stepBlocker(store.getState(), 1)).toBe('Waiting for the row filters to be checked.');
      await vi.advanceTimersByTimeAsync(299);
      expect(calls.filter((c) => c.name === 'filter:check')).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      await settle();
      const checks = calls.filter((c) => c.name === 'filter:check');
      expect(checks.map((c) => c.args.slice(1))).toEqual([['shop', 'orders', 'total >']]);
      expect(checks[0]?.args[0]).toMatchObject({ host: 'src', password: 'pw' });
      expect(store.getState().filters[filterKey('shop', 'orders')]).toEqual({
        status: 'invalid',
        message: 'syntax error near end',
      });
      expect(stepBlocker(store.getState(), 1)).toBe('The row filter of shop.orders is not valid.');

      s.setWhere('shop', 'orders', 'total > 10');
      await vi.advanceTimersByTimeAsync(300);
      await settle();
      expect(store.getState().filters[filterKey('shop', 'orders')]).toEqual({ status: 'valid' });
      expect(stepBlocker(store.getState(), 1)).toBeNull();
      expect(draftOf(store.getState()).objects).toEqual([
        { database: 'shop', tables: ['orders'], where: { orders: 'total > 10' } },
      ]);
    });

    it('ignore a verdict on an expression changed while it was checked', async () => {
      const answers: ((r: FilterCheck) => void)[] = [];
      const { store } = await filledIn({
        'filter:check': () => new Promise<FilterCheck>((resolve) => answers.push(resolve)),
      });
      store.getState().setWhere('crm', 'leads', 'id > 1');
      await vi.advanceTimersByTimeAsync(300);
      store.getState().setWhere('crm', 'leads', 'id >');
      answers[0]?.({ ok: true });
      await settle();
      expect(store.getState().filters[filterKey('crm', 'leads')]).toEqual({ status: 'pending' });
    });

    it('need no check once cleared', async () => {
      const { store, calls } = await filledIn({ 'filter:check': () => ({ ok: true }) });
      store.getState().setWhere('crm', 'leads', 'id > 1');
      store.getState().setWhere('crm', 'leads', ' ');
      await vi.advanceTimersByTimeAsync(1000);
      expect(calls.some((c) => c.name === 'filter:check')).toBe(false);
      expect(store.getState().filters[filterKey('crm', 'leads')]).toBeUndefined();
    });
  });
});

describe('precheck and plan', () => {
  const failing: CheckResult = {
    id: 'source.binlog.format',
    title: 'Binlog format',
    status: 'fail',
    detail: 'binlog_format is STATEMENT',
    fix: 'Set it to ROW.',
    sql: "SET GLOBAL binlog_format = 'ROW';",
  };

  it('lets the person go on only from a passing precheck of the task as it is', async () => {
    let results: CheckResult[] = [failing];
    const { store, calls } = await filledIn({ 'task:precheck': () => results });
    store.getState().selectTables('shop', ['orders'], true);
    expect(stepBlocker(store.getState(), 2)).toBe('Run the precheck.');

    await store.getState().runPrecheck();
    expect(objectsOf(calls.at(-1))).toEqual([{ database: 'shop', tables: ['orders'] }]);
    expect(stepBlocker(store.getState(), 2)).toBe(
      '1 check failed: fix it, then run the precheck again.',
    );

    results = [{ ...failing, status: 'pass' }];
    await store.getState().runPrecheck();
    expect(stepBlocker(store.getState(), 2)).toBeNull();

    store.getState().selectTables('crm', ['leads'], true);
    expect(stepBlocker(store.getState(), 2)).toBe(
      'The task changed since the precheck ran: run it again.',
    );
  });

  it('shows the answer to the latest plan request, whatever order answers come in', async () => {
    const answers: ((plan: SchemaPlan) => void)[] = [];
    const { store } = await filledIn({
      'task:plan': () => new Promise<SchemaPlan>((resolve) => answers.push(resolve)),
    });
    store.getState().selectTables('shop', ['orders'], true);
    const first = store.getState().runPlan();
    const second = store.getState().runPlan();
    answers[1]?.(PLAN);
    answers[0]?.({ statements: [], changes: [] });
    await Promise.all([first, second]);
    expect(store.getState().plan).toMatchObject({ status: 'done', result: PLAN });
    expect(stepBlocker(store.getState(), 3)).toBeNull();
  });

  it('leaves out a table unticked in the preview and plans again without it', async () => {
    const { store, calls } = await filledIn({ 'task:plan': () => PLAN });
    store
      .getState()
      .selectTables('shop', ['orders', 'customers', 'order_items', 'audit_log'], true);
    await store.getState().runPlan();
    await store.getState().setTableCreated(PLAN.statements[0]!, false);
    expect(objectsOf(calls.at(-1))).toEqual([
      { database: 'shop', tables: ['*'], exclude: ['orders'] },
    ]);
    expect(store.getState().planExcluded.map((s) => s.sourceObject)).toEqual(['shop.orders']);

    await store.getState().setTableCreated(PLAN.statements[0]!, true);
    expect(objectsOf(calls.at(-1))).toEqual([{ database: 'shop', tables: ['*'] }]);
    expect(store.getState().planExcluded).toEqual([]);
  });

  it("plans again with a database's choice for a kind of object", async () => {
    const { store, calls } = await filledIn({ 'task:plan': () => PLAN });
    store.getState().selectTables('shop', ['orders'], true);
    await store.getState().setObjectChoice('shop', 'views', 'skip');
    expect(calls.at(-1)?.name).toBe('task:plan');
    expect(objectsOf(calls.at(-1))).toEqual([
      { database: 'shop', tables: ['orders'], views: 'skip' },
    ]);
  });
});

describe('start', () => {
  async function ready(
    handlers: Handlers = {},
  ): Promise<{ store: WizardStore; calls: { name: string; args: unknown[] }[] }> {
    const { store, calls } = await filledIn(handlers);
    store.getState().selectTables('crm', ['leads', 'notes'], true);
    return { store, calls };
  }

  it('hands the task to the engine with the chosen steps and options', async () => {
    const { store, calls } = await ready({ 'task:run': () => ({ started: true }) });
    store.getState().setStep('verify', true);
    store.getState().setStep('incremental', false);
    store.getState().setOptions({ concurrency: 8, ddl: 'pause' });
    expect(await store.getState().start()).toBe(true);
    expect(calls.at(-1)).toEqual({
      name: 'task:run',
      args: [
        {
          name: 'nightly',
          source: { kind: 'mysql', host: 'src', port: 3306, user: 'root', password: 'pw' },
          target: { kind: 'oceanbase', host: 'ob', port: 2881, user: 'root', password: 'pw2' },
          objects: [{ database: 'crm', tables: ['*'] }],
          steps: ['schema', 'full', 'verify'],
          options: { concurrency: 8, applyWorkers: 4, ddl: 'pause', existingTables: 'fail' },
        },
      ],
    });
  });

  it("keeps the engine's reason when it refuses the task", async () => {
    const { store } = await ready({
      'task:save': () => {
        throw Object.assign(new Error('Task nightly exists.'), { fix: 'Choose another name.' });
      },
    });
    expect(await store.getState().saveTask()).toBe(false);
    expect(store.getState().submit).toEqual({
      status: 'failed',
      error: { message: 'Task nightly exists.', fix: 'Choose another name.' },
    });
  });

  it('will not start without a step', async () => {
    const { store } = await ready();
    for (const step of ['schema', 'full', 'incremental'] as const)
      store.getState().setStep(step, false);
    expect(stepBlocker(store.getState(), 4)).toBe('Choose at least one step.');
  });

  it('starts over from an empty form after a reset', async () => {
    const { store } = await ready();
    store.getState().goTo(4);
    store.getState().reset();
    const state = store.getState();
    expect(state.step).toBe(0);
    expect(state.name).toBe('');
    expect(state.catalog).toEqual({ status: 'idle' });
    expect(state.selection.selected).toEqual({});
  });
});

describe('a Kafka target', () => {
  const SAMPLE = {
    table: 'crm.leads',
    topic: 'crm.leads',
    key: '{"id":1}',
    value: '{\n  "op": "r"\n}',
  };

  /** A store with a Kafka target, leads selected and the precheck passed. */
  async function streaming(handlers: Handlers = {}) {
    const { store, calls } = await filledIn({
      'task:precheck': () => [],
      'kafka:sample': () => SAMPLE,
      ...handlers,
    });
    const s = store.getState();
    s.setTargetType('kafka');
    s.editKafka({ brokers: 'k1:9092' });
    s.selectTables('crm', ['leads'], true);
    await s.runPrecheck();
    return { store, calls };
  }

  it('names the Kafka field that keeps Next off', () => {
    const { store } = setup();
    const s = store.getState();
    s.setName('nightly');
    s.editEndpoint('source', { host: 'src', user: 'root' });
    s.setTargetType('kafka');
    expect(stepBlocker(store.getState(), 0)).toBe(
      'Target: Enter one or more brokers as host:port, separated by commas.',
    );
    s.editKafka({ brokers: 'k1:9092', sasl: true, username: 'u' });
    expect(stepBlocker(store.getState(), 0)).toBe('Target: Enter the SASL password.');
    s.editKafka({ sasl: false });
    expect(stepBlocker(store.getState(), 0)).toBeNull();
  });

  it('skips the schema preview: Start opens after the precheck', async () => {
    const { store, calls } = await streaming();
    expect(offeredSteps(store.getState())).toEqual([0, 1, 2, 4]);
    expect(stepBlocker(store.getState(), 3)).toBeNull();
    expect(canOpen(store.getState(), 4)).toBe(true);
    expect(calls.some((c) => c.name === 'task:plan')).toBe(false);
    store.getState().setTargetType('database');
    expect(offeredSteps(store.getState())).toEqual([0, 1, 2, 3, 4]);
  });

  it('reads a sample for the task as it is, without its steps and options', async () => {
    const { store, calls } = await streaming();
    await store.getState().runSample();
    const call = calls.at(-1);
    expect(call?.name).toBe('kafka:sample');
    expect(call?.args[0]).toEqual({
      name: 'nightly',
      source: { kind: 'mysql', host: 'src', port: 3306, user: 'root', password: 'pw' },
      target: {
        kind: 'kafka',
        brokers: ['k1:9092'],
        format: 'debezium',
        topic: '{database}.{table}',
        schema: false,
        compression: 'none',
      },
      objects: [{ database: 'crm', tables: ['leads'] }],
    });
    expect(store.getState().sample).toMatchObject({ status: 'done', result: SAMPLE });
  });

  it('starts with the Kafka target, its steps and the options that apply', async () => {
    const { store, calls } = await streaming({ 'task:run': () => ({ started: true }) });
    store.getState().editKafka({ format: 'canal' });
    // A precheck does not depend on the format.
    expect(stepBlocker(store.getState(), 2)).toBeNull();
    expect(await store.getState().start()).toBe(true);
    expect(calls.at(-1)?.args[0]).toMatchObject({
      target: { kind: 'kafka', format: 'canal' },
      steps: ['full', 'incremental'],
      options: { concurrency: 4 },
    });
  });
});
