import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMariaDb, type ThrowawayServer } from '../../scripts/mariadb-server.js';
import { SWITCHOVER_STEPS } from '../../src/engine/switchover/Switchover.js';
import type { ServerAddress } from '../support/globalSetup.js';
import { cutover as run, type CliResult } from '../support/cutover.js';
import { admin, rows, uniqueName } from '../support/sql.js';

const servers = inject('servers');
const endpoint = (s: ServerAddress) => ({
  kind: 'mysql',
  host: s.host,
  port: s.port,
  user: s.user,
  password: s.password,
});

/** Runs the CLI; with `killAt`, kill -9 as soon as its JSON output reports that step running. */
/** Runs the command line, killing it with -9 once it reports `killAt` running. */
function cutover(args: string[], killAt?: string): Promise<CliResult> {
  return run(args, {
    onStdout: (stdout, child) => {
      if (killAt && stdout.includes(`"step":"${killAt}","state":"running"`)) child.kill('SIGKILL');
    },
  });
}

describe('switchover survives kill -9 at every step', () => {
  const out = uniqueName('crash_ob');
  let source: ThrowawayServer;
  let src: Connection;
  let dst: Connection;
  let file: string;
  let state: string[];

  beforeAll(async () => {
    source = await startMariaDb({ name: 'switchover-crash', serverId: 302 });
    src = await admin(source);
    dst = await admin(servers.target);
    await src.query(
      `CREATE DATABASE shop; USE shop;
       CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, total DECIMAL(10,2), n INT DEFAULT 0);
       INSERT INTO orders (total) SELECT seq / 4 FROM seq_1_to_3000;
       CREATE TRIGGER bump BEFORE UPDATE ON orders FOR EACH ROW SET NEW.n = OLD.n + 1;`,
    );
    const dir = mkdtempSync(join(tmpdir(), 'cutover-crash-'));
    file = join(dir, 'shop.json');
    state = ['--state-dir', join(dir, 'state')];
    writeFileSync(
      file,
      JSON.stringify({
        name: 'shop',
        source: endpoint(source),
        target: endpoint(servers.target),
        objects: [{ database: 'shop', tables: ['*'], targetDatabase: out }],
        steps: ['schema', 'full', 'incremental'],
      }),
    );
    expect((await cutover(['run', file, '--until', 'caught-up', ...state])).code).toBe(0);
    await src.query('UPDATE shop.orders SET total = total + 1 WHERE id <= 10');
    expect((await cutover(['run', file, '--until', 'caught-up', ...state])).code).toBe(0);
    expect((await cutover(['verify', file, ...state])).code).toBe(0);
  });

  afterAll(async () => {
    await src?.end();
    await dst?.query(`DROP DATABASE IF EXISTS \`${out}\``);
    await dst?.end();
    await source?.stop();
  });

  it('resumes after a kill at each step and ends switched over, consistent, and syncing back', async () => {
    const args = ['switchover', file, '--yes', '--set-read-only', '--json', ...state];
    for (const step of SWITCHOVER_STEPS) {
      const killed = await cutover(args, step);
      expect(killed.signal, `killed during ${step}`).toBe('SIGKILL');
    }
    const last = await cutover(args);
    expect(last.code, last.stderr).toBe(0);
    const final = last.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { type: string; steps?: Record<string, { state: string }> })
      .find((r) => r.type === 'switchover');
    expect(Object.values(final?.steps ?? {}).map((s) => s.state)).toEqual(
      SWITCHOVER_STEPS.map(() => 'done'),
    );

    // `cutover status` shows the switchover, step by step.
    const status = await cutover(['status', file, ...state]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`switchover: switched over; reverse task `);
    for (const step of SWITCHOVER_STEPS)
      expect(status.stdout).toMatch(new RegExp(`${step} +done `));

    const count = async (c: Connection, table: string) =>
      Number((await rows<{ n: number }>(c, `SELECT COUNT(*) AS n FROM ${table}`))[0]?.n);
    expect(await count(dst, `\`${out}\`.orders`)).toBe(3000);
    const [triggers] = await rows<{ n: number }>(
      dst,
      'SELECT COUNT(*) AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?',
      [out],
    );
    expect(Number(triggers?.n)).toBe(1);
    await dst.query(`INSERT INTO \`${out}\`.orders (total) VALUES (12345.67)`);
    const [added] = await rows<{ id: number }>(
      dst,
      `SELECT id FROM \`${out}\`.orders WHERE total = 12345.67`,
    );
    expect(Number(added?.id)).toBeGreaterThan(3000);

    // After the switchover, `cutover run` keeps the old source current.
    const back = await cutover(['run', file, '--until', 'caught-up', ...state]);
    expect(back.code, back.stderr).toBe(0);
    expect(await count(src, 'shop.orders')).toBe(3001);
  });
});
