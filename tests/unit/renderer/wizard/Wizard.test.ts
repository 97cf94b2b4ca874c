// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowseDatabase, CutoverApi } from '../../../../src/shared/api.js';
import type { CheckResult } from '../../../../src/shared/precheck.js';
import type { SchemaPlan } from '../../../../src/shared/schema.js';
import type { ObjectRule } from '../../../../src/shared/task.js';
import { fakeApi, type FakeApi } from '../task/fakeApi.js';
import { CATALOG, MARIADB, table } from './fixtures.js';

const engine = vi.hoisted(() => ({ current: null as CutoverApi | null }));
vi.mock('../../../../src/renderer/api.js', () => ({ api: () => engine.current }));

const { Wizard } = await import('../../../../src/renderer/wizard/Wizard.js');
const { useWizardStore } = await import('../../../../src/renderer/wizard/useWizardStore.js');
const { useNavigation } = await import('../../../../src/renderer/navigation.js');

const ROW_HEIGHT = 44;

beforeAll(() => {
  // jsdom lays nothing out; the tree's virtualiser needs a viewport and row heights to work with.
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, value: 600 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, value: 1200 });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
    configurable: true,
    value: ROW_HEIGHT,
  });
  Element.prototype.scrollTo = () => undefined;
});

let fake: FakeApi;

beforeEach(() => {
  fake = fakeApi();
  engine.current = fake.api;
  fake.handle('connections:list', () => []);
  fake.handle('catalog:browse', () => CATALOG);
  fake.handle('filter:check', (_e, _d, _t, expression) =>
    expression.includes('bogus') ? { ok: false, message: "Unknown column 'bogus'." } : { ok: true },
  );
});

afterEach(() => {
  cleanup();
  useWizardStore.getState().reset();
  useNavigation.setState({ view: { kind: 'wizard' } });
});

const type = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

/** Fills in the first step as a person would. */
function fillConnections() {
  type('Task name', 'nightly');
  type('Source host', 'src');
  type('Source user', 'root');
  type('Source password', 'pw');
  type('Target host', 'ob');
  type('Target user', 'root');
}

async function openObjects() {
  render(createElement(Wizard));
  fillConnections();
  fireEvent.click(screen.getByRole('button', { name: 'Next' }));
  await screen.findByRole('checkbox', { name: 'shop' });
}

const checkbox = (name: string) => screen.getByRole<HTMLInputElement>('checkbox', { name });
const nextButton = () => screen.getByRole<HTMLButtonElement>('button', { name: 'Next' });

