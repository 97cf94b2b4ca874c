import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMariaDb, type ThrowawayServer } from '../../scripts/mariadb-server.js';
import { createEngine, type Engine } from '../../src/engine/api/EngineApi.js';
import { Store } from '../../src/engine/store/Store.js';
import { SWITCHOVER_STEPS } from '../../src/shared/switchover.js';
import { cutover as run } from '../support/cutover.js';
import { admin, uniqueName } from '../support/sql.js';

const servers = inject('servers');
const PASSWORD = 'Report-S3cret-pw';
const TITLES = [
  'Pre-switch checks',
  'Stop writes on the source',
  'Drain the change stream',
  'Final verification',
  'Create deferred objects',
  'Prepare reverse sync',
  'Move the applications',
];

const cutover = (args: string[], cwd: string) => run(args, { cwd });

/** The rows of the report's tables whose cells include `<td>text</td>`, within one section. */
function rowsWith(doc: string, section: string, text: string): string[] {
  const start = doc.indexOf(`<section id="${section}"`);
  const part = doc.slice(start, doc.indexOf('</section>', start));
  return part
    .split('<tr>')
    .map((r) => r.slice(0, r.indexOf('</tr>')))
    .filter((r) => r.includes(`<td>${text}</td>`));
}

function cells(row: string): string[] {
  return [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => (m[1] ?? '').trim());
}

