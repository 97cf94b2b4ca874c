import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { admin, uniqueName } from '../support/sql.js';

const BIN = fileURLToPath(new URL('../../bin/cutover.js', import.meta.url));
const servers = inject('servers');

/** The outcome of a WebSocket handshake: 'open', or the HTTP status it was refused with. */
function handshake(url: string, headers: Record<string, string> = {}): Promise<string | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

describe('browser mode (cutover serve)', () => {
  let child: ReturnType<typeof spawn>;
  let url: URL;

  beforeAll(async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'cutover-serve-'));
    child = spawn(process.execPath, [BIN, 'serve', '--state-dir', stateDir, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await new Promise<URL>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /"url":"([^"]+)"/.exec(out);
        if (m?.[1]) resolve(new URL(m[1]));
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
  });

  afterAll(async () => {
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
  });

  it('listens on 127.0.0.1 only, with a token in the URL it prints', () => {
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('answers 401 to every request without the token: page, assets, calls, events', async () => {
    const base = `${url.protocol}//${url.host}`;
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/index.html`)).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(401);
    expect((await fetch(`${base}/api/call/app:info`, { method: 'POST' })).status).toBe(401);
    expect(await handshake(`ws://${url.host}/api/events`)).toBe(401);
  });

  it('serves the app with the token, and then by its cookie, with calls and events', async () => {
    const base = `${url.protocol}//${url.host}`;
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const cookie = page.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const jar = cookie.split(';')[0] ?? '';

    const info = await fetch(`${base}/api/call/app:info`, {
      method: 'POST',
      headers: { cookie: jar },
      body: '[]',
    });
    expect(info.status).toBe(200);
    const body = (await info.json()) as { result: { version: string } };
    expect(body.result.version).toMatch(/^\d+\.\d+\.\d+/);

    const list = await fetch(`${base}/api/call/tasks:list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${url.searchParams.get('token') ?? ''}` },
    });
    expect(await list.json()).toEqual({ result: [] });
    const unknown = await fetch(`${base}/api/call/tasks:drop`, {
      method: 'POST',
      headers: { cookie: jar },
    });
    expect(unknown.status).toBe(404);
    expect(await handshake(`ws://${url.host}/api/events`, { cookie: jar })).toBe('open');
  });

  it('tests connections and plans a task for the wizard, errors as code, message and fix', async () => {
    const base = `${url.protocol}//${url.host}`;
    const call = async (name: string, ...args: unknown[]): Promise<unknown> => {
      const res = await fetch(`${base}/api/call/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${url.searchParams.get('token') ?? ''}` },
        body: JSON.stringify(args),
      });
      return res.json();
    };
    const source = { kind: 'mysql', ...servers.source };
    expect(await call('connection:test', source)).toMatchObject({
      result: { ok: true, server: { flavor: 'mariadb' } },
    });
    expect(await call('connection:test', { ...source, port: 1 })).toMatchObject({
      result: { ok: false, error: { code: 'CONNECT_REFUSED' } },
    });
    expect(await call('connection:test', { ...source, hots: 'x' })).toMatchObject({
      error: { code: 'TASK_FILE_INVALID', message: expect.stringContaining('hots') },
    });
    const db = uniqueName('serve_plan');
    const conn = await admin(servers.source);
    try {
      await conn.query(`CREATE DATABASE \`${db}\`; CREATE TABLE \`${db}\`.t (id INT PRIMARY KEY)`);
      const plan = (await call('task:plan', {
        name: 'serve-plan',
        source,
        target: { kind: 'mysql', ...servers.target },
        objects: [{ database: db, tables: ['t'], targetDatabase: `${db}_dst` }],
      })) as { result: { statements: { kind: string; object: string }[] } };
      expect(plan.result.statements.map((s) => [s.kind, s.object])).toContainEqual([
        'table',
        `${db}_dst.t`,
      ]);
    } finally {
      await conn.query(`DROP DATABASE IF EXISTS \`${db}\``);
      await conn.end();
    }
  });

  it('runs a task and streams its events to the page', async () => {
    const base = `${url.protocol}//${url.host}`;
    const token = url.searchParams.get('token') ?? '';
    const db = uniqueName('serve_run');
    const conn = await admin(servers.source);
    const dst = await admin(servers.target);
    const events: { type: string; state?: string; step?: string }[] = [];
    const ws = new WebSocket(`ws://${url.host}/api/events?token=${token}`);
    await new Promise((resolve) => ws.once('open', resolve));
    const done = new Promise<void>((resolve) => {
      ws.on('message', (data: Buffer) => {
        const { name, payload } = JSON.parse(data.toString()) as {
          name: string;
          payload: { type: string; state?: string; step?: string };
        };
        if (name !== 'task:event') return;
        events.push(payload);
        if (payload.type === 'task' && payload.state !== 'running') resolve();
      });
    });
    try {
      await conn.query(
        `CREATE DATABASE \`${db}\`; USE \`${db}\`; CREATE TABLE t (id INT PRIMARY KEY, v INT);
         INSERT INTO \`${db}\`.t SELECT seq, seq FROM seq_1_to_2000;`,
      );
      const started = await fetch(`${base}/api/call/task:run`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify([
          {
            name: db,
            source: { kind: 'mysql', ...servers.source },
            target: { kind: 'mysql', ...servers.target },
            objects: [{ database: db, tables: ['*'], targetDatabase: `${db}_dst` }],
            steps: ['schema', 'full'],
          },
        ]),
      });
      expect(await started.json()).toEqual({ result: { started: true } });
      await done;
      expect(events.filter((e) => e.type === 'task').map((e) => e.state)).toEqual([
        'running',
        'done',
      ]);
      expect(events.some((e) => e.type === 'step' && e.step === 'full' && e.state === 'done')).toBe(
        true,
      );
      const [rows] = (await dst.query(`SELECT COUNT(*) AS n FROM \`${db}_dst\`.t`)) as unknown as [
        { n: number }[],
      ];
      expect(Number(rows[0]?.n)).toBe(2000);
    } finally {
      ws.close();
      await conn.query(`DROP DATABASE IF EXISTS \`${db}\``);
      await dst.query(`DROP DATABASE IF EXISTS \`${db}_dst\``);
      await conn.end();
      await dst.end();
    }
  });
});
