import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Connection } from 'mysql2/promise';
import { SchemaMigrator } from '../../src/engine/schema/SchemaMigrator.js';
import { Store } from '../../src/engine/store/Store.js';
import { TaskRunner } from '../../src/engine/task/TaskRunner.js';
import { TaskSession } from '../../src/engine/task/TaskSession.js';
import { parseTaskSpec } from '../../src/engine/task/TaskFile.js';
import type { TaskSpec } from '../../src/shared/task.js';
import type { ServerAddress } from '../support/globalSetup.js';
import { admin, rows, uniqueName } from '../support/sql.js';

const servers = inject('servers');

/** Every common MySQL column type and the edge features a schema migration must carry over. */
const SCHEMA = (db: string) => `
CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
USE \`${db}\`;
CREATE TABLE all_types (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  t_tiny TINYINT NOT NULL DEFAULT -128,
  t_tiny_u TINYINT UNSIGNED DEFAULT 255,
  t_small SMALLINT DEFAULT -32768,
  t_small_u SMALLINT UNSIGNED,
  t_medium MEDIUMINT DEFAULT 0,
  t_medium_u MEDIUMINT UNSIGNED ZEROFILL,
  t_int INT DEFAULT NULL,
  t_int_u INT UNSIGNED NOT NULL DEFAULT 4294967295,
  t_big BIGINT DEFAULT -9223372036854775808,
  t_big_u BIGINT UNSIGNED DEFAULT 18446744073709551615,
  t_dec DECIMAL(65,30) DEFAULT 1.500000000000000000000000000001,
  t_dec_small DECIMAL(5,2) UNSIGNED,
  t_float FLOAT DEFAULT 1.5,
  t_double DOUBLE NOT NULL DEFAULT -0.25,
  t_bit1 BIT(1) DEFAULT b'1',
  t_bit64 BIT(64),
  t_date DATE DEFAULT '2024-02-29',
  t_zero_date DATETIME DEFAULT '0000-00-00 00:00:00',
  t_time TIME(6) DEFAULT '-838:59:59.000000',
  t_datetime DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
  t_ts TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  t_year YEAR DEFAULT 2024,
  t_char CHAR(10) DEFAULT 'it''s',
  t_varchar VARCHAR(255) NOT NULL DEFAULT '' COMMENT 'a comment with ''quotes''',
  t_backslash VARCHAR(20) DEFAULT 'a\\\\b',
  t_tinytext TINYTEXT,
  t_text TEXT,
  t_mediumtext MEDIUMTEXT,
  t_longtext LONGTEXT,
  t_binary BINARY(16),
  t_varbinary VARBINARY(255) DEFAULT 'ab',
  t_tinyblob TINYBLOB,
  t_blob BLOB,
  t_mediumblob MEDIUMBLOB,
  t_longblob LONGBLOB,
  t_enum ENUM('a','b''c','d,e') NOT NULL DEFAULT 'b''c',
  t_set SET('x','y','z') DEFAULT 'x,z',
  t_json JSON,
  t_latin1 VARCHAR(50) CHARACTER SET latin1 COLLATE latin1_swedish_ci,
  t_utf8mb4_bin VARCHAR(50) COLLATE utf8mb4_bin,
  t_geometry GEOMETRY NOT NULL,
  t_point POINT,
  t_virtual INT AS (t_int + 1) VIRTUAL,
  t_stored VARCHAR(300) AS (LOWER(t_varchar)) STORED,
  t_invisible INT INVISIBLE DEFAULT 7,
  PRIMARY KEY (id),
  UNIQUE KEY uk_varchar (t_varchar),
  KEY idx_prefix (t_text(20), t_char),
  KEY idx_desc (t_int DESC, t_small),
  FULLTEXT KEY ft_text (t_text, t_mediumtext),
  SPATIAL KEY sp_geo (t_geometry),
  CONSTRAINT chk_positive CHECK (t_int_u >= 0)
) ENGINE=InnoDB AUTO_INCREMENT=1000 DEFAULT CHARSET=utf8mb4 COMMENT='every type';

CREATE TABLE composite (
  a INT NOT NULL,
  b VARCHAR(20) NOT NULL,
  c DATE NOT NULL,
  note VARCHAR(100),
  PRIMARY KEY (a, b, c)
) ENGINE=InnoDB DEFAULT CHARSET=latin1;

CREATE TABLE no_key (x INT, y VARCHAR(10)) ENGINE=InnoDB;

CREATE TABLE \`select\` (
  \`order\` INT NOT NULL PRIMARY KEY,
  \`the col\` VARCHAR(10),
  \`back\`\`tick\` INT
) ENGINE=InnoDB;

CREATE TABLE \`my table\` (id INT NOT NULL PRIMARY KEY) ENGINE=InnoDB;

CREATE TABLE parent (id INT NOT NULL PRIMARY KEY, code VARCHAR(10) NOT NULL, UNIQUE KEY (code));
CREATE TABLE child (
  id INT NOT NULL PRIMARY KEY,
  parent_id INT,
  parent_code VARCHAR(10),
  KEY (parent_id),
  CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE,
  CONSTRAINT fk_code FOREIGN KEY (parent_code) REFERENCES parent (code) ON UPDATE SET NULL
);

CREATE TABLE parted (
  id INT NOT NULL,
  created DATE NOT NULL,
  PRIMARY KEY (id, created)
) PARTITION BY RANGE (YEAR(created)) (
  PARTITION p2023 VALUES LESS THAN (2024),
  PARTITION p2024 VALUES LESS THAN (2025),
  PARTITION pmax VALUES LESS THAN MAXVALUE
);

CREATE VIEW v_parent AS SELECT id, code FROM parent WHERE id > 0;
`;

