import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { judgePacket, largestRows, packetCheck } from '../../src/engine/precheck/PacketCheck.js';
import { connectionFailure, runPrecheck, summarise } from '../../src/engine/precheck/Prechecker.js';
import { TaskSession } from '../../src/engine/task/TaskSession.js';
import type { CheckResult } from '../../src/shared/precheck.js';
import type { ObjectRule, StepName, TaskSpec } from '../../src/shared/task.js';
import type { ServerAddress } from '../support/globalSetup.js';
import { admin, uniqueName } from '../support/sql.js';

const servers = inject('servers');
const ALL_STEPS: StepName[] = ['schema', 'full', 'incremental', 'verify'];

interface Login {
  server: ServerAddress;
  user: string;
  password: string;
}

const root = (server: ServerAddress): Login => ({
  server,
  user: server.user,
  password: server.password,
});

function spec(
  source: Login,
  target: Login,
  objects: ObjectRule[],
  over: Partial<Pick<TaskSpec, 'steps' | 'options'>> = {},
): TaskSpec {
  const endpoint = (l: Login) => ({
    host: l.server.host,
    port: l.server.port,
    user: l.user,
    password: l.password,
    connectTimeoutMs: 3000,
  });
  return {
    name: 'precheck-test',
    source: { kind: 'mysql', ...endpoint(source) },
    target: {
      kind: target.server === servers.obStandIn ? 'oceanbase' : 'mysql',
      ...endpoint(target),
    },
    objects,
    steps: over.steps ?? ALL_STEPS,
    options: over.options ?? {
      concurrency: 2,
      maxRowsPerSecond: 0,
      maxBytesPerSecond: 0,
      existingTables: 'fail',
      chunkRows: 20_000,
      loader: 'auto',
      convertUnsupportedCharsets: false,
      ddl: 'apply',
      applyWorkers: 4,
    },
  };
}

async function precheck(task: TaskSpec): Promise<CheckResult[]> {
  const session = await TaskSession.open(task);
  try {
    return await runPrecheck(session);
  } finally {
    await session.close();
  }
}

function result(results: CheckResult[], id: string): CheckResult {
  const found = results.find((r) => r.id === id);
  if (!found) throw new Error(`no result ${id} among ${results.map((r) => r.id).join(', ')}`);
  return found;
}

const notPassing = (results: CheckResult[]) =>
  results.filter((r) => r.status !== 'pass').map((r) => `${r.status} ${r.id}: ${r.detail}`);

