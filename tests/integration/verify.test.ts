import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Connection } from 'mysql2/promise';
import { Store } from '../../src/engine/store/Store.js';
import { TaskRunner } from '../../src/engine/task/TaskRunner.js';
import { TaskSession } from '../../src/engine/task/TaskSession.js';
import { parseTaskSpec } from '../../src/engine/task/TaskFile.js';
import { repairTables, verifyTables } from '../../src/engine/verify/Verifier.js';
import type { TaskSpec } from '../../src/shared/task.js';
import type { VerificationReport } from '../../src/shared/verify.js';
import {
  ALL_TYPES_COLUMNS,
  ALL_TYPES_TABLE,
  edgeRows,
  loadRows,
  randomRows,
} from '../support/dataset.js';
import { endpoint } from '../support/cutover.js';
import { admin, uniqueName } from '../support/sql.js';

const servers = inject('servers');
const BIN = fileURLToPath(new URL('../../bin/cutover.js', import.meta.url));
const run = promisify(execFile);

async function verify(task: TaskSpec): Promise<VerificationReport> {
  const session = await TaskSession.open(task);
  try {
    return await verifyTables(session, {
      concurrency: 2,
      chunkRows: task.options.chunkRows,
      signal: new AbortController().signal,
    });
  } finally {
    await session.close();
  }
}

