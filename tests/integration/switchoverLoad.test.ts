import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startMariaDb, type ThrowawayServer } from '../../scripts/mariadb-server.js';
import { Store } from '../../src/engine/store/Store.js';
import { TaskRepository } from '../../src/engine/store/TaskRepository.js';
import { VerificationRepository } from '../../src/engine/store/VerificationRepository.js';
import { specToRun, Switchover } from '../../src/engine/switchover/Switchover.js';
import { PAUSE, TaskRunner } from '../../src/engine/task/TaskRunner.js';
import { parseTaskSpec } from '../../src/engine/task/TaskFile.js';
import type { TaskSpec } from '../../src/shared/task.js';
import { compareTables } from '../support/compare.js';
import type { ServerAddress } from '../support/globalSetup.js';
import { admin, uniqueName } from '../support/sql.js';

const servers = inject('servers');
const TABLES = 4;
const ROWS = 2_000;

const endpoint = (s: ServerAddress) => ({
  kind: 'mysql',
  host: s.host,
  port: s.port,
  user: s.user,
  password: s.password,
});

interface Sysbench {
  /** Transactions per second and errors per second, one line per second of the run. */
  seconds: { tps: number; errorsPerSecond: number }[];
  done: Promise<string>;
  stop(): void;
}

/**
 * sysbench oltp_write_only as an application would run it: its own user (no SUPER, so read_only
 * stops it), several threads, a steady rate; a refused write (1290, read_only) is counted and
 * retried, as an application's error handling would.
 */
function sysbench(
  server: ServerAddress,
  user: string,
  password: string,
  db: string,
  opts: { seconds: number; rate: number },
): Sysbench {
  const child = spawn('sysbench', [
    'oltp_write_only',
    '--db-driver=mysql',
    `--mysql-host=${server.host}`,
    `--mysql-port=${server.port}`,
    `--mysql-user=${user}`,
    `--mysql-password=${password}`,
    `--mysql-db=${db}`,
    `--tables=${TABLES}`,
    `--table-size=${ROWS}`,
    '--threads=4',
    `--time=${opts.seconds}`,
    `--rate=${opts.rate}`,
    '--report-interval=1',
    '--mysql-ignore-errors=1290',
    'run',
  ]);
  const seconds: Sysbench['seconds'] = [];
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    for (const m of chunk.matchAll(/tps: ([\d.]+) .*?err\/s: ([\d.]+)/g)) {
      seconds.push({ tps: Number(m[1]), errorsPerSecond: Number(m[2]) });
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const done = new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) =>
      code === 0 || signal === 'SIGTERM'
        ? resolve(output)
        : reject(new Error(`sysbench exited ${code ?? signal}:\n${output}`)),
    );
  });
  return { seconds, done, stop: () => child.kill('SIGTERM') };
}

async function prepareSysbench(server: ServerAddress): Promise<void> {
  const child = spawn('sysbench', [
    'oltp_write_only',
    '--db-driver=mysql',
    `--mysql-host=${server.host}`,
    `--mysql-port=${server.port}`,
    `--mysql-user=${server.user}`,
    `--mysql-db=sbtest`,
    `--tables=${TABLES}`,
    `--table-size=${ROWS}`,
    '--threads=2',
    'prepare',
  ]);
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
  await new Promise<void>((resolve, reject) =>
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`sysbench prepare failed:\n${output}`)),
    ),
  );
}

const tableNames = [...Array.from({ length: TABLES }, (_, i) => `sbtest${i + 1}`), 'quiet'];

