import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, rows } from '../support/sql.js';

const DEMO = fileURLToPath(new URL('../../scripts/demo.js', import.meta.url));

/** `npm run demo` up to where a person takes over: servers, sample data, browser mode, a task. */
describe('npm run demo', () => {
  let demo: ChildProcess;
  let output = '';
  let url: URL;
  let sourcePort: number;
  let workDir: string;

  beforeAll(async () => {
    demo = spawn(process.execPath, [DEMO, '--no-open'], { stdio: ['ignore', 'pipe', 'pipe'] });
    demo.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await new Promise<void>((resolve, reject) => {
      demo.stdout?.on('data', (d: Buffer) => {
        output += d.toString();
        if (output.includes('Ctrl-C stops the demo')) resolve();
      });
      demo.once('exit', (code) => reject(new Error(`the demo exited (${code}):\n${output}`)));
    });
    url = new URL(/Open: +(\S+)/.exec(output)?.[1] ?? '');
    sourcePort = Number(/Source: MariaDB on 127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
    workDir = /run (\S+)[\\/]shop-demo\.json/.exec(output)?.[1] ?? '';
  });

  afterAll(async () => {
    if (demo.exitCode === null) {
      demo.kill('SIGINT');
      await new Promise((resolve) => demo.once('exit', resolve));
    }
  });

  async function call(name: string, ...args: unknown[]): Promise<unknown> {
    const response = await fetch(new URL(`/api/call/${name}`, url), {
      method: 'POST',
      headers: { authorization: `Bearer ${url.searchParams.get('token') ?? ''}` },
      body: JSON.stringify(args),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { result: unknown }).result;
  }

  it('loads the sample database on a source with the binlog in row format', async () => {
    const conn = await admin({ host: '127.0.0.1', port: sourcePort, user: 'root', password: '' });
    try {
      const [counts] = await rows(
        conn,
        `SELECT (SELECT COUNT(*) FROM shop.customers) AS customers,
                (SELECT COUNT(*) FROM shop.orders) AS orders,
                (SELECT COUNT(*) FROM shop.page_views) AS views,
                (SELECT COUNT(*) FROM shop.customer_totals) AS totals,
                @@log_bin AS logBin, @@binlog_format AS format`,
      );
      // Counts arrive as strings (the connection keeps big numbers exact).
      expect(counts).toEqual({
        customers: '500',
        orders: '3000',
        views: '2002',
        totals: '500',
        logBin: expect.anything(),
        format: 'ROW',
      });
      expect(Number(counts?.logBin)).toBe(1);
    } finally {
      await conn.end();
    }
  });

  it('has saved the task and both connections in browser mode', async () => {
    const tasks = (await call('tasks:list')) as { name: string; state: string }[];
    expect(tasks).toEqual([expect.objectContaining({ name: 'shop-demo', state: 'new' })]);
    const connections = (await call('connections:list')) as { name: string }[];
    expect(connections.map((c) => c.name).sort()).toEqual(['demo-source', 'demo-target']);
  });

  it('stops everything and removes its files on Ctrl-C', async () => {
    expect(existsSync(workDir)).toBe(true);
    const exited = new Promise<number | null>((resolve) => demo.once('exit', resolve));
    demo.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(workDir)).toBe(false);
  });
});
