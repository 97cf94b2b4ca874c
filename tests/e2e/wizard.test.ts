import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMariaDb, type ThrowawayServer } from '../../scripts/mariadb-server.js';
import { consume } from '../support/kafka.js';
import { admin, rows } from '../support/sql.js';

const BIN = fileURLToPath(new URL('../../bin/cutover.js', import.meta.url));
/** Screenshots of every step, kept by CI as artifacts of the run. */
const SHOTS = fileURLToPath(new URL('../../test-artifacts/e2e/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const servers = inject('servers');
const kafka = inject('kafka');

const ORDERS = 20_000;

async function serve(stateDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--state-dir', stateDir, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"url":"([^"]+)"/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`cutover serve exited ${code}`)));
  });
  return { child, url };
}

describe('a person migrates a database through the wizard (browser mode, Chromium)', () => {
  let source: ThrowawayServer;
  let sourceDir: string;
  let browser: Browser;
  let page: Page;
  let server: { child: ChildProcess; url: string };
  let shot = 0;
  /** Controls on the screen that a screen reader could not name. */
  const unnamedControls = async (): Promise<string[]> => {
    const tree = await page.locator('body').ariaSnapshot();
    return tree
      .split('\n')
      .filter((line) =>
        /^\s*- (button|textbox|checkbox|combobox|spinbutton|tab|slider|switch|radio|link)\s*(\[.*\])?:?\s*$/.test(
          line,
        ),
      );
  };
  const snap = async (name: string): Promise<void> => {
    expect(await unnamedControls(), `unlabelled controls on the ${name} screen`).toEqual([]);
    shot += 1;
    await page.screenshot({
      path: join(SHOTS, `${String(shot).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The source starts with its binlog off: the precheck must catch that.
    // Its own directory, so that stopping it keeps the data for the restart with the binlog on.
    sourceDir = mkdtempSync(join(tmpdir(), 'cutover-e2e-source-'));
    source = await startMariaDb({ serverId: 201, binlog: false, dir: sourceDir });
    const conn = await admin(source);
    await conn.query(
      `CREATE DATABASE shop; USE shop;
       CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(60) CHARACTER SET utf8mb4, since DATE);
       CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, status ENUM('new','paid','shipped'),
         total DECIMAL(12,2), placed_at DATETIME(3), KEY (customer_id));
       INSERT INTO customers SELECT seq, CONCAT('Kunde ', seq, ' ü'), '2020-01-01' + INTERVAL seq DAY FROM seq_1_to_500;
       INSERT INTO orders SELECT seq, 1 + seq % 500, ELT(1 + seq % 3, 'new', 'paid', 'shipped'),
         seq * 1.25, '2024-01-01' + INTERVAL seq SECOND FROM seq_1_to_${ORDERS};`,
    );
    await conn.end();
    server = await serve(mkdtempSync(join(tmpdir(), 'cutover-e2e-')));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGINT');
    if (server) await new Promise((resolve) => server.child.once('exit', resolve));
    await source?.stop();
    if (sourceDir) rmSync(sourceDir, { recursive: true, force: true });
    const dst = await admin(servers.target);
    await dst.query('DROP DATABASE IF EXISTS shop_e2e');
    await dst.end();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page) await snap('failure');
  });

  it(
    'creates the task, fails and then passes the precheck, migrates, syncs and verifies',
    { timeout: 400_000 },
    async () => {
      await page.goto(server.url);
      await expect.poll(() => page.getByRole('heading', { name: 'Cutover' }).count()).toBe(1);
      await page.getByRole('button', { name: 'New task' }).click();

      // (1) Connections, each tested.
      await page.getByLabel('Task name').fill('shop-e2e');
      await page.getByLabel('Source host').fill(source.host);
      await page.getByLabel('Source port').fill(String(source.port));
      await page.getByLabel('Source user').fill(source.user);
      await page.getByRole('button', { name: 'Test source' }).click();
      await page
        .getByText(/MariaDB 10\.\d+/)
        .first()
        .waitFor();
      await page.getByLabel('Target kind').selectOption('mysql');
      await page.getByLabel('Target host').fill(servers.target.host);
      await page.getByLabel('Target port').fill(String(servers.target.port));
      await page.getByLabel('Target user').fill(servers.target.user);
      await page.getByRole('button', { name: 'Test target' }).click();
      await expect.poll(() => page.getByText(/MariaDB 10\.\d+/).count()).toBe(2);
      await snap('connections');
      await page.getByRole('button', { name: 'Next' }).click();

      // (2) Objects: the whole shop database, into shop_e2e.
      await page.getByRole('checkbox', { name: 'shop', exact: true }).check();
      await page.getByLabel('Target database for shop').fill('shop_e2e');
      await snap('objects');
      await page.getByRole('button', { name: 'Next' }).click();

      // (3) Precheck: fails while the binlog is off…
      await page.getByRole('button', { name: 'Run precheck' }).click();
      await page.getByRole('heading', { name: 'Failed (1)' }).waitFor();
      await page.getByText('Binary log enabled').first().waitFor();
      expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
      await snap('precheck-failed');

      // …and passes once the DBA has turned it on (the same server, restarted with --log-bin).
      const { port } = source;
      await source.stop();
      source = await startMariaDb({ serverId: 201, dir: sourceDir, port });
      await page.getByRole('button', { name: 'Run precheck again' }).click();
      await page.getByRole('heading', { name: 'Failed (0)' }).waitFor();
      await page.getByRole('heading', { name: /^Passed \(\d+\)$/ }).waitFor();
      await snap('precheck-passed');
      await page.getByRole('button', { name: 'Next' }).click();

      // (4) Schema preview, (5) start.
      await page.getByText('shop_e2e.orders', { exact: true }).click();
      await page.getByText(/CREATE TABLE `shop_e2e`\.`orders`/).waitFor();
      await snap('schema');
      await page.getByRole('button', { name: 'Next' }).click();
      await snap('start');
      await page.getByRole('button', { name: 'Start migration' }).click();

      // The run: the full copy reaches 100%.
      const full = page.getByRole('progressbar', { name: 'Full migration progress' });
      await expect.poll(() => full.getAttribute('aria-valuenow'), { timeout: 120_000 }).toBe('100');
      await snap('full-done');

      // A change on the source reaches the target, and the lag is shown.
      const src = await admin(source);
      const dst = await admin(servers.target);
      try {
        await src.query("UPDATE shop.orders SET status = 'shipped', total = 99.99 WHERE id = 7");
        await expect
          .poll(
            async () =>
              (
                await rows<{ total: string }>(dst, 'SELECT total FROM shop_e2e.orders WHERE id = 7')
              )[0]?.total,
            { timeout: 30_000 },
          )
          .toBe('99.99');
      } finally {
        await src.end();
        await dst.end();
      }
      await page
        .getByText(/^Lag \d+(\.\d+)? (ms|s)$/)
        .first()
        .waitFor();
      await snap('incremental');

      // Verification: every table consistent.
      await page.getByRole('tab', { name: 'Verification' }).click();
      await page.getByRole('button', { name: 'Run verification' }).click();
      await page.getByText('All 2 tables are consistent.').waitFor({ timeout: 120_000 });
      const results = page.getByRole('table', { name: 'Verification results' });
      expect(await results.getByText('Consistent', { exact: true }).count()).toBe(2);
      await snap('verified');

      // The switchover: pause the stream, then the checklist runs to the question of moving
      // the applications, and continues once the person says yes.
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.getByText('paused', { exact: true }).first().waitFor();
      await page.getByRole('tab', { name: 'Switchover' }).click();
      await page.getByRole('button', { name: 'Start switchover' }).click();
      await page.getByText(/Point the applications at the target/).waitFor({ timeout: 120_000 });
      await snap('switchover-question');
      await page.getByRole('button', { name: 'Yes, continue' }).click();
      await page.getByText(/^Switched over\./).waitFor({ timeout: 60_000 });
      const steps = page.getByRole('table', { name: 'Switchover steps' });
      expect(await steps.getByText('done', { exact: true }).count()).toBe(7);
      await snap('switched-over');
      const check = await admin(source);
      try {
        const [ro] = await rows<{ v: number }>(check, 'SELECT @@GLOBAL.read_only AS v');
        expect(Number(ro?.v)).toBe(1);
      } finally {
        await check.end();
      }

      // The dashboard lists the task as running.
      await page.getByRole('button', { name: 'Tasks' }).click();
      await page.getByRole('table', { name: 'Tasks' }).getByText('shop-e2e').first().waitFor();
      await snap('dashboard');

      // The reverse task: marked in the list, and its screen leads with the reverse sync panel.
      const openReverse = page.getByRole('button', { name: 'Open shop-e2e.reverse' });
      await page
        .getByRole('row')
        .filter({ has: openReverse })
        .getByText('Reverse', { exact: true })
        .waitFor();
      await openReverse.click();
      const reverse = page.getByRole('region', { name: 'Reverse sync' });
      await reverse.getByText(/back to the old source/).waitFor();
      expect(await reverse.getByLabel('Alert when the lag passes the threshold').isChecked()).toBe(
        true,
      );
      await snap('reverse-sync');
      await reverse.getByRole('button', { name: 'Open the forward task shop-e2e' }).click();
      await page.getByRole('table', { name: 'Switchover steps' }).waitFor();
      await page.getByRole('button', { name: 'Tasks' }).click();

      // The dark theme, kept across a reload.
      await page.getByRole('button', { name: 'Switch to the dark theme' }).click();
      await page.reload();
      await page.getByRole('button', { name: 'Switch to the light theme' }).waitFor();
      await snap('dashboard-dark');
    },
  );

  it(
    'streams to Kafka: brokers and format, no schema preview, a sample message, the run',
    { timeout: 200_000 },
    async () => {
      await page.getByRole('button', { name: 'New task' }).click();
      await page.getByLabel('Task name').fill('shop-kafka');
      await page.getByLabel('Source host').fill(source.host);
      await page.getByLabel('Source port').fill(String(source.port));
      await page.getByLabel('Source user').fill(source.user);
      await page.getByLabel('Target kind').selectOption('kafka');
      await page.getByLabel('Kafka brokers').fill('kafka1');
      await page
        .getByText('"kafka1" is not host:port (for example kafka1:9092).', { exact: true })
        .waitFor();
      expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
      await page.getByLabel('Kafka brokers').fill(kafka.brokers.join(', '));
      await page.getByLabel('Topic template').fill('e2e.{database}.{table}');
      await page.getByRole('switch', { name: 'SASL authentication' }).check();
      await page.getByRole('switch', { name: 'TLS' }).check();
      await snap('kafka-connections');
      await page.getByRole('switch', { name: 'SASL authentication' }).uncheck();
      await page.getByRole('switch', { name: 'TLS' }).uncheck();
      await page.getByRole('button', { name: 'Next' }).click();

      await page.getByRole('checkbox', { name: 'shop.customers', exact: true }).check();
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('button', { name: 'Run precheck' }).click();
      await page.getByRole('heading', { name: 'Failed (0)' }).waitFor();
      expect(await page.getByRole('button', { name: 'Schema preview' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Next' }).click();

      // (4) is Start: a Debezium message for a customer, then the same row in plain JSON.
      const value = page.getByLabel('Sample message value');
      await expect.poll(() => value.textContent()).toContain('"op": "r"');
      expect(await value.textContent()).toContain('"name": "Kunde 1 ü"');
      await page.getByLabel('Message format').selectOption('json');
      await expect.poll(() => value.textContent()).toContain('"op": "read"');
      await snap('kafka-start');
      await page.getByRole('button', { name: 'Start migration' }).click();

      const full = page.getByRole('progressbar', { name: 'Full migration progress' });
      await expect.poll(() => full.getAttribute('aria-valuenow'), { timeout: 120_000 }).toBe('100');
      const got = await consume(kafka.brokers, ['e2e.shop.customers'], 500);
      expect(new Set(got.map((m) => m.key)).size).toBe(500);
      expect(JSON.parse(got[0]?.value ?? '{}')).toMatchObject({ op: 'read', table: 'customers' });
      await snap('kafka-running');
    },
  );
});