function task(
  name: string,
  source: ServerAddress,
  target: ServerAddress,
  over: Partial<TaskSpec> = {},
): TaskSpec {
  return parseTaskSpec({
    name,
    source: {
      kind: 'mysql',
      host: source.host,
      port: source.port,
      user: source.user,
      password: source.password,
    },
    target: {
      kind: 'mysql',
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
    },
    objects: [],
    steps: ['schema'],
    ...over,
  });
}

async function showCreate(conn: Connection, db: string, table: string): Promise<string> {
  const r = await rows<Record<string, string>>(
    conn,
    `SHOW CREATE TABLE \`${db}\`.\`${table.replace(/`/g, '``')}\``,
  );
  const text = r[0]?.['Create Table'] ?? '';
  // The AUTO_INCREMENT counter is data, not definition: it moves as rows arrive.
  return text.replace(/ AUTO_INCREMENT=\d+/, '');
}

const COLUMN_FIELDS = `COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA,
  GENERATION_EXPRESSION, CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_COMMENT`;

describe('schema migration to a MySQL-compatible target', () => {
  let src: Connection;
  let dst: Connection;
  let stateDir: string;
  const db = uniqueName('schema_src');
  const spec = () =>
    task(uniqueName('schema-task'), servers.source, servers.target, {
      objects: [{ database: db, tables: ['*'] }],
    } as Partial<TaskSpec>);
  let theTask: TaskSpec;

  beforeAll(async () => {
    src = await admin(servers.source);
    dst = await admin(servers.target);
    await src.query(SCHEMA(db));
    stateDir = mkdtempSync(join(tmpdir(), 'cutover-schema-state-'));
    theTask = spec();
    const store = Store.open(stateDir);
    try {
      const outcome = await new TaskRunner(store, theTask).run({ until: 'schema-done' });
      expect(outcome).toBe('reached-until');
    } finally {
      store.close();
    }
  });

  afterAll(async () => {
    await src.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await dst.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await src.end();
    await dst.end();
  });

  it('creates every table with the same column definitions', async () => {
    const tables = await rows<{ TABLE_NAME: string }>(
      src,
      `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1`,
      [db],
    );
    expect(tables.length).toBe(8);
    for (const { TABLE_NAME } of tables) {
      const q = `SELECT ${COLUMN_FIELDS} FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`;
      const a = await rows(src, q, [db, TABLE_NAME]);
      const b = await rows(dst, q, [db, TABLE_NAME]);
      expect(b, `columns of ${TABLE_NAME}`).toEqual(a);
    }
  });

  it('creates the same indexes, checks, partitions and table options (SHOW CREATE TABLE matches, foreign keys aside)', async () => {
    for (const table of [
      'all_types',
      'composite',
      'no_key',
      'select',
      'my table',
      'parent',
      'parted',
    ]) {
      expect(await showCreate(dst, db, table), table).toBe(await showCreate(src, db, table));
    }
    const child = await showCreate(dst, db, 'child');
    expect(child).not.toContain('FOREIGN KEY');
  });

  it('keeps the AUTO_INCREMENT start value', async () => {
    const [t] = await rows<{ AUTO_INCREMENT: string }>(
      dst,
      `SELECT AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'all_types'`,
      [db],
    );
    expect(Number(t?.AUTO_INCREMENT)).toBe(1000);
  });

  it('creates the view, and foreign keys in the after-full phase', async () => {
    const views = await rows(
      dst,
      `SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?`,
      [db],
    );
    expect(views).toEqual([{ TABLE_NAME: 'v_parent' }]);

    const session = await TaskSession.open(theTask);
    try {
      const recorded = new Map<string, string>();
      const migrator = new SchemaMigrator(session.target, {
        recorded: (kind, object) => (recorded.get(`${kind}:${object}`) as never) ?? null,
        record: (e) => recorded.set(`${e.kind}:${e.object}`, e.state),
      });
      await migrator.migrate(session.plan, {
        phase: 'after-full',
        existingTables: 'keep',
        sqlMode: session.source.info.sqlMode,
      });
    } finally {
      await session.close();
    }
    expect(await showCreate(dst, db, 'child')).toBe(await showCreate(src, db, 'child'));
  });

  it('records every created object, and a second run creates nothing twice', async () => {
    const store = Store.open(stateDir);
    try {
      const outcome = await new TaskRunner(store, theTask).run({ until: 'schema-done' });
      expect(outcome).toBe('reached-until');
      const objects = store.db.prepare(`SELECT kind, state FROM schema_objects`).all() as {
        kind: string;
        state: string;
      }[];
      expect(objects.filter((o) => o.kind === 'table' && o.state === 'created').length).toBe(8);
    } finally {
      store.close();
    }
  });
});