describe('verification', () => {
  let src: Connection;
  let dst: Connection;
  const db = uniqueName('ver_src');
  const out = uniqueName('ver_dst');
  let json: Record<string, unknown>;
  let task: TaskSpec;

  beforeAll(async () => {
    src = await admin(servers.source);
    dst = await admin(servers.target);
    await src.query(`CREATE DATABASE \`${db}\``);
    await src.query(ALL_TYPES_TABLE(db, 'all_types'));
    await loadRows(src, db, 'all_types', edgeRows());
    await loadRows(src, db, 'all_types', randomRows(2000, 21));
    await src.query(`
      USE \`${db}\`;
      CREATE TABLE \`${db}\`.orders (id INT PRIMARY KEY, region VARCHAR(8), note VARCHAR(20));
      INSERT INTO \`${db}\`.orders SELECT seq, ELT(1 + seq % 2, 'eu', 'us'), 'n' FROM seq_1_to_500;
      CREATE TABLE \`${db}\`.bag (x INT, y VARCHAR(10));
      INSERT INTO \`${db}\`.bag VALUES (1, 'a'), (1, 'a'), (2, NULL);`);
    json = {
      name: uniqueName('ver'),
      source: endpoint('mysql', servers.source),
      target: endpoint('mysql', servers.target),
      objects: [
        {
          database: db,
          tables: ['*'],
          targetDatabase: out,
          rename: { orders: 'orders_eu' },
          columns: { orders: ['id', 'region'] },
          where: { orders: "region = 'eu'" },
        },
      ],
      steps: ['schema', 'full'],
      options: { chunkRows: 300 },
    };
    task = parseTaskSpec(json);
    const store = Store.open(mkdtempSync(join(tmpdir(), 'cutover-ver-')));
    try {
      await new TaskRunner(store, task).run();
    } finally {
      store.close();
    }
  }, 120_000);

  afterAll(async () => {
    await src.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await dst.query(`DROP DATABASE IF EXISTS \`${out}\``);
    await src.end();
    await dst.end();
  });

  it('finds a faithful copy consistent, for every column type, renames, subsets and filters', async () => {
    const report = await verify(task);
    expect(report.tables.map((t) => [t.source, t.differenceCount])).toEqual([
      [`${db}.all_types`, 0],
      [`${db}.bag`, 0],
      [`${db}.orders`, 0],
    ]);
    const allTypes = report.tables[0];
    expect(allTypes?.rowsSource).toBe(allTypes?.rowsTarget);
    expect(allTypes?.chunks).toBeGreaterThan(5);
    expect(report.tables[2]?.rowsSource).toBe(250);
    expect(report.consistent).toBe(true);
  });

  it('finds a changed value in every column type, and only that column', async () => {
    const copy = uniqueName('ver_types');
    const typesTask = parseTaskSpec({
      ...json,
      name: uniqueName('ver_types'),
      objects: [{ database: db, tables: ['all_types'], targetDatabase: copy }],
    });
    const store = Store.open(mkdtempSync(join(tmpdir(), 'cutover-ver-types-')));
    try {
      await new TaskRunner(store, typesTask).run();
    } finally {
      store.close();
    }
    try {
      // For each column: a row whose value differs from the next random row's, given that value.
      const planted: [string, string][] = [];
      let id = 1_000_100;
      for (const [column] of ALL_TYPES_COLUMNS) {
        const c = `\`${column}\``;
        for (; id < 1_001_900; id++) {
          const [r] = (await dst.query(
            `SELECT NOT (a.${c} <=> b.${c}) OR HEX(a.${c}) <> HEX(b.${c}) AS d
               FROM \`${copy}\`.all_types a JOIN \`${copy}\`.all_types b ON b.id = a.id + 1
              WHERE a.id = ?`,
            [id],
          )) as unknown as [{ d: number | null }[]];
          if (Number(r[0]?.d) === 1) break;
        }
        await dst.query(
          `SET SESSION sql_mode = ''; UPDATE \`${copy}\`.all_types a JOIN \`${copy}\`.all_types b
              ON b.id = a.id + 1 SET a.${c} = b.${c} WHERE a.id = ${id}`,
        );
        planted.push([String(id), column]);
        id += 2;
      }
      const report = await verify(typesTask);
      const found = (report.tables[0]?.differences ?? []).map((d) => [d.key.id, d.columns]);
      expect(found.sort()).toEqual(planted.map(([k, c]) => [k, [c]]).sort());

      // The repair writes every type back exactly.
      const session = await TaskSession.open(typesTask);
      try {
        const plans = await repairTables(session, report, true);
        expect(plans[0]?.statements).toHaveLength(planted.length);
      } finally {
        await session.close();
      }
      expect((await verify(typesTask)).consistent).toBe(true);
    } finally {
      await dst.query(`DROP DATABASE IF EXISTS \`${copy}\``);
    }
  });

  it('names every planted difference exactly, including ones the collation calls equal', async () => {
    const [first] = (await src.query(
      `SELECT MIN(id) AS id FROM \`${db}\`.all_types`,
    )) as unknown as [{ id: number }[]];
    const low = Number(first[0]?.id);
    await dst.query(`
      SET SESSION sql_mode = '';
      DELETE FROM \`${out}\`.all_types WHERE id = 1000005;
      INSERT INTO \`${out}\`.all_types (id, c_int) VALUES (999999999, 1);
      UPDATE \`${out}\`.all_types SET c_varchar = UPPER(c_varchar) WHERE id = 1000010;
      UPDATE \`${out}\`.all_types SET c_varchar = CONCAT(c_varchar, ' ') WHERE id = 1000011 AND c_varchar IS NOT NULL;
      UPDATE \`${out}\`.all_types SET c_tinytext = IF(c_tinytext IS NULL, '', NULL) WHERE id = 1000013;
      UPDATE \`${out}\`.all_types SET c_datetime6 = c_datetime6 + INTERVAL 1 MICROSECOND, c_blob = X'00' WHERE id = 1000012;
      UPDATE \`${out}\`.all_types SET c_text = NULL WHERE id = ${low} AND c_text IS NOT NULL;
      INSERT INTO \`${out}\`.bag VALUES (1, 'a');
      UPDATE \`${out}\`.orders_eu SET region = 'EU' WHERE id = 2;`);
    const report = await verify(task);
    const byTable = Object.fromEntries(report.tables.map((t) => [t.target, t]));
    const allTypes = byTable[`${out}.all_types`];
    const found = (allTypes?.differences ?? []).map((d) => [d.kind, d.key.id, d.columns]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['missing', '1000005', []],
        ['extra', '999999999', []],
        ['changed', '1000010', ['c_varchar']],
        ['changed', '1000012', ['c_datetime6', 'c_blob']],
      ]),
    );
    // 'x' and 'x ' are equal to the collation, NULL and '' never.
    const changed = (id: string) => allTypes?.differences.find((d) => d.key.id === id)?.columns;
    expect(changed('1000013')).toEqual(['c_tinytext']);
    const [v] = (await src.query(
      `SELECT c_varchar IS NULL AS n FROM \`${db}\`.all_types WHERE id = 1000011`,
    )) as unknown as [{ n: number }[]];
    if (Number(v[0]?.n) === 0) expect(changed('1000011')).toEqual(['c_varchar']);
    expect(report.consistent).toBe(false);
    expect(byTable[`${out}.bag`]?.differences.map((d) => d.kind)).toEqual(['extra']);
    expect(byTable[`${out}.orders_eu`]?.differences).toEqual([
      { kind: 'changed', key: { id: '2' }, columns: ['region'] },
    ]);

    const stateDir = mkdtempSync(join(tmpdir(), 'cutover-ver-cli-'));
    const file = join(stateDir, 'task.json');
    writeFileSync(file, JSON.stringify(json));
    const state = ['--state-dir', stateDir];
    const cli = await run(process.execPath, [BIN, 'verify', file, ...state]).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/DIFFERENT .*orders_eu.*1 difference/);
    expect(cli.stdout).toMatch(/changed id=2: region/);
    expect(cli.stdout).toMatch(/REPLACE INTO `[^`]+`\.`orders_eu` \(`id`, `region`\) VALUES \(2, /);
    expect(cli.stdout).toMatch(/--repair/);

    const repaired = await run(process.execPath, [BIN, 'verify', file, '--repair', ...state]);
    expect(repaired.stdout).toMatch(/Repair applied/);
    expect(repaired.stdout).toMatch(/All 3 tables are consistent\./);
    expect((await verify(task)).consistent).toBe(true);
    const status = await run(process.execPath, [BIN, 'status', file, ...state]);
    expect(status.stdout).toMatch(/last verification \S+: consistent, 3 tables/);
  });
});

describe('verification while incremental sync runs', () => {
  it('reports no difference that is only lag, under steady writes', async () => {
    const src = await admin(servers.source);
    const dst = await admin(servers.target);
    const db = uniqueName('verlive_src');
    const out = uniqueName('verlive_dst');
    const stateDir = mkdtempSync(join(tmpdir(), 'cutover-verlive-'));
    const file = join(stateDir, 'task.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: uniqueName('verlive'),
        source: endpoint('mysql', servers.source),
        target: endpoint('mysql', servers.target),
        objects: [{ database: db, tables: ['*'], targetDatabase: out }],
        steps: ['schema', 'full', 'incremental'],
        options: { chunkRows: 500 },
      }),
    );
    await src.query(`
      CREATE DATABASE \`${db}\`;
      USE \`${db}\`;
      CREATE TABLE t (id INT PRIMARY KEY, v INT, s VARCHAR(40));
      INSERT INTO t SELECT seq, seq, SHA1(seq) FROM seq_1_to_3000;`);
    const streaming = spawn(process.execPath, [BIN, 'run', file, '--state-dir', stateDir], {
      stdio: 'ignore',
    });
    const writer = await admin(servers.source);
    let stop = false;
    let writes = 0;
    const writing = (async () => {
      // Wait for the stream to be running before writing, then write without pause.
      for (let i = 0; i < 300; i++) {
        const [r] = (await dst.query(
          'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ?',
          [out],
        )) as unknown as [{ n: number }[]];
        if (Number(r[0]?.n) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      while (!stop) {
        writes += 1;
        const id = 1 + ((writes * 7919) % 3500);
        await writer.query(
          `INSERT INTO \`${db}\`.t VALUES (?, ?, 'w') ON DUPLICATE KEY UPDATE v = v + 1`,
          [id, writes],
        );
      }
    })();
    try {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const verified = await run(process.execPath, [BIN, 'verify', file, '--state-dir', stateDir]);
      expect(verified.stdout).toMatch(/not recorded/);
      expect(verified.stdout).toMatch(/All 1 tables are consistent\./);
      expect(writes).toBeGreaterThan(100);
    } finally {
      stop = true;
      await writing;
      streaming.kill('SIGINT');
      await new Promise((resolve) => streaming.once('exit', resolve));
      await writer.end();
      await src.query(`DROP DATABASE IF EXISTS \`${db}\``);
      await dst.query(`DROP DATABASE IF EXISTS \`${out}\``);
      await src.end();
      await dst.end();
    }
  }, 120_000);
});
