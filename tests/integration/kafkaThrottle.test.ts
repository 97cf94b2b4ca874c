import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { consume } from '../support/kafka.js';
import { endpoint, cutover, CUTOVER_BIN } from '../support/cutover.js';
import { admin, uniqueName } from '../support/sql.js';

const servers = inject('servers');
const kafka = inject('kafka');

describe('the throttle of a Kafka task', () => {
  const db = uniqueName('kthrottle');
  let src: Connection;

  beforeAll(async () => {
    src = await admin(servers.source);
    await src.query(
      `CREATE DATABASE \`${db}\`; USE \`${db}\`;
       CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(40));
       INSERT INTO t VALUES (0, 'first');`,
    );
  });

  afterAll(async () => {
    await src?.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await src?.end();
  });

  it('holds the change stream to its rate, and `cutover throttle` lifts it while it runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-kthrottle-'));
    const file = join(dir, 'task.json');
    const topic = uniqueName('throttled');
    writeFileSync(
      file,
      JSON.stringify({
        name: uniqueName('kthrottle'),
        source: endpoint('mysql', servers.source),
        target: { kind: 'kafka', brokers: kafka.brokers, format: 'json', topic },
        objects: [{ database: db, tables: ['t'] }],
        options: { maxRowsPerSecond: 500 },
      }),
    );
    const state = ['--state-dir', join(dir, 'state')];
    expect((await cutover(['run', file, '--until', 'caught-up', ...state])).code).toBe(0);
    await src.query(`INSERT INTO \`${db}\`.t SELECT seq, MD5(seq) FROM seq_1_to_20000`);
    // At 500 rows/s these 20,000 changes would take 40 s; lifted while running, they go at once.
    const child = spawn(
      process.execPath,
      [CUTOVER_BIN, 'run', file, '--until', 'caught-up', '--json', ...state],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let lifted: Promise<{ code: number | null; stdout: string }> | null = null;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!lifted && stdout.includes('Reading the binlog from')) {
        lifted = cutover(['throttle', file, '--max-rows-per-second', '0', ...state]);
      }
    });
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(0);
    const throttle = await (lifted as Promise<{ code: number | null; stdout: string }> | null);
    expect(throttle?.code).toBe(0);
    // Printed by the running stream: it was still held back when the limit changed.
    expect(stdout).toContain('Throttle set to unlimited rows/s');
    const got = await consume(kafka.brokers, [topic], 20_001);
    expect(new Set(got.map((m) => m.id)).size).toBe(20_001);
  });
});
