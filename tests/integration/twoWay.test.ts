import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BINLOG_STREAM } from '../../src/engine/cdc/IncrementalSync.js';
import { Store } from '../../src/engine/store/Store.js';
import { StreamStatsRepository } from '../../src/engine/store/StreamStatsRepository.js';
import { TaskRepository } from '../../src/engine/store/TaskRepository.js';
import { PAUSE, TaskRunner } from '../../src/engine/task/TaskRunner.js';
import { TaskSession } from '../../src/engine/task/TaskSession.js';
import { parseTaskSpec } from '../../src/engine/task/TaskFile.js';
import { verifyTables } from '../../src/engine/verify/Verifier.js';
import type { StreamStats } from '../../src/shared/stream.js';
import type { TaskSpec } from '../../src/shared/task.js';
import { compareTables } from '../support/compare.js';
import type { ServerAddress } from '../support/globalSetup.js';
import { admin, rows, uniqueName } from '../support/sql.js';

const servers = inject('servers');
const endpoint = (s: ServerAddress) => ({
  kind: 'mysql',
  host: s.host,
  port: s.port,
  user: s.user,
  password: s.password,
});

describe('two-way sync: forward and reverse streams at once, for a canary', () => {
  const db = uniqueName('canary');
  const out = uniqueName('canary_ob');
  let src: Connection;
  let dst: Connection;
  let store: Store;
  let spec: TaskSpec;

  /** Runs the two-way task in the background until `stop()`. */
  function start(): { stop: () => Promise<unknown> } {
    const signal = new AbortController();
    const run = new TaskRunner(store, spec).run({ signal: signal.signal }).catch((e: unknown) => e);
    return {
      stop: async () => {
        signal.abort(PAUSE);
        return run;
      },
    };
  }

  async function converged(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Until the schema step created it, the target's table is not there to compare.
      const result = await compareTables(
        { conn: src, db, table: 'items' },
        { conn: dst, db: out, table: 'items' },
      ).catch((e: unknown) => ({ equal: false, error: String(e) }));
      if (result.equal) return;
      if (Date.now() > deadline) throw new Error(`not converged: ${JSON.stringify(result)}`);
      await sleep(200);
    }
  }

  function applied(name: string): number {
    const task = new TaskRepository(store.db).getByName(name);
    const stats = task
      ? new StreamStatsRepository(store.db)
          .list<StreamStats>(task.id)
          .find((s) => s.stream === BINLOG_STREAM)
      : undefined;
    return stats?.stats.transactionsApplied ?? -1;
  }

  beforeAll(async () => {
    src = await admin(servers.source);
    dst = await admin(servers.target);
    await src.query(
      `CREATE DATABASE \`${db}\`; USE \`${db}\`;
       CREATE TABLE items (id INT PRIMARY KEY, side VARCHAR(10), n INT NOT NULL);
       INSERT INTO items SELECT seq, 'copy', 0 FROM seq_1_to_100;`,
    );
    store = Store.open(mkdtempSync(join(tmpdir(), 'cutover-twoway-')));
    spec = parseTaskSpec({
      name: uniqueName('canary'),
      source: endpoint(servers.source),
      target: endpoint(servers.target),
      objects: [{ database: db, tables: ['*'], targetDatabase: out }],
      steps: ['schema', 'full', 'incremental'],
      options: { twoWay: true },
    });
  });

  afterAll(async () => {
    store?.close();
    await src?.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await dst?.query(`DROP DATABASE IF EXISTS \`${out}\``);
    await src?.end();
    await dst?.end();
  });

  it('carries each side’s writes to the other without echo, and shows a crossed conflict', async () => {
    let run = start();
    // The copy's rows are not carried back: the reverse stream starts after them.
    await converged();
    for (let i = 0; i < 40; i += 1) {
      // The canary writes its own rows on the target; the old application keeps the rest.
      await Promise.all([
        src.query(`UPDATE \`${db}\`.items SET side = 'source', n = n + 1 WHERE id = ?`, [
          1 + (i % 50),
        ]),
        dst.query(`UPDATE \`${out}\`.items SET side = 'target', n = n + 1 WHERE id = ?`, [
          51 + (i % 50),
        ]),
        src.query(`INSERT INTO \`${db}\`.items VALUES (?, 'source', 1)`, [1000 + i]),
        dst.query(`INSERT INTO \`${out}\`.items VALUES (?, 'target', 1)`, [2000 + i]),
      ]);
    }
    await src.query(`DELETE FROM \`${db}\`.items WHERE id BETWEEN 1000 AND 1009`);
    await dst.query(`DELETE FROM \`${out}\`.items WHERE id BETWEEN 2000 AND 2009`);
    await converged();
    const [count] = await rows<{ n: number }>(src, `SELECT COUNT(*) AS n FROM \`${db}\`.items`);
    expect(Number(count?.n)).toBe(100 + 30 + 30);

    // No echo: once both sides agree, neither stream has anything left to apply.
    await sleep(1_500);
    const settled = [applied(spec.name), applied(`${spec.name}.reverse`)];
    expect(settled[0]).toBeGreaterThan(0);
    expect(settled[1]).toBeGreaterThan(0);
    await sleep(2_500);
    expect([applied(spec.name), applied(`${spec.name}.reverse`)]).toEqual(settled);

    // The conflict policy: a row changed on both sides before either change crossed over ends
    // up swapped (each side takes the other's row), and verification names it.
    expect(await run.stop()).toMatchObject({ code: 'INTERRUPTED' });
    await src.query(`UPDATE \`${db}\`.items SET n = 111 WHERE id = 7`);
    await dst.query(`UPDATE \`${out}\`.items SET n = 222 WHERE id = 7`);
    run = start();
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [a] = await rows<{ n: number }>(src, `SELECT n FROM \`${db}\`.items WHERE id = 7`);
      const [b] = await rows<{ n: number }>(dst, `SELECT n FROM \`${out}\`.items WHERE id = 7`);
      if (Number(a?.n) === 222 && Number(b?.n) === 111) break;
      if (Date.now() > deadline) throw new Error(`id 7: source ${a?.n}, target ${b?.n}`);
      await sleep(200);
    }
    expect(await run.stop()).toMatchObject({ code: 'INTERRUPTED' });
    const session = await TaskSession.open(spec);
    try {
      const report = await verifyTables(session, {
        concurrency: 1,
        chunkRows: 1000,
        signal: new AbortController().signal,
      });
      expect(report.consistent).toBe(false);
      expect(report.tables[0]?.differences).toEqual([
        { kind: 'changed', key: { id: '7' }, columns: ['n'] },
      ]);
    } finally {
      await session.close();
    }
  });
});