describe('switchover under sysbench load, then load on the target with reverse sync', () => {
  const out = uniqueName('sbtest_ob');
  const targetUser = uniqueName('sb');
  let source: ThrowawayServer;
  let src: Connection;
  let dst: Connection;
  let store: Store;
  let spec: TaskSpec;

  beforeAll(async () => {
    // A private source: read_only is global, and the suite's shared source must stay writable.
    source = await startMariaDb({ name: 'switchover-load', serverId: 305 });
    src = await admin(source);
    dst = await admin(servers.target);
    await src.query(
      `CREATE DATABASE sbtest;
       CREATE USER sb IDENTIFIED BY 'sb-pw';
       GRANT SELECT, INSERT, UPDATE, DELETE ON sbtest.* TO sb;`,
    );
    await prepareSysbench(source);
    // A table the load never touches: the final verification may leave it out.
    await src.query(
      `USE sbtest; CREATE TABLE quiet (id INT PRIMARY KEY, v VARCHAR(20));
       INSERT INTO quiet SELECT seq, CONCAT('v', seq) FROM seq_1_to_300;`,
    );
    store = Store.open(mkdtempSync(join(tmpdir(), 'cutover-load-')));
    spec = parseTaskSpec({
      name: 'sbload',
      source: endpoint(source),
      target: endpoint(servers.target),
      objects: [{ database: 'sbtest', tables: ['*'], targetDatabase: out }],
      steps: ['schema', 'full', 'incremental'],
      options: { applyWorkers: 4 },
    });
  });

  afterAll(async () => {
    store?.close();
    await src?.end();
    await dst?.query(`DROP DATABASE IF EXISTS \`${out}\``);
    await dst?.query(`DROP USER IF EXISTS '${targetUser}'`);
    await dst?.end();
    await source?.stop();
  });

  it('copies and switches over while sysbench writes, then carries the target load back', async () => {
    // The application writes from before the copy until read_only refuses it.
    const onSource = sysbench(source, 'sb', 'sb-pw', 'sbtest', { seconds: 300, rate: 150 });
    try {
      await new TaskRunner(store, spec).run({ until: 'caught-up' });
      const questions: string[] = [];
      const state = await new Switchover(store, spec, {
        setReadOnly: true,
        confirm: async (q) => {
          questions.push(q);
          return true;
        },
      }).run();
      expect(Object.values(state.steps).map((s) => s.state)).toEqual(Array(7).fill('done'));
      // No verification before: the checks offered one, which ran under the load.
      expect(questions[0]).toMatch(/has not been verified yet.*Verify its 5 table\(s\) now/);
      expect(state.steps.checks.detail).toMatch(/lag \d+ ms \(limit 5000 ms\); verified now/);
      // The sessions still connected: sysbench's four, and this test's own root connection;
      // Cutover's own are left out.
      const sessions = state.steps['stop-writes'].detail ?? '';
      expect(sessions).toMatch(/read_only = ON; 5 other session\(s\) connected: /);
      expect(sessions.match(/sb@/g)).toHaveLength(4);
      expect(state.steps.checks.lagMs).toBeGreaterThanOrEqual(0);
      // The final verification compared only what the load changed.
      expect(state.steps.verify.detail).toMatch(
        /^4 table\(s\), \d+ rows consistent; 1 other table\(s\) unchanged since/,
      );
      const task = new TaskRepository(store.db).getByName('sbload');
      const final = task ? new VerificationRepository(store.db).latest(task.id) : null;
      expect(final?.unchanged?.tables).toEqual(['sbtest.quiet']);
      // sysbench's next full second after the switch: every write refused (1290, read_only,
      // is the only error it was told to ignore; any other stops it), none committed.
      const switchedAt = onSource.seconds.length;
      for (let waited = 0; onSource.seconds.length < switchedAt + 2 && waited < 50; waited++) {
        await sleep(100);
      }
      expect(onSource.seconds[switchedAt + 1]).toMatchObject({ tps: 0 });
      expect(onSource.seconds[switchedAt + 1]?.errorsPerSecond).toBeGreaterThan(0);
    } finally {
      onSource.stop();
      await onSource.done;
    }
    // sysbench committed before the switch.
    expect(onSource.seconds.some((s) => s.tps > 0 && s.errorsPerSecond === 0)).toBe(true);

    // The application now writes the target; the reverse stream keeps the old source current.
    await dst.query(
      `CREATE USER '${targetUser}' IDENTIFIED BY 'sb-pw';
       GRANT SELECT, INSERT, UPDATE, DELETE ON \`${out}\`.* TO '${targetUser}';`,
    );
    const reverse = await specToRun(store, spec);
    expect(reverse.name).toBe('sbload.reverse');
    const streaming = new AbortController();
    const reverseRun = new TaskRunner(store, reverse)
      .run({ signal: streaming.signal })
      .catch((e: unknown) => e);
    const onTarget = sysbench(servers.target, targetUser, 'sb-pw', out, { seconds: 5, rate: 150 });
    const report = await onTarget.done;
    streaming.abort(PAUSE);
    expect(await reverseRun).toMatchObject({ code: 'INTERRUPTED' });
    expect(report).toMatch(/transactions:\s+[1-9]/);
    expect(onTarget.seconds.every((s) => s.errorsPerSecond === 0)).toBe(true);
    expect(await new TaskRunner(store, reverse).run({ until: 'caught-up' })).toBe('reached-until');

    for (const table of tableNames) {
      const result = await compareTables(
        { conn: src, db: 'sbtest', table },
        { conn: dst, db: out, table },
      );
      expect({ table, ...result, differences: result.differences.slice(0, 3) }).toMatchObject({
        table,
        equal: true,
      });
    }
  });
});