describe('precheck against real servers', () => {
  let source: Connection;
  let target: Connection;
  let noBinlog: Connection;
  const db = uniqueName('pc_src');
  const targetDb = uniqueName('pc_tgt');
  const srcUser = uniqueName('u_pcs');
  const tgtUser = uniqueName('u_pct');
  const cleanup: (() => Promise<unknown>)[] = [];

  /** Registers the undo before the setup runs, so a setup that fails half-way is undone too. */
  async function setUp(conn: () => Connection, sql: string, undo: string): Promise<void> {
    cleanup.push(() => conn().query(undo));
    await conn().query(sql);
  }

  beforeAll(async () => {
    [source, target, noBinlog] = await Promise.all([
      admin(servers.source),
      admin(servers.target),
      admin(servers.noBinlog),
    ]);
    await setUp(
      () => source,
      `
      CREATE DATABASE ${db} DEFAULT CHARSET utf8mb4;
      CREATE TABLE ${db}.orders (id INT PRIMARY KEY, total DECIMAL(10,2), note VARCHAR(100));
      CREATE TABLE ${db}.items (id INT PRIMARY KEY, order_id INT NOT NULL, sku VARCHAR(20));
      INSERT INTO ${db}.orders VALUES (1, 9.50, 'first'), (2, 12.00, NULL);
      CREATE USER '${srcUser}'@'%' IDENTIFIED BY 'p';
      GRANT SELECT ON ${db}.* TO '${srcUser}'@'%';
      GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO '${srcUser}'@'%';
    `,
      `DROP DATABASE IF EXISTS ${db}; DROP USER IF EXISTS '${srcUser}'@'%'`,
    );
    await setUp(
      () => target,
      `
      CREATE USER '${tgtUser}'@'%' IDENTIFIED BY 'p';
      GRANT CREATE, ALTER, INDEX, DROP, SELECT, INSERT, UPDATE, DELETE ON ${targetDb}.* TO '${tgtUser}'@'%';
    `,
      `DROP DATABASE IF EXISTS ${targetDb}; DROP USER IF EXISTS '${tgtUser}'@'%'`,
    );
  });

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
    await Promise.all([source?.end(), target?.end(), noBinlog?.end()]);
  });

  const good = (): TaskSpec =>
    spec(
      { server: servers.source, user: srcUser, password: 'p' },
      { server: servers.target, user: tgtUser, password: 'p' },
      [{ database: db, tables: ['orders', 'items'], targetDatabase: targetDb }],
    );

  it('passes every check on a good setup', async () => {
    const results = await precheck(good());
    expect(notPassing(results)).toEqual([]);
    expect(result(results, 'source.version').detail).toContain('MariaDB 10.');
    expect(result(results, 'source.binlog.format').status).toBe('pass');
    expect(result(results, 'source.privileges').status).toBe('pass');
    expect(result(results, 'target.privileges').status).toBe('pass');
    expect(summarise(results).fail).toBe(0);
  });

  it('fails a source without a binlog, naming the my.cnf lines', async () => {
    const nbDb = uniqueName('pc_nb');
    await setUp(
      () => noBinlog,
      `CREATE DATABASE ${nbDb}; CREATE TABLE ${nbDb}.t (id INT PRIMARY KEY)`,
      `DROP DATABASE IF EXISTS ${nbDb}`,
    );
    const results = await precheck(
      spec(root(servers.noBinlog), root(servers.target), [
        { database: nbDb, tables: ['t'], targetDatabase: uniqueName('pc_nbt') },
      ]),
    );
    const r = result(results, 'source.binlog.enabled');
    expect(r.status).toBe('fail');
    expect(r.fix).toContain('binlog_format = ROW');
    expect(r.fix).toContain('restart');
    expect(results.some((x) => x.id === 'source.binlog.format')).toBe(false);
  });

  it('skips binlog checks without an incremental step', async () => {
    const task = { ...good(), steps: ['schema', 'full'] as StepName[] };
    const results = await precheck(task);
    expect(results.some((r) => r.id.startsWith('source.binlog'))).toBe(false);
  });

  it('fails a user without REPLICATION SLAVE, listing the GRANT with the real account', async () => {
    const user = uniqueName('u_pcr');
    await setUp(
      () => source,
      `
      CREATE USER '${user}'@'%' IDENTIFIED BY 'p';
      GRANT SELECT ON ${db}.* TO '${user}'@'%';
      GRANT BINLOG MONITOR ON *.* TO '${user}'@'%';
    `,
      `DROP USER IF EXISTS '${user}'@'%'`,
    );
    const task = good();
    task.source.user = user;
    const r = result(await precheck(task), 'source.privileges');
    expect(r.status).toBe('fail');
    expect(r.detail).toContain('REPLICATION SLAVE on *.*');
    expect(r.sql).toBe(`GRANT REPLICATION SLAVE ON *.* TO '${user}'@'%';`);
  });

  it('warns when a missing privilege may come from a role that is not active at login', async () => {
    const user = uniqueName('u_pcrole');
    const role = uniqueName('r_pc');
    await setUp(
      () => source,
      `
      CREATE USER '${user}'@'%' IDENTIFIED BY 'p';
      GRANT SELECT ON ${db}.* TO '${user}'@'%';
      CREATE ROLE ${role};
      GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO ${role};
      GRANT ${role} TO '${user}'@'%';
    `,
      `DROP USER IF EXISTS '${user}'@'%'; DROP ROLE IF EXISTS ${role}`,
    );
    const task = good();
    task.source.user = user;
    const inactive = result(await precheck(task), 'source.privileges');
    expect(inactive.status).toBe('warn');
    expect(inactive.detail).toContain(role);

    await source.query(`SET DEFAULT ROLE ${role} FOR '${user}'@'%'`);
    expect(result(await precheck(task), 'source.privileges').status).toBe('pass');
  });

  it('fails a target user without write privileges', async () => {
    const user = uniqueName('u_pcro');
    await setUp(
      () => target,
      `
      CREATE USER '${user}'@'%' IDENTIFIED BY 'p';
      GRANT SELECT ON ${targetDb}.* TO '${user}'@'%';
    `,
      `DROP USER IF EXISTS '${user}'@'%'`,
    );
    const task = good();
    task.target.user = user;
    const r = result(await precheck(task), 'target.privileges');
    expect(r.status).toBe('fail');
    expect(r.sql).toBe(
      `GRANT CREATE, ALTER, INDEX, DROP, INSERT, UPDATE, DELETE ON \`${targetDb.replace(/_/g, '\\_')}\`.* TO '${user}'@'%';`,
    );
  });

  describe('tables', () => {
    const tdb = uniqueName('pc_tab');
    const ttarget = uniqueName('pc_tabt');

    beforeAll(async () => {
      await setUp(
        () => source,
        `
        CREATE DATABASE ${tdb} DEFAULT CHARSET utf8mb4;
        CREATE TABLE ${tdb}.keyed (id INT PRIMARY KEY, v INT);
        CREATE TABLE ${tdb}.log (msg VARCHAR(200), at DATETIME);
        CREATE TABLE ${tdb}.filled (id INT PRIMARY KEY);
        CREATE TABLE ${tdb}.blank (id INT PRIMARY KEY);
      `,
        `DROP DATABASE IF EXISTS ${tdb}`,
      );
      await setUp(
        () => target,
        `
        CREATE DATABASE ${ttarget};
        CREATE TABLE ${ttarget}.filled (id INT PRIMARY KEY);
        INSERT INTO ${ttarget}.filled VALUES (1);
        CREATE TABLE ${ttarget}.blank (id INT PRIMARY KEY);
      `,
        `DROP DATABASE IF EXISTS ${ttarget}`,
      );
    });

    const task = (rule: Partial<ObjectRule>, existingTables: 'fail' | 'keep' = 'fail') =>
      spec(
        root(servers.source),
        root(servers.target),
        [{ database: tdb, tables: ['keyed', 'log'], targetDatabase: uniqueName('pc_x'), ...rule }],
        {
          options: {
            concurrency: 2,
            maxRowsPerSecond: 0,
            maxBytesPerSecond: 0,
            existingTables,
            chunkRows: 20_000,
            loader: 'auto',
            convertUnsupportedCharsets: false,
            ddl: 'apply',
            applyWorkers: 4,
          },
        },
      );

    it('warns about a table without a primary key, with an ALTER to add one', async () => {
      const r = result(await precheck(task({})), 'source.tables.keys');
      expect(r.status).toBe('warn');
      expect(r.objects).toEqual([`${tdb}.log`]);
      expect(r.sql).toBe(
        `ALTER TABLE \`${tdb}\`.\`log\` ADD COLUMN \`my_row_id\` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT INVISIBLE PRIMARY KEY;`,
      );
    });

    it('warns about a column subset without the key', async () => {
      const r = result(
        await precheck(task({ tables: ['keyed'], columns: { keyed: ['v'] } })),
        'source.tables.column_subset',
      );
      expect(r.status).toBe('warn');
      expect(r.detail).toContain(`${tdb}.keyed (id)`);
    });

    it('fails an invalid row filter with the server’s message, and passes a valid one', async () => {
      const bad = result(
        await precheck(task({ tables: ['keyed'], where: { keyed: 'nope > 1' } })),
        'source.tables.row_filters',
      );
      expect(bad.status).toBe('fail');
      expect(bad.detail).toContain("Unknown column 'nope'");
      expect(bad.objects).toEqual([`${tdb}.keyed`]);
      const ok = result(
        await precheck(task({ tables: ['keyed'], where: { keyed: 'v > 1' } })),
        'source.tables.row_filters',
      );
      expect(ok.status).toBe('pass');
    });

    it('fails an existing target table with rows, and only warns under "keep"', async () => {
      const rule = { tables: ['filled', 'blank'], targetDatabase: ttarget };
      const strict = result(await precheck(task(rule)), 'target.tables.existing');
      expect(strict.status).toBe('fail');
      expect(strict.detail).toContain(`with rows: ${ttarget}.filled`);
      expect(strict.detail).toContain(`empty: ${ttarget}.blank`);
      const kept = result(await precheck(task(rule, 'keep')), 'target.tables.existing');
      expect(kept.status).toBe('warn');
      expect(kept.objects).toEqual([`${ttarget}.blank`, `${ttarget}.filled`]);
    });
  });

  describe('against the OceanBase stand-in', () => {
    const cdb = uniqueName('pc_case');

    beforeAll(async () => {
      await setUp(
        () => source,
        `
        CREATE DATABASE ${cdb} DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_general_ci;
        CREATE TABLE ${cdb}.Orders (id INT PRIMARY KEY);
        CREATE TABLE ${cdb}.orders (id INT PRIMARY KEY);
        CREATE TABLE ${cdb}.items (id INT PRIMARY KEY);
      `,
        `DROP DATABASE IF EXISTS ${cdb}`,
      );
    });

    it('fails tables that differ only by case, and recognises OceanBase', async () => {
      const results = await precheck(
        spec(root(servers.source), root(servers.obStandIn), [
          { database: cdb, tables: ['*'], targetDatabase: uniqueName('pc_obt') },
        ]),
      );
      const r = result(results, 'target.names.case');
      expect(r.status).toBe('fail');
      expect(r.objects?.map((o) => o.split('.')[1])).toEqual(['Orders', 'orders']);
      const version = result(results, 'target.version');
      expect(version.status).toBe('pass');
      expect(version.detail).toContain('OceanBase 4.2.1');
    });
  });

  describe('max_allowed_packet', () => {
    const ldb = uniqueName('pc_lob');

    beforeAll(async () => {
      await setUp(
        () => source,
        `
        CREATE DATABASE ${ldb} DEFAULT CHARSET utf8mb4;
        CREATE TABLE ${ldb}.docs (id INT PRIMARY KEY, body LONGTEXT, photo MEDIUMBLOB);
        INSERT INTO ${ldb}.docs VALUES (1, REPEAT('a', 300000), REPEAT('b', 100000)),
                                       (2, REPEAT('c', 1000), NULL);
        CREATE TABLE ${ldb}.plain (id INT PRIMARY KEY, name VARCHAR(50));
        CREATE TABLE ${ldb}.big (id INT PRIMARY KEY, body LONGTEXT);
        INSERT INTO ${ldb}.big SELECT seq, REPEAT('x', 20) FROM ${ldb}.seq_1_to_100000;
      `,
        `DROP DATABASE IF EXISTS ${ldb}`,
      );
    });

    it('measures the largest row of LOB tables only, and fails a packet it does not fit', async () => {
      const session = await TaskSession.open(
        spec(root(servers.source), root(servers.target), [
          { database: ldb, tables: ['docs', 'plain'], targetDatabase: uniqueName('pc_lobt') },
        ]),
      );
      try {
        const { sizes, unmeasured } = await largestRows(session, 20_000);
        expect(unmeasured).toEqual([]);
        expect(sizes.map((s) => s.name)).toEqual([`${ldb}.docs`]);
        const docs = sizes[0]?.bytes ?? { raw: 0, text: 0 };
        expect(docs.raw).toBeGreaterThanOrEqual(400_000);
        expect(docs.raw).toBeLessThan(401_000);
        // The blob travels as hex: 300,000 + 2 × 100,000 and a little SQL around it.
        expect(docs.text).toBeGreaterThanOrEqual(500_000);
        expect(docs.text).toBeLessThan(501_000);

        const small = judgePacket(
          { role: 'target', flavor: 'oceanbase', packet: 256 * 1024 },
          sizes,
        );
        expect(small.status).toBe('fail');
        expect(small.sql).toBe(`SET GLOBAL max_allowed_packet = ${1024 * 1024};`);

        const results = await runPrecheck(session);
        expect(result(results, 'target.max_allowed_packet').status).toBe('pass');
        expect(result(results, 'source.max_allowed_packet').status).toBe('pass');
      } finally {
        await session.close();
      }
    });

    it('warns when a table cannot be measured in time', async () => {
      const session = await TaskSession.open(
        spec(root(servers.source), root(servers.target), [
          { database: ldb, tables: ['big'], targetDatabase: uniqueName('pc_bigt') },
        ]),
      );
      try {
        const results = await runPrecheck(session, [packetCheck({ measureLimitMs: 1 })]);
        const r = result(results, 'source.tables.row_size');
        expect(r.status).toBe('warn');
        expect(r.objects).toEqual([`${ldb}.big`]);
        expect(r.detail).toContain('max_statement_time');
      } finally {
        await session.close();
      }
    });
  });

  it('reports an unreachable target as a failed connection', async () => {
    const task = good();
    task.target.port = 1;
    let error: unknown;
    try {
      await TaskSession.open(task);
    } catch (e) {
      error = e;
    }
    expect(error).toBeDefined();
    const r = connectionFailure('target', error);
    expect(r).toMatchObject({ id: 'target.connection', status: 'fail' });
    expect(r.detail).toBe('Cannot connect to the target 127.0.0.1:1: the connection was refused.');
    expect(r.fix).toContain('port');
  });
});