describe('the cutover report of a task verified and switched over', () => {
  const out = uniqueName('report_ob');
  const name = 'report-app';
  let source: ThrowawayServer;
  let src: Connection;
  let stateDir: string;
  let store: Store;
  let engine: Engine;
  let taskFile: string;

  beforeAll(async () => {
    // A private source: the switchover sets read_only, which is global.
    source = await startMariaDb({ name: 'report', serverId: 304 });
    src = await admin(source);
    await src.query(
      `CREATE DATABASE app; USE app;
       CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, v INT);
       INSERT INTO items (v) SELECT seq FROM seq_1_to_300;
       CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(60));
       INSERT INTO customers SELECT seq, CONCAT('c', seq, '@example.com') FROM seq_1_to_50;
       CREATE USER migrator IDENTIFIED BY '${PASSWORD}';
       GRANT ALL ON *.* TO migrator WITH GRANT OPTION;`,
    );
    stateDir = mkdtempSync(join(tmpdir(), 'cutover-report-'));
    store = Store.open(stateDir);
    engine = createEngine(store, { host: 'browser' });
    const task = {
      name,
      source: {
        kind: 'mysql',
        host: source.host,
        port: source.port,
        user: 'migrator',
        password: PASSWORD,
      },
      target: { kind: 'mysql', ...servers.target },
      objects: [{ database: 'app', tables: ['*'], targetDatabase: out }],
      steps: ['schema', 'full', 'incremental'],
    };
    taskFile = join(mkdtempSync(join(tmpdir(), 'cutover-report-task-')), 'task.json');
    writeFileSync(taskFile, JSON.stringify(task));

    const h = engine.handlers;
    await h['task:run'](task);
    const deadline = Date.now() + 60_000;
    while ((await h['task:get'](name)).streams.length === 0) {
      if (Date.now() > deadline) throw new Error('the stream did not start');
      await sleep(100);
    }
    expect((await h['task:verify'](name, { repair: false })).report.consistent).toBe(true);
    await h['task:pause'](name);
    while ((await h['tasks:list']()).some((t) => t.active)) await sleep(50);
    await h['switchover:run'](name, { setReadOnly: true, confirmed: [...SWITCHOVER_STEPS] });
    const until = Date.now() + 90_000;
    for (;;) {
      const view = await h['switchover:get'](name);
      if (!view.active) {
        expect(view).toMatchObject({ switchedOver: true, error: null });
        break;
      }
      if (Date.now() > until) throw new Error('the switchover did not finish');
      await sleep(100);
    }
  });

  afterAll(async () => {
    await engine?.shutdown();
    store?.close();
    await src?.end();
    const dst = await admin(servers.target);
    await dst.query(`DROP DATABASE IF EXISTS \`${out}\``);
    await dst.end();
    await source?.stop();
  });

  it('`cutover report` writes it from the store: tables, evidence, the whole timeline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-report-out-'));
    const file = join(dir, 'signed.html');
    // The app still holds the state dir: the report reads it next to it.
    const r = await cutover(['report', taskFile, '--state-dir', stateDir, '--out', file], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(file);
    const doc = readFileSync(file, 'utf8');

    expect(doc).toContain(`<h1>${name}</h1>`);
    expect(doc).toContain(
      `${source.host}:${source.port} → ${servers.target.host}:${servers.target.port}`,
    );
    expect(doc).toContain('Migration complete: ready for sign-off');
    expect(doc).toMatch(/Consistent at the final verification on \d{4}-\d\d-\d\d [\d:]+ UTC/);
    expect(doc).toMatch(/Switched over at \d{4}-\d\d-\d\d [\d:]+ UTC/);
    expect(doc).not.toContain(PASSWORD);

    // Objects: both tables with where they went.
    for (const table of ['items', 'customers']) {
      expect(rowsWith(doc, 'objects', `app.${table}`)[0]).toContain(`<td>${out}.${table}</td>`);
    }
    // Precheck results, recorded by the task's first run.
    expect(doc).toMatch(
      /Ran at \d{4}-\d\d-\d\d [\d:]+ UTC, before the task’s first step: \d+ passed/,
    );
    // The copy and the verification, per table with row counts on each side.
    expect(rowsWith(doc, 'migration', 'app.items')[0]).toContain('<td class="num">300</td>');
    expect(rowsWith(doc, 'migration', 'app.customers')[0]).toContain('<td class="num">50</td>');
    for (const [table, rows] of [
      ['items', '300'],
      ['customers', '50'],
    ] as const) {
      const evidence = rowsWith(doc, 'verification', `app.${table}`);
      expect(evidence.length, table).toBeGreaterThan(0);
      for (const row of evidence) {
        expect(row.match(new RegExp(`<td class="num">${rows}</td>`, 'g')), table).toHaveLength(2);
      }
    }
    expect(doc).toContain('<span class="badge ok">consistent</span>');

    // All seven switchover steps, done, with both timestamps and a duration.
    for (const title of TITLES) {
      const [row] = rowsWith(doc, 'switchover', title);
      expect(row, title).toContain('<span class="badge ok">done</span>');
      expect(row?.match(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/g), title).toHaveLength(2);
      expect(row, title).toMatch(/<td class="num">[\d.]+ s|\d+ min/);
    }
    // The lag when the steps that run the stream ended (the 7th cell: #, step, state, times, duration).
    for (const title of ['Pre-switch checks', 'Drain the change stream']) {
      const lag = cells(rowsWith(doc, 'switchover', title)[0] ?? '')[6];
      expect(lag, title).toMatch(/^\d+ ms$|^\d+\.\d s$/);
    }
    expect(doc).toContain(`${name}.reverse`);
  });

  it('is written as `<task name>-report.html` in the current directory by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-report-cwd-'));
    const r = await cutover(['report', taskFile, '--state-dir', stateDir], dir);
    expect(r.code).toBe(0);
    const file = join(dir, `${name}-report.html`);
    expect(r.stdout.trim()).toBe(file);
    expect(readFileSync(file, 'utf8')).toContain('<title>Cutover report: report-app</title>');
  });

  it('takes --out only for itself, and names a task the state dir does not know', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-report-usage-'));
    const misplaced = await cutover(['status', taskFile, '--out', 'x.html'], dir);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain('--out applies to `cutover report` only.');
    const elsewhere = mkdtempSync(join(tmpdir(), 'cutover-report-empty-'));
    const unknown = await cutover(['report', taskFile, '--state-dir', elsewhere], dir);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain(`error TASK_NOT_FOUND: Task "${name}" has not run`);
  });

  it('is the same document through the API (the app’s Report button)', async () => {
    const report = await engine.handlers['task:report'](name);
    expect(report.fileName).toBe('report-app-report.html');
    expect(report.html).toContain('Migration complete: ready for sign-off');
    expect(report.html).not.toContain(PASSWORD);
    await expect(engine.handlers['task:report']('nope')).rejects.toMatchObject({
      code: 'TASK_NOT_FOUND',
    });
  });
});
