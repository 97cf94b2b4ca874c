import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Connection } from 'mysql2/promise';
import { Store } from '../../src/engine/store/Store.js';
import {
  cutover,
  CUTOVER_BIN,
  endpoint as serverEndpoint,
  type CliResult as Result,
} from '../support/cutover.js';
import type { ServerAddress } from '../support/globalSetup.js';
import { admin, rows, uniqueName } from '../support/sql.js';

const servers = inject('servers');
/** Every endpoint here gives up on an unreachable server after 3 s. */
const endpoint = (kind: string, s: ServerAddress, over: Record<string, unknown> = {}) =>
  serverEndpoint(kind, s, { connectTimeoutMs: 3000, ...over });

function writeTask(task: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-cli-task-'));
  const file = join(dir, 'task.json');
  writeFileSync(file, JSON.stringify(task, null, 2));
  return file;
}

describe('cutover command line', () => {
  let src: Connection;
  let dst: Connection;
  const db = uniqueName('cli_src');
  const stateDir = mkdtempSync(join(tmpdir(), 'cutover-cli-state-'));
  const state = ['--state-dir', stateDir];

  const baseTask = (over: Record<string, unknown> = {}) => ({
    name: uniqueName('cli-task'),
    source: endpoint('mysql', servers.source),
    target: endpoint('mysql', servers.target),
    objects: [{ database: db, tables: ['*'] }],
    steps: ['schema'],
    ...over,
  });

  beforeAll(async () => {
    src = await admin(servers.source);
    dst = await admin(servers.target);
    await src.query(`
      CREATE DATABASE \`${db}\`;
      CREATE TABLE \`${db}\`.orders (id INT PRIMARY KEY, total DECIMAL(10,2));
      CREATE TABLE \`${db}\`.users (id INT PRIMARY KEY, email VARCHAR(100));`);
  });

  afterAll(async () => {
    await src.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await dst.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await src.end();
    await dst.end();
  });

  it('prints help and exits 0; an unknown command is bad usage (2)', async () => {
    const help = await cutover(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: cutover <command> TASK.json');
    const bad = await cutover(['frobnicate', 'x.json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error USAGE: Unknown command "frobnicate".');
  });

  it('wires `cutover switchover`: its flags, and a task that never ran (also for --rollback)', async () => {
    const misplaced = await cutover(['run', 'x.json', '--yes']);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain('apply to `cutover switchover` only');
    const lagElsewhere = await cutover(['verify', 'x.json', '--max-lag', '100']);
    expect(lagElsewhere.code).toBe(2);
    expect(lagElsewhere.stderr).toContain('apply to `cutover switchover` only');
    const badScope = await cutover(['switchover', 'x.json', '--final-verify', 'some']);
    expect(badScope.code).toBe(2);
    expect(badScope.stderr).toContain('--final-verify must be changed or full; got "some".');
    const badLag = await cutover(['switchover', 'x.json', '--max-lag', 'soon']);
    expect(badLag.code).toBe(2);
    expect(badLag.stderr).toContain('--max-lag must be a number');
    const task = baseTask({ steps: ['schema', 'full', 'incremental'] });
    const file = writeTask(task);
    const never = await cutover(['switchover', file, ...state]);
    expect(never.code).toBe(3);
    expect(never.stderr).toContain(`Task "${task.name}" has not run in this state dir.`);
    expect(never.stderr).toContain('cutover run');
    const back = await cutover(['switchover', file, '--rollback', ...state]);
    expect(back.stderr).toContain('TASK_NOT_FOUND');
  });

  it('names the wrong field of a malformed task file and exits 2', async () => {
    const file = writeTask({
      ...baseTask(),
      source: { ...endpoint('mysql', servers.source), hots: 'x' },
    });
    const r = await cutover(['run', file, ...state]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('source.hots: unknown field (did you mean "host"?)');
    expect(r.stderr.trim().split('\n')).toHaveLength(2);
  });

  it('explains an unreachable source in one line and exits 3; precheck reports it as a failed check (1)', async () => {
    const file = writeTask(baseTask({ source: endpoint('mysql', servers.source, { port: 1 }) }));
    const run = await cutover(['run', file, ...state]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('error CONNECT_REFUSED: Cannot connect to the source 127.0.0.1:1');
    expect(run.stderr).not.toContain('    at ');
    const pre = await cutover(['precheck', file]);
    expect(pre.code).toBe(1);
    expect(pre.stdout).toMatch(/FAIL .*connection was refused/);
  });

  it('explains a wrong password (3) and an unknown database (2)', async () => {
    const user = uniqueName('u_cli');
    await src.query(`CREATE USER '${user}'@'%' IDENTIFIED BY 'right'`);
    try {
      const wrong = writeTask(
        baseTask({ source: endpoint('mysql', servers.source, { user, password: 'wrong' }) }),
      );
      const r = await cutover(['run', wrong, ...state]);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(
        `error AUTH_FAILED: The source 127.0.0.1:${servers.source.port} refused user '${user}'`,
      );
    } finally {
      await src.query(`DROP USER '${user}'@'%'`);
    }
    const missing = writeTask(baseTask({ objects: [{ database: 'no_such_db', tables: ['*'] }] }));
    const r = await cutover(['run', missing, ...state]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('database "no_such_db" does not exist on the source');
  });

  it('runs the schema step, reports status, and resumes through the copy and verification', async () => {
    const spec = baseTask({ steps: ['schema', 'full', 'verify'] });
    const file = writeTask(spec);

    const first = await cutover(['run', file, '--until', 'schema-done', ...state]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const tables = await rows<{ TABLE_NAME: string }>(
      dst,
      `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1`,
      [db],
    );
    expect(tables.map((t) => t.TABLE_NAME)).toEqual(['orders', 'users']);

    const status = await cutover(['status', file, '--json', ...state]);
    expect(status.code).toBe(0);
    const record = JSON.parse(status.stdout.trim()) as {
      task: { state: string };
      steps: { step: string; state: string }[];
      objects: { kind: string; state: string }[];
    };
    expect(record.task.state).toBe('paused');
    expect(record.steps.find((s) => s.step === 'schema')?.state).toBe('done');
    expect(record.objects.filter((o) => o.kind === 'table' && o.state === 'created')).toHaveLength(
      2,
    );

    const second = await cutover(['run', file, '--json', ...state]);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    const events = second.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; step?: string; state?: string });
    expect(events.some((e) => e.type === 'step' && e.step === 'schema')).toBe(false);
    expect(events.some((e) => e.type === 'step' && e.step === 'verify' && e.state === 'done')).toBe(
      true,
    );

    const human = await cutover(['status', file, ...state]);
    expect(human.stdout).toContain('schema       done');
    expect(human.stdout).toContain('full         done');
    expect(human.stdout).toContain('verify       done');
    expect(human.stdout).toMatch(/last verification \S+: consistent, 2 tables/);
  });

  it('stops cleanly on Ctrl-C between objects and resumes where it stopped', async () => {
    const manyDb = uniqueName('cli_many');
    const creates = Array.from(
      { length: 150 },
      (_, i) => `CREATE TABLE \`${manyDb}\`.t${i} (id INT PRIMARY KEY, v VARCHAR(20));`,
    ).join('\n');
    await src.query(`CREATE DATABASE \`${manyDb}\`; ${creates}`);
    try {
      const file = writeTask(baseTask({ objects: [{ database: manyDb, tables: ['*'] }] }));
      const child = spawn(process.execPath, [CUTOVER_BIN, 'run', file, '--json', ...state], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (!child.killed && stdout.includes('"type":"progress"')) child.kill('SIGINT');
      });
      const code = await new Promise<number | null>((r) => child.on('close', r));
      expect(code).toBe(130);
      expect(stderr).toContain('"code":"INTERRUPTED"');

      const status = await cutover(['status', file, '--json', ...state]);
      const record = JSON.parse(status.stdout) as { task: { state: string }; objects: unknown[] };
      expect(record.task.state).toBe('stopped');
      expect(record.objects.length).toBeGreaterThan(0);
      expect(record.objects.length).toBeLessThan(151);

      const resumed = await cutover(['run', file, ...state]);
      expect(resumed.stderr).toBe('');
      expect(resumed.code).toBe(0);
      const [count] = await rows<{ n: number }>(
        dst,
        `SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`,
        [manyDb],
      );
      expect(Number(count?.n)).toBe(150);
    } finally {
      await src.query(`DROP DATABASE IF EXISTS \`${manyDb}\``);
      await dst.query(`DROP DATABASE IF EXISTS \`${manyDb}\``);
    }
  });

  it('changes the throttle of a running copy through `cutover throttle`', async () => {
    const slowDb = uniqueName('cli_slow');
    await src.query(
      `CREATE DATABASE \`${slowDb}\`; USE \`${slowDb}\`;
       CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(40));
       INSERT INTO t SELECT seq, MD5(seq) FROM seq_1_to_50000;`,
    );
    try {
      // At 500 rows/s this copy would take 100 s; lifted while running, it ends at once.
      const file = writeTask(
        baseTask({
          objects: [{ database: slowDb, tables: ['*'] }],
          steps: ['schema', 'full'],
          options: { maxRowsPerSecond: 500, chunkRows: 1000 },
        }),
      );
      const child = spawn(process.execPath, [CUTOVER_BIN, 'run', file, '--json', ...state], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let lifted: Promise<Result> | null = null;
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (!lifted && stdout.includes('"unit":"rows"')) {
          lifted = cutover(['throttle', file, '--max-rows-per-second', '0', ...state]);
        }
      });
      const code = await new Promise<number | null>((r) => child.on('close', r));
      expect(code).toBe(0);
      const throttle = await (lifted as Promise<Result> | null);
      expect(throttle?.code).toBe(0);
      expect(throttle?.stdout).toContain('unlimited');
      expect(stdout).toContain('Throttle set to unlimited rows/s');
      const [count] = await rows<{ n: number }>(dst, `SELECT COUNT(*) AS n FROM \`${slowDb}\`.t`);
      expect(Number(count?.n)).toBe(50000);
    } finally {
      await src.query(`DROP DATABASE IF EXISTS \`${slowDb}\``);
      await dst.query(`DROP DATABASE IF EXISTS \`${slowDb}\``);
    }
  });

  it('refuses a second writer on the same state dir with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-cli-locked-'));
    const holder = Store.open(dir);
    try {
      const r = await cutover(['run', writeTask(baseTask()), '--state-dir', dir]);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('error STATE_LOCKED');
      expect(r.stderr).toContain(String(process.pid));
    } finally {
      holder.close();
    }
  });

  it('passes the precheck on a good setup and fails it on a source without binlog', async () => {
    const good = await cutover([
      'precheck',
      writeTask(
        baseTask({
          name: uniqueName('pre'),
          objects: [{ database: db, tables: ['*'], targetDatabase: uniqueName('pre_dst') }],
        }),
      ),
    ]);
    expect(good.stdout).toContain('0 failed');
    expect(good.code).toBe(0);

    const noBinlogDb = uniqueName('nb_src');
    const nb = await admin(servers.noBinlog);
    try {
      await nb.query(
        `CREATE DATABASE \`${noBinlogDb}\`; CREATE TABLE \`${noBinlogDb}\`.t (id INT PRIMARY KEY)`,
      );
      const file = writeTask(
        baseTask({
          source: endpoint('mysql', servers.noBinlog),
          objects: [{ database: noBinlogDb, tables: ['*'] }],
          steps: ['schema', 'full', 'incremental'],
        }),
      );
      const run = await cutover(['run', file, ...state]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('error PRECHECK_FAILED');
      expect(run.stderr).toContain('log_bin');
      const created = await rows(dst, `SHOW DATABASES LIKE ?`, [noBinlogDb]);
      expect(created).toEqual([]);

      const r = await cutover(['precheck', file, '--json']);
      expect(r.code).toBe(1);
      const checks = r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; id?: string; status?: string; fix?: string });
      const binlog = checks.filter(
        (c) => c.type === 'check' && c.status === 'fail' && /binlog/.test(c.id ?? ''),
      );
      expect(binlog.length).toBeGreaterThan(0);
      expect(binlog[0]?.fix).toMatch(/log_bin/);
    } finally {
      await nb.query(`DROP DATABASE IF EXISTS \`${noBinlogDb}\``);
      await nb.end();
    }
  });
});
