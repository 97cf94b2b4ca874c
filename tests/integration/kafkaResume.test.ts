import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { endpoint } from '../support/cutover.js';
import { admin, uniqueName } from '../support/sql.js';

const BIN = fileURLToPath(new URL('../../bin/cutover.js', import.meta.url));
const servers = inject('servers');
const kafka = inject('kafka');
const KEYS = 20;

function start(args: string[]): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, exited };
}

describe('a Kafka task killed with -9 resumes without a gap', () => {
  const db = uniqueName('kresume');
  let src: Connection;
  let file: string;
  let state: string[];

  beforeAll(async () => {
    src = await admin(servers.source);
    await src.query(
      `CREATE DATABASE \`${db}\`; USE \`${db}\`;
       CREATE TABLE counters (id INT PRIMARY KEY, seq INT NOT NULL);
       INSERT INTO counters SELECT seq, 0 FROM seq_1_to_${KEYS};`,
    );
    const dir = mkdtempSync(join(tmpdir(), 'cutover-kresume-'));
    file = join(dir, 'task.json');
    state = ['--state-dir', join(dir, 'state')];
    writeFileSync(
      file,
      JSON.stringify({
        name: uniqueName('kresume'),
        source: endpoint('mysql', servers.source),
        target: { kind: 'kafka', brokers: kafka.brokers, format: 'json', topic: '{database}' },
        objects: [{ database: db, tables: ['*'] }],
      }),
    );
  });

  afterAll(async () => {
    await src?.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await src?.end();
  });

  it('delivers every change at least once, in order per key, across kill -9', async () => {
    // Every key's seq goes up by one per update: a consumer can tell a gap from a repeat.
    let writing = true;
    let updates = 0;
    const writer = (async () => {
      while (writing) {
        const id = 1 + (updates % KEYS);
        await src.query(`UPDATE \`${db}\`.counters SET seq = seq + 1 WHERE id = ?`, [id]);
        updates += 1;
        if (updates % 10 === 0) await sleep(5);
      }
    })();
    for (let kill = 0; kill < 3; kill++) {
      const run = start(['run', file, ...state]);
      await sleep(1_200 + kill * 300);
      run.child.kill('SIGKILL');
      expect(await run.exited).toBeNull();
    }
    writing = false;
    await writer;
    const last = start(['run', file, '--until', 'caught-up', ...state]);
    expect(await last.exited).toBe(0);
    const final = (await src.query(`SELECT id, seq FROM \`${db}\`.counters ORDER BY id`))[0] as {
      id: number;
      seq: number;
    }[];

    // Read everything: the copy's rows, then every update, duplicates after each kill included.
    const client = new Kafka({ brokers: kafka.brokers, logLevel: logLevel.NOTHING });
    const consumer = client.consumer({ groupId: uniqueName('reader') });
    const byKey = new Map<number, { id: string; seq: number }[]>();
    const reached = (): boolean =>
      final.every((f) => byKey.get(f.id)?.some((m) => m.seq === f.seq) ?? false);
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: db, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('not every change arrived')), 30_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            const v = JSON.parse(message.value?.toString() ?? '{}') as {
              id: string;
              after: { id: number; seq: number } | null;
            };
            if (!v.after) return;
            const list = byKey.get(v.after.id) ?? [];
            list.push({ id: v.id, seq: v.after.seq });
            byKey.set(v.after.id, list);
            if (reached()) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    expect(updates).toBeGreaterThan(KEYS * 3);
    for (const { id, seq } of final) {
      // Dropping repeats by the message id leaves each value once, in order, with none missing
      // from the first one seen (the copy's) to the last.
      const seen = new Set<string>();
      const unique = (byKey.get(id) ?? []).filter((m) => !seen.has(m.id) && seen.add(m.id));
      const seqs = unique.map((m) => m.seq);
      const from = seqs[0] ?? 0;
      expect(seqs, `key ${id}`).toEqual(Array.from({ length: seq - from + 1 }, (_, i) => from + i));
    }
  });
});