describe('schema migration with renames and column subsets', () => {
  let src: Connection;
  let dst: Connection;
  const db = uniqueName('rename_src');
  const targetDb = uniqueName('rename_dst');

  beforeAll(async () => {
    src = await admin(servers.source);
    dst = await admin(servers.target);
    await src.query(`
      CREATE DATABASE \`${db}\`;
      CREATE TABLE \`${db}\`.orders (id INT PRIMARY KEY, customer VARCHAR(20), total DECIMAL(10,2), secret VARCHAR(10), KEY k_secret (secret), KEY k_cust (customer));
      CREATE TABLE \`${db}\`.users (id INT PRIMARY KEY, email VARCHAR(100));
      CREATE TABLE \`${db}\`.audit (id INT PRIMARY KEY);
      CREATE VIEW \`${db}\`.big_orders AS SELECT id, total FROM \`${db}\`.orders WHERE total > 100;`);
  });

  afterAll(async () => {
    await src.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await dst.query(`DROP DATABASE IF EXISTS \`${targetDb}\``);
    await src.end();
    await dst.end();
  });

  it('creates renamed tables in the target database with only the chosen columns', async () => {
    const spec = task(uniqueName('rename-task'), servers.source, servers.target, {
      objects: [
        {
          database: db,
          tables: ['orders', 'users'],
          targetDatabase: targetDb,
          rename: { orders: 'orders_2024' },
          columns: { orders: ['id', 'customer', 'total'] },
        },
      ],
    } as Partial<TaskSpec>);
    const store = Store.open(mkdtempSync(join(tmpdir(), 'cutover-rename-state-')));
    try {
      await new TaskRunner(store, spec).run({ until: 'schema-done' });
    } finally {
      store.close();
    }
    const tables = await rows<{ TABLE_NAME: string }>(
      dst,
      `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1`,
      [targetDb],
    );
    expect(tables.map((t) => t.TABLE_NAME)).toEqual(['big_orders', 'orders_2024', 'users']);
    // The view was rewritten to read the renamed table in the target database.
    await dst.query(
      `INSERT INTO \`${targetDb}\`.orders_2024 VALUES (1, 'a', 150.00), (2, 'b', 5.00)`,
    );
    const big = await rows(dst, `SELECT id FROM \`${targetDb}\`.big_orders`);
    expect(big).toEqual([{ id: 1 }]);
    const cols = await rows<{ COLUMN_NAME: string }>(
      dst,
      `SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'orders_2024' ORDER BY ORDINAL_POSITION`,
      [targetDb],
    );
    expect(cols.map((c) => c.COLUMN_NAME)).toEqual(['id', 'customer', 'total']);
    const idx = await rows<{ INDEX_NAME: string }>(
      dst,
      `SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'orders_2024' ORDER BY 1`,
      [targetDb],
    );
    expect(idx.map((i) => i.INDEX_NAME)).toEqual(['k_cust', 'PRIMARY']);
  });

  it('refuses to touch a target table that already exists, creating nothing', async () => {
    const db2 = uniqueName('exists_dst');
    await dst.query(
      `CREATE DATABASE \`${db2}\`; CREATE TABLE \`${db2}\`.users (id INT PRIMARY KEY)`,
    );
    const spec = task(uniqueName('exists-task'), servers.source, servers.target, {
      objects: [{ database: db, tables: ['*'], targetDatabase: db2 }],
    } as Partial<TaskSpec>);
    const store = Store.open(mkdtempSync(join(tmpdir(), 'cutover-exists-state-')));
    try {
      // The runner's precheck stops first, naming the table …
      await expect(new TaskRunner(store, spec).run({ until: 'schema-done' })).rejects.toMatchObject(
        { code: 'PRECHECK_FAILED', message: expect.stringContaining(`${db2}.users`) },
      );
      // … and the migrator itself refuses before creating anything, whoever calls it.
      const session = await TaskSession.open(spec);
      try {
        const migrator = new SchemaMigrator(session.target, {
          recorded: () => null,
          record: () => {},
        });
        await expect(
          migrator.migrate(session.plan, {
            phase: 'schema',
            existingTables: 'fail',
            sqlMode: session.source.info.sqlMode,
          }),
        ).rejects.toMatchObject({ code: 'TARGET_TABLE_EXISTS' });
      } finally {
        await session.close();
      }
    } finally {
      store.close();
      const left = await rows<{ TABLE_NAME: string }>(
        dst,
        `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?`,
        [db2],
      );
      expect(left.map((t) => t.TABLE_NAME)).toEqual(['users']);
      await dst.query(`DROP DATABASE \`${db2}\``);
    }
  });
});