describe('connections step', () => {
  it('labels every field and button', () => {
    render(createElement(Wizard));
    for (const label of ['Task name', 'Source kind', 'Target kind']) {
      expect(screen.getByLabelText(label)).toBeTruthy();
    }
    for (const side of ['Source', 'Target']) {
      for (const field of ['host', 'port', 'user', 'password']) {
        expect(screen.getByLabelText(`${side} ${field}`)).toBeTruthy();
      }
    }
    for (const name of ['Test source', 'Test target', 'Next', 'Back']) {
      expect(screen.getByRole('button', { name })).toBeTruthy();
    }
    expect((screen.getByLabelText('Target port') as HTMLInputElement).value).toBe('2881');
  });

  it('shows the server a test found, or the error and its fix', async () => {
    fake.handle('connection:test', (endpoint) =>
      (endpoint as { host: string }).host === 'src'
        ? { ok: true, server: MARIADB }
        : {
            ok: false,
            error: { code: 'CONNECT_REFUSED', message: 'Connection refused.', fix: 'Start it.' },
          },
    );
    render(createElement(Wizard));
    fillConnections();
    fireEvent.click(screen.getByRole('button', { name: 'Test source' }));
    expect(await screen.findByText('MariaDB 10.11.19')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Test target' }));
    expect(await screen.findByText('Connection refused.')).toBeTruthy();
    expect(screen.getByText('Start it.')).toBeTruthy();
  });

  it('keeps Next off, saying why, until the task is named', () => {
    render(createElement(Wizard));
    expect(nextButton().disabled).toBe(true);
    expect(screen.getByText('Task name: Give the task a name.')).toBeTruthy();
    fillConnections();
    expect(nextButton().disabled).toBe(false);
  });
});

describe('objects step', () => {
  it('ticks tables by db.table and shows a database as partly ticked', async () => {
    await openObjects();
    fireEvent.click(checkbox('shop.orders'));
    expect(checkbox('shop.orders').checked).toBe(true);
    expect(checkbox('shop').getAttribute('data-indeterminate')).toBe('true');
    fireEvent.click(checkbox('shop'));
    expect(checkbox('shop.audit_log').checked).toBe(true);
    expect(screen.getByText('4 of 6 tables selected')).toBeTruthy();
  });

  it('toggles the focused row with Space', async () => {
    await openObjects();
    const row = checkbox('crm').closest('[role="row"]') as HTMLElement;
    fireEvent.keyDown(row, { key: ' ' });
    expect(checkbox('crm.leads').checked).toBe(true);
    expect(checkbox('crm.notes').checked).toBe(true);
    const leadsRow = checkbox('crm.leads').closest('[role="row"]') as HTMLElement;
    fireEvent.keyDown(leadsRow, { key: ' ' });
    expect(checkbox('crm.leads').checked).toBe(false);
  });

  it('warns about tables without a key', async () => {
    await openObjects();
    const keyless = checkbox('shop.audit_log').closest('[role="row"]') as HTMLElement;
    expect(within(keyless).getByRole('img', { name: /No primary key/ })).toBeTruthy();
    const keyed = checkbox('shop.orders').closest('[role="row"]') as HTMLElement;
    expect(within(keyed).queryByRole('img', { name: /No primary key/ })).toBeNull();
  });

  it('checks a row filter as typed and holds Next while it is wrong', async () => {
    await openObjects();
    type('Row filter for shop.orders', 'bogus > 1');
    expect(checkbox('shop.orders').checked).toBe(true);
    expect(await screen.findByText("Unknown column 'bogus'.")).toBeTruthy();
    expect(nextButton().disabled).toBe(true);
    type('Row filter for shop.orders', 'total > 1');
    await waitFor(() => expect(nextButton().disabled).toBe(false));
    expect(fake.calls('filter:check').map((c) => c[3])).toEqual(['bogus > 1', 'total > 1']);
  });

  it('narrows the tree to what the search matches', async () => {
    await openObjects();
    type('Search tables', 'shop.order*');
    await waitFor(() => expect(screen.queryByRole('checkbox', { name: 'crm' })).toBeNull());
    expect(checkbox('shop.orders')).toBeTruthy();
    expect(checkbox('shop.order_items')).toBeTruthy();
    expect(screen.queryByRole('checkbox', { name: 'shop.customers' })).toBeNull();
  });

  it('renders only the rows in view of a large catalog', async () => {
    const big: BrowseDatabase = {
      name: 'dwh',
      tables: Array.from({ length: 2500 }, (_, i) => table(`t${i}`)),
    };
    fake.handle('catalog:browse', () => [big]);
    render(createElement(Wizard));
    fillConnections();
    fireEvent.click(nextButton());
    fireEvent.click(await screen.findByRole('button', { name: 'Expand dwh' }));
    const rows = screen.getAllByRole('row');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    expect(screen.getByRole('treegrid').getAttribute('aria-rowcount')).toBe('2502');
  });
});

describe('precheck, preview and start', () => {
  const failing: CheckResult = {
    id: 'source.binlog.format',
    title: 'Binlog format',
    status: 'fail',
    detail: 'binlog_format is STATEMENT.',
    fix: 'Set it to ROW.',
    sql: "SET GLOBAL binlog_format = 'ROW';",
  };

  async function openPrecheck() {
    await openObjects();
    fireEvent.click(checkbox('shop.orders'));
    fireEvent.click(nextButton());
  }

  it('groups the checks and lets the person on only once none fails', async () => {
    const grants: CheckResult = {
      id: 'source.grants',
      title: 'Grants',
      status: 'pass',
      detail: 'The user can read the binlog.',
      fix: '',
    };
    let results = [failing, grants];
    fake.handle('task:precheck', () => results);
    await openPrecheck();
    fireEvent.click(screen.getByRole('button', { name: 'Run precheck' }));
    expect(await screen.findByRole('heading', { name: 'Failed (1)' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Warnings (0)' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Passed (1)' })).toBeTruthy();
    expect(screen.getByText('Binlog format')).toBeTruthy();
    expect(screen.getByText("SET GLOBAL binlog_format = 'ROW';")).toBeTruthy();
    expect(nextButton().disabled).toBe(true);
    expect(screen.getByText('1 check failed: fix it, then run the precheck again.')).toBeTruthy();

    results = [{ ...failing, status: 'pass' }, grants];
    fireEvent.click(screen.getByRole('button', { name: 'Run precheck again' }));
    expect(await screen.findByRole('heading', { name: 'Failed (0)' })).toBeTruthy();
    expect(nextButton().disabled).toBe(false);
  });

  it('plans again without a table unticked in the preview, then starts the task', async () => {
    const plan: SchemaPlan = {
      statements: [
        {
          kind: 'table',
          object: 'shop.orders',
          sourceObject: 'shop.orders',
          phase: 'schema',
          sql: 'CREATE TABLE orders',
          skipped: false,
        },
      ],
      changes: [],
    };
    fake.handle('task:precheck', () => []);
    fake.handle('task:plan', () => plan);
    fake.handle('task:run', () => ({ started: true }));
    await openObjects();
    fireEvent.click(checkbox('shop.orders'));
    fireEvent.click(checkbox('shop.customers'));
    fireEvent.click(nextButton());
    fireEvent.click(screen.getByRole('button', { name: 'Run precheck' }));
    await waitFor(() => expect(nextButton().disabled).toBe(false));
    fireEvent.click(nextButton());

    fireEvent.click(await screen.findByRole('checkbox', { name: 'Create shop.orders' }));
    await waitFor(() => expect(fake.calls('task:plan')).toHaveLength(2));
    const objects = (fake.calls('task:plan')[1]?.[0] as { objects: ObjectRule[] }).objects;
    expect(objects).toEqual([{ database: 'shop', tables: ['customers'] }]);

    await waitFor(() => expect(nextButton().disabled).toBe(false));
    fireEvent.click(nextButton());
    fireEvent.click(screen.getByRole('button', { name: 'Start migration' }));
    await waitFor(() =>
      expect(useNavigation.getState().view).toEqual({ kind: 'task', name: 'nightly' }),
    );
    expect(fake.calls('task:run')[0]?.[0]).toMatchObject({
      name: 'nightly',
      objects: [{ database: 'shop', tables: ['customers'] }],
      steps: ['schema', 'full', 'incremental'],
    });
  });
});

describe('a Kafka target', () => {
  const sample = (format: string) => ({
    table: 'crm.leads',
    topic: 'cdc.crm.leads',
    key: '{"id":1}',
    value: `{\n  "format": "${format}"\n}`,
  });

  beforeEach(() => {
    fake.handle('task:precheck', () => []);
    fake.handle('kafka:sample', (task) =>
      sample((task as { target: { format: string } }).target.format),
    );
    fake.handle('task:run', () => ({ started: true }));
  });

  function fillKafka() {
    type('Task name', 'to-kafka');
    type('Source host', 'src');
    type('Source user', 'root');
    type('Source password', 'pw');
    type('Target kind', 'kafka');
  }

  it('asks for the brokers, format, topics, compression, SASL and TLS, each labelled and checked', () => {
    render(createElement(Wizard));
    fillKafka();
    for (const label of ['Kafka brokers', 'Message format', 'Topic template', 'Compression']) {
      expect(screen.getByLabelText(label)).toBeTruthy();
    }
    expect(screen.queryByLabelText('Target host')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Test target' })).toBeNull();
    expect((screen.getByLabelText('Topic template') as HTMLInputElement).value).toBe(
      '{database}.{table}',
    );

    type('Kafka brokers', 'k1:9092, k2');
    expect(screen.getByText('"k2" is not host:port (for example kafka1:9092).')).toBeTruthy();
    expect(nextButton().disabled).toBe(true);
    type('Kafka brokers', 'k1:9092, k2:9092');
    expect(nextButton().disabled).toBe(false);

    fireEvent.click(screen.getByLabelText('SASL authentication'));
    for (const label of ['SASL mechanism', 'SASL user', 'SASL password']) {
      expect(screen.getByLabelText(label)).toBeTruthy();
    }
    expect(nextButton().disabled).toBe(true);
    fireEvent.click(screen.getByLabelText('TLS'));
    expect(screen.getByLabelText('TLS CA file')).toBeTruthy();
    type('Message format', 'json');
    expect(screen.queryByLabelText(/Kafka Connect schemas/)).toBeNull();
  });

  it('skips the schema preview and shows a sample message in the format chosen', async () => {
    render(createElement(Wizard));
    fillKafka();
    type('Kafka brokers', 'k1:9092');
    type('Topic template', 'cdc.{database}.{table}');
    fireEvent.click(nextButton());
    fireEvent.click(await screen.findByRole('checkbox', { name: 'crm.leads' }));
    fireEvent.click(nextButton());
    fireEvent.click(screen.getByRole('button', { name: 'Run precheck' }));
    await waitFor(() => expect(nextButton().disabled).toBe(false));
    expect(screen.queryByRole('button', { name: 'Schema preview' })).toBeNull();
    fireEvent.click(nextButton());

    const preview = await screen.findByRole('region', { name: 'Sample message' });
    expect(await within(preview).findByText('{"id":1}')).toBeTruthy();
    expect(within(preview).getByText('cdc.crm.leads')).toBeTruthy();
    expect(within(preview).getByLabelText('Sample message value').textContent).toContain(
      '"format": "debezium"',
    );
    expect(screen.getByRole('checkbox', { name: /^full/ })).toBeTruthy();
    expect(screen.queryByRole('checkbox', { name: /^schema/ })).toBeNull();
    expect(screen.queryByLabelText('Apply workers')).toBeNull();

    type('Message format', 'canal');
    await waitFor(() =>
      expect(within(preview).getByLabelText('Sample message value').textContent).toContain(
        '"format": "canal"',
      ),
    );
    expect(fake.calls('kafka:sample')).toHaveLength(2);
    // Another format leaves the precheck current: no warning that it is stale.
    expect(screen.queryByText(/changed after the precheck ran/)).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Start migration' }));
    await waitFor(() =>
      expect(useNavigation.getState().view).toEqual({ kind: 'task', name: 'to-kafka' }),
    );
    expect(fake.calls('task:run')[0]?.[0]).toMatchObject({
      target: { kind: 'kafka', brokers: ['k1:9092'], format: 'canal' },
      steps: ['full', 'incremental'],
    });
  });
});