describe('schema migration to the OceanBase stand-in', () => {
  let src: Connection;
  let ob: Connection;
  const db = uniqueName('ob_src');

  beforeAll(async () => {
    src = await admin(servers.source);
    ob = await admin(servers.obStandIn);
    await src.query(`
      CREATE DATABASE \`${db}\`;
      CREATE TABLE \`${db}\`.Orders (
        id INT PRIMARY KEY,
        name VARCHAR(20) CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci,
        body TEXT,
        FULLTEXT KEY ft_body (body)
      ) ENGINE=InnoDB ROW_FORMAT=COMPACT;`);
  });

  afterAll(async () => {
    await src.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await ob.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await src.end();
    await ob.end();
  });

  it('applies the OceanBase rules and reports each change before creating', async () => {
    const spec = parseTaskSpec({
      name: uniqueName('ob-task'),
      source: {
        kind: 'mysql',
        host: servers.source.host,
        port: servers.source.port,
        user: 'root',
        password: '',
      },
      target: {
        kind: 'oceanbase',
        host: servers.obStandIn.host,
        port: servers.obStandIn.port,
        user: 'root',
        password: '',
      },
      objects: [{ database: db, tables: ['*'] }],
      steps: ['schema'],
    });
    const session = await TaskSession.open(spec);
    let rules: string[];
    try {
      expect(session.target.info.flavor).toBe('oceanbase');
      rules = session.plan.changes.map((c) => c.rule);
    } finally {
      await session.close();
    }
    expect(rules.some((r) => /charset|utf8/i.test(r))).toBe(true);
    expect(rules.some((r) => /fulltext/i.test(r))).toBe(true);

    const store = Store.open(mkdtempSync(join(tmpdir(), 'cutover-ob-state-')));
    try {
      await new TaskRunner(store, spec).run({ until: 'schema-done' });
    } finally {
      store.close();
    }
    // lower_case_table_names=1 on the target folds the name, as OceanBase does by default.
    const cols = await rows<{
      TABLE_NAME: string;
      COLUMN_NAME: string;
      CHARACTER_SET_NAME: string | null;
    }>(
      ob,
      `SELECT TABLE_NAME, COLUMN_NAME, CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY ORDINAL_POSITION`,
      [db],
    );
    expect(cols.map((c) => c.TABLE_NAME)).toEqual(['orders', 'orders', 'orders']);
    expect(cols.find((c) => c.COLUMN_NAME === 'name')?.CHARACTER_SET_NAME).toBe('utf8mb4');
    const ft = await rows(
      ob,
      `SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND INDEX_TYPE = 'FULLTEXT'`,
      [db],
    );
    expect(ft).toEqual([]);
  });
});
