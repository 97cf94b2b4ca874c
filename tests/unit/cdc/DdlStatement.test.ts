import { describe, expect, it } from 'vitest';
import {
  parseDdl,
  rewriteTables,
  splitDropTable,
  type DdlStatement,
  type TableRef,
} from '../../../src/engine/cdc/DdlStatement.js';

/** Each mention as [role, 'db.table', the text its offsets cover]. */
const mentions = (stmt: DdlStatement): [string, string, string][] =>
  stmt.mentions.map((m) => [
    m.role,
    `${m.ref.database}.${m.ref.table}`,
    stmt.sql.slice(m.start, m.end),
  ]);

const kind = (sql: string): string => parseDdl(sql, 'shop').kind;

describe('parseDdl: kinds', () => {
  it('classifies plain CREATE TABLE, with IF NOT EXISTS and MariaDB OR REPLACE', () => {
    const s = parseDdl('CREATE TABLE orders (id int PRIMARY KEY, note text)', 'shop');
    expect(s.kind).toBe('create-table');
    expect(mentions(s)).toEqual([['subject', 'shop.orders', 'orders']]);
    expect(s.ifNotExists).toBe(false);

    const ine = parseDdl('create table if not exists `shop`.`Orders` (id int)', null);
    expect(ine.kind).toBe('create-table');
    expect(ine.ifNotExists).toBe(true);
    expect(mentions(ine)).toEqual([['subject', 'shop.Orders', '`shop`.`Orders`']]);

    expect(kind('CREATE OR REPLACE TABLE t (a int)')).toBe('create-table');
  });

  it('classifies CREATE TABLE ... LIKE, bare and in parentheses', () => {
    const s = parseDdl('CREATE TABLE t2 LIKE other.t1', 'shop');
    expect(s.kind).toBe('create-table-like');
    expect(mentions(s)).toEqual([
      ['subject', 'shop.t2', 't2'],
      ['source', 'other.t1', 'other.t1'],
    ]);
    expect(mentions(parseDdl('CREATE TABLE t2 (LIKE t1)', 'shop'))).toEqual([
      ['subject', 'shop.t2', 't2'],
      ['source', 'shop.t1', 't1'],
    ]);
  });

  it('classifies ALTER TABLE with its modifiers and MariaDB IF EXISTS', () => {
    const s = parseDdl('ALTER ONLINE IGNORE TABLE t ADD COLUMN c int, DROP INDEX i', 'shop');
    expect(s.kind).toBe('alter-table');
    expect(mentions(s)).toEqual([['subject', 'shop.t', 't']]);
    expect(s.renames).toEqual([]);
    expect(s.ifExists).toBe(false);

    const ie = parseDdl('ALTER TABLE IF EXISTS t ADD c int', 'shop');
    expect(ie.kind).toBe('alter-table');
    expect(ie.ifExists).toBe(true);
    expect(mentions(ie)).toEqual([['subject', 'shop.t', 't']]);
  });

  it('classifies TRUNCATE with and without TABLE', () => {
    expect(mentions(parseDdl('TRUNCATE TABLE db.t', 'shop'))).toEqual([
      ['subject', 'db.t', 'db.t'],
    ]);
    const bare = parseDdl('truncate t', 'shop');
    expect(bare.kind).toBe('truncate');
    expect(mentions(bare)).toEqual([['subject', 'shop.t', 't']]);
  });

  it('classifies CREATE INDEX in its forms and DROP INDEX', () => {
    for (const sql of [
      'CREATE INDEX i ON t (a)',
      'CREATE UNIQUE INDEX i USING BTREE ON t (a, b)',
      'create fulltext index i on t (body)',
      'CREATE SPATIAL INDEX i ON t (g)',
    ]) {
      const s = parseDdl(sql, 'shop');
      expect(s.kind, sql).toBe('create-index');
      expect(mentions(s), sql).toEqual([['subject', 'shop.t', 't']]);
    }
    const ine = parseDdl('CREATE INDEX IF NOT EXISTS i ON t (a)', 'shop');
    expect(ine.kind).toBe('create-index');
    expect(ine.ifNotExists).toBe(true);

    const drop = parseDdl('DROP INDEX `PRIMARY` ON `shop`.`t` ALGORITHM=INPLACE', null);
    expect(drop.kind).toBe('drop-index');
    expect(mentions(drop)).toEqual([['subject', 'shop.t', '`shop`.`t`']]);
    const dropIe = parseDdl('DROP INDEX IF EXISTS i ON t', 'shop');
    expect(dropIe.kind).toBe('drop-index');
    expect(dropIe.ifExists).toBe(true);
  });

  it('classifies transaction control', () => {
    for (const sql of [
      'BEGIN',
      'begin work',
      'COMMIT',
      'ROLLBACK',
      'ROLLBACK TO SAVEPOINT s1',
      'SAVEPOINT s1',
      'RELEASE SAVEPOINT s1',
      'START TRANSACTION',
      "XA START 'x'",
      "XA END 'x'",
      "XA PREPARE 'x'",
      "XA COMMIT 'x'",
    ]) {
      const s = parseDdl(sql, 'shop');
      expect(s.kind, sql).toBe('transaction');
      expect(s.mentions, sql).toEqual([]);
    }
    expect(kind('BEGIN NOT ATOMIC SELECT 1; END')).toBe('other');
  });

  it('ignores statements that never touch replicated tables', () => {
    for (const sql of [
      'CREATE DATABASE shop2',
      'CREATE SCHEMA IF NOT EXISTS shop2',
      'DROP DATABASE shop2',
      'ALTER DATABASE shop CHARACTER SET utf8mb4',
      "CREATE USER 'u'@'%' IDENTIFIED BY 'p'",
      "ALTER USER 'u'@'%' ACCOUNT LOCK",
      "DROP USER 'u'@'%'",
      "RENAME USER 'u'@'%' TO 'v'@'%'",
      "GRANT SELECT ON shop.* TO 'u'@'%'",
      "REVOKE ALL ON shop.t FROM 'u'@'%'",
      'FLUSH PRIVILEGES',
      'SET @a = 1',
      "SET PASSWORD FOR 'u'@'%' = 'x'",
      'ANALYZE TABLE t',
      'OPTIMIZE TABLE t, u',
      'REPAIR TABLE t',
      'CREATE TEMPORARY TABLE tmp (a int)',
      'CREATE TEMPORARY TABLE tmp SELECT * FROM t',
      'CREATE OR REPLACE TEMPORARY TABLE tmp (a int)',
      'DROP TEMPORARY TABLE IF EXISTS tmp',
      'CREATE VIEW v AS SELECT * FROM t',
      'CREATE OR REPLACE VIEW v AS SELECT * FROM t',
      'CREATE ALGORITHM=MERGE DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW v AS SELECT 1',
      'ALTER VIEW v AS SELECT 2',
      'DROP VIEW IF EXISTS v',
      'CREATE DEFINER=`root`@`%` TRIGGER trg BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1',
      'DROP TRIGGER trg',
      'CREATE PROCEDURE p() BEGIN SELECT 1; END',
      'DROP PROCEDURE IF EXISTS p',
      'CREATE FUNCTION f() RETURNS int RETURN 1',
      'ALTER FUNCTION f COMMENT "x"',
      'DROP FUNCTION f',
      'CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM t',
      'ALTER EVENT e DISABLE',
      'DROP EVENT e',
    ]) {
      const s = parseDdl(sql, 'shop');
      expect(s.kind, sql).toBe('ignored');
      expect(s.mentions, sql).toEqual([]);
    }
  });

  it("ignores MySQL's DROP /*!40005 TEMPORARY */ TABLE written when a session ends", () => {
    expect(kind('DROP /*!40005 TEMPORARY */ TABLE IF EXISTS `tmp`')).toBe('ignored');
  });

  it('calls anything else other, keeping the tables written and read by statement-format DML', () => {
    expect(mentions(parseDdl('INSERT INTO t (a) SELECT a FROM s WHERE b > 1', 'shop'))).toEqual([
      ['subject', 'shop.t', 't'],
      ['source', 'shop.s', 's'],
    ]);
    expect(mentions(parseDdl("REPLACE LOW_PRIORITY INTO db.t VALUES (1, 'x')", 'shop'))).toEqual([
      ['subject', 'db.t', 'db.t'],
    ]);
    const upd = parseDdl('UPDATE t SET a = (SELECT MAX(b) FROM u) WHERE id = 1', 'shop');
    expect(upd.kind).toBe('other');
    expect(mentions(upd)).toEqual([
      ['subject', 'shop.t', 't'],
      ['source', 'shop.u', 'u'],
    ]);
    expect(mentions(parseDdl('DELETE QUICK FROM t WHERE id IN (SELECT id FROM u)', 's'))).toEqual([
      ['subject', 's.t', 't'],
      ['source', 's.u', 'u'],
    ]);
    expect(kind('CALL p()')).toBe('other');
    expect(kind('CREATE SEQUENCE s')).toBe('other');
    expect(parseDdl('CREATE SEQUENCE s', 'shop').mentions).toEqual([]);
  });

  it('finds the tables of a query without taking functions, aliases or CTEs for tables', () => {
    const s = parseDdl(
      'INSERT INTO t WITH c AS (SELECT a FROM s1) ' +
        'SELECT EXTRACT(YEAR FROM d), TRIM(LEADING 0 FROM e) FROM c JOIN s2 x ON c.a = x.a, ' +
        "s3 AS y, JSON_TABLE('[]', '$[*]' COLUMNS (k int PATH '$')) j, DUAL " +
        'WHERE 1 ORDER BY a, b ON DUPLICATE KEY UPDATE a = 1, b = 2',
      'shop',
    );
    expect(mentions(s)).toEqual([
      ['subject', 'shop.t', 't'],
      ['source', 'shop.s1', 's1'],
      ['source', 'shop.s2', 's2'],
      ['source', 'shop.s3', 's3'],
    ]);
  });
});

describe('parseDdl: names', () => {
  it('resolves unqualified names against the default database and keeps case', () => {
    expect(mentions(parseDdl('ALTER TABLE MyTable ADD c int', 'MyDb'))).toEqual([
      ['subject', 'MyDb.MyTable', 'MyTable'],
    ]);
  });

  it('reads qualified names, quoted or bare, with spaces around the dot', () => {
    const s = parseDdl('DROP TABLE `a db`.`t 1`, db . t2, `db`.t3', 'shop');
    expect(mentions(s)).toEqual([
      ['subject', 'a db.t 1', '`a db`.`t 1`'],
      ['subject', 'db.t2', 'db . t2'],
      ['subject', 'db.t3', '`db`.t3'],
    ]);
  });

  it('unescapes doubled backquotes and accepts $, digits and non-ASCII in bare names', () => {
    expect(mentions(parseDdl('TRUNCATE `we``ird`', 'shop'))).toEqual([
      ['subject', 'shop.we`ird', '`we``ird`'],
    ]);
    expect(mentions(parseDdl('TRUNCATE TABLE 2024_$tbl', 'shop'))).toEqual([
      ['subject', 'shop.2024_$tbl', '2024_$tbl'],
    ]);
    expect(mentions(parseDdl('TRUNCATE TABLE données.été', 'shop'))).toEqual([
      ['subject', 'données.été', 'données.été'],
    ]);
  });

  it('gives unqualified names database "" when the event has no default database', () => {
    const s = parseDdl('TRUNCATE t', null);
    expect(s.defaultDatabase).toBeNull();
    expect(s.mentions[0]?.ref).toEqual({ database: '', table: 't' });
  });

  it('never takes a backquoted keyword for a keyword', () => {
    const s = parseDdl('CREATE TABLE `select` (`table` int, `from` int)', 'shop');
    expect(s.kind).toBe('create-table');
    expect(mentions(s)).toEqual([['subject', 'shop.select', '`select`']]);
  });
});

describe('parseDdl: comments and version comments', () => {
  it('skips comments before the keyword and between tokens', () => {
    const sql = '/* leading */ -- line\n# hash\n  DROP /* x */ TABLE -- y\n IF EXISTS t';
    const s = parseDdl(sql, 'shop');
    expect(s.kind).toBe('drop-table');
    expect(s.ifExists).toBe(true);
    expect(mentions(s)).toEqual([['subject', 'shop.t', 't']]);
  });

  it('does not read names inside plain comments', () => {
    const s = parseDdl('DROP TABLE /* old, junk */ t -- , u\n', 'shop');
    expect(mentions(s)).toEqual([['subject', 'shop.t', 't']]);
  });

  it('takes -- as a comment only when whitespace follows', () => {
    const s = parseDdl('CREATE TABLE t (a int DEFAULT 1--1) SELECT 1', 'shop');
    expect(s.kind).toBe('create-table-select');
  });

  it('reads version comments as live SQL, with offsets into the original text', () => {
    const sql = '/*!40000 ALTER TABLE `t` DISABLE KEYS */';
    const s = parseDdl(sql, 'shop');
    expect(s.kind).toBe('alter-table');
    expect(mentions(s)).toEqual([['subject', 'shop.t', '`t`']]);
    expect(s.mentions[0]?.start).toBe(sql.indexOf('`t`'));

    const maria = parseDdl('CREATE TABLE /*M!100100 IF NOT EXISTS */ t (a int)', 'shop');
    expect(maria.ifNotExists).toBe(true);
    expect(mentions(maria)).toEqual([['subject', 'shop.t', 't']]);

    const part = parseDdl(
      'CREATE TABLE t (a int) ' +
        '/*!50100 PARTITION BY RANGE (a) (PARTITION p0 VALUES LESS THAN (10)) */',
      'shop',
    );
    expect(part.kind).toBe('create-table');
  });

  it('sees a version comment close only its own opener', () => {
    const s = parseDdl('/*!50001 DROP TABLE a, /* plain */ b */', 'shop');
    expect(mentions(s).map((m) => m[2])).toEqual(['a', 'b']);
  });

  it("handles MariaDB's DROP TABLE `t` /* generated by server */", () => {
    const s = parseDdl('DROP TABLE `t` /* generated by server */', 'shop');
    expect(s.kind).toBe('drop-table');
    expect(s.ifExists).toBe(false);
    expect(mentions(s)).toEqual([['subject', 'shop.t', '`t`']]);
    const ie = parseDdl(
      'DROP TABLE IF EXISTS `shop`.`t1`,`shop`.`t2` /* generated by server */',
      null,
    );
    expect(ie.ifExists).toBe(true);
    expect(mentions(ie).map((m) => m[1])).toEqual(['shop.t1', 'shop.t2']);
  });

  it("runs the statement inside MariaDB's SET STATEMENT ... FOR", () => {
    const s = parseDdl('SET STATEMENT lock_wait_timeout = 5 FOR ALTER TABLE t ADD c int', 'shop');
    expect(s.kind).toBe('alter-table');
    expect(mentions(s)).toEqual([['subject', 'shop.t', 't']]);
  });
});

describe('parseDdl: CREATE TABLE ... SELECT', () => {
  it('detects every CTAS form and records the tables read', () => {
    for (const sql of [
      'CREATE TABLE t SELECT * FROM s',
      'CREATE TABLE t AS SELECT * FROM s',
      'CREATE TABLE t (a int) SELECT a FROM s',
      'CREATE TABLE t (a int) ENGINE=InnoDB AS SELECT a FROM s',
      'CREATE TABLE t IGNORE SELECT * FROM s',
      'CREATE TABLE t (SELECT * FROM s)',
      'CREATE TABLE t AS (SELECT * FROM s)',
      'CREATE TABLE t WITH c AS (SELECT * FROM s) SELECT * FROM c',
      'CREATE TABLE IF NOT EXISTS t TABLE s',
      'create table t /*!50100 select * from s */',
    ]) {
      const s = parseDdl(sql, 'shop');
      expect(s.kind, sql).toBe('create-table-select');
      expect(mentions(s), sql).toEqual([
        ['subject', 'shop.t', 't'],
        ['source', 'shop.s', 's'],
      ]);
    }
  });

  it('records joined and subquery tables of a CTAS', () => {
    const s = parseDdl(
      'CREATE TABLE t AS SELECT a FROM s1 JOIN db.s2 ON s1.id = s2.id, s3 ' +
        'WHERE x IN (SELECT 1 FROM s4)',
      'shop',
    );
    expect(mentions(s).map((m) => m[1])).toEqual([
      'shop.t',
      'shop.s1',
      'db.s2',
      'shop.s3',
      'shop.s4',
    ]);
  });

  it('is not fooled by look-alikes', () => {
    for (const sql of [
      'CREATE TABLE t (select_x int, selected int)',
      "CREATE TABLE t (a varchar(20) DEFAULT 'select') COMMENT = 'AS SELECT * FROM s'",
      'CREATE TABLE t (`select` int, b int AS (a + 1))',
      'CREATE TABLE t (a int) /* AS SELECT 1 */',
      'CREATE TABLE t (a int) -- SELECT 1\n',
      'CREATE TABLE t (a int) WITH SYSTEM VERSIONING',
      // How MySQL 8.0.21+ logs an atomic CTAS in row format: the definition, then row events.
      'CREATE TABLE t (\n  `a` int DEFAULT NULL\n) ENGINE=InnoDB START TRANSACTION',
      'CREATE TABLE t (a int) PARTITION BY LIST (a) (PARTITION p VALUES IN (1, 2))',
      "CREATE TABLE t (a int CHECK (a > 0)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT 'select'",
    ]) {
      const s = parseDdl(sql, 'shop');
      expect(s.kind, sql).toBe('create-table');
      expect(mentions(s), sql).toEqual([['subject', 'shop.t', 't']]);
    }
  });
});

describe('parseDdl: foreign keys and other referenced tables', () => {
  it('records REFERENCES in CREATE TABLE as references, in order', () => {
    const s = parseDdl(
      'CREATE TABLE child (id int, pid int, oid int, ' +
        'CONSTRAINT fk1 FOREIGN KEY (pid) REFERENCES parent (id) ON DELETE CASCADE, ' +
        'FOREIGN KEY (oid) REFERENCES `other`.`owner`(id))',
      'shop',
    );
    expect(s.kind).toBe('create-table');
    expect(mentions(s)).toEqual([
      ['subject', 'shop.child', 'child'],
      ['reference', 'shop.parent', 'parent'],
      ['reference', 'other.owner', '`other`.`owner`'],
    ]);
  });

  it('records REFERENCES in ALTER TABLE ADD FOREIGN KEY', () => {
    const s = parseDdl(
      'ALTER TABLE child ADD CONSTRAINT fk FOREIGN KEY (pid) REFERENCES parent(id)',
      'shop',
    );
    expect(mentions(s)).toEqual([
      ['subject', 'shop.child', 'child'],
      ['reference', 'shop.parent', 'parent'],
    ]);
  });

  it('records the other table of EXCHANGE PARTITION and MERGE UNION', () => {
    expect(mentions(parseDdl('ALTER TABLE t EXCHANGE PARTITION p0 WITH TABLE t_old', 's'))).toEqual(
      [
        ['subject', 's.t', 't'],
        ['reference', 's.t_old', 't_old'],
      ],
    );
    expect(
      mentions(
        parseDdl('CREATE TABLE m (a int) ENGINE=MERGE UNION=(m1, db.m2) INSERT_METHOD=LAST', 's'),
      ),
    ).toEqual([
      ['subject', 's.m', 'm'],
      ['reference', 's.m1', 'm1'],
      ['reference', 'db.m2', 'db.m2'],
    ]);
  });
});

describe('parseDdl: renames', () => {
  it('reads a multi-table RENAME TABLE', () => {
    const s = parseDdl('RENAME TABLE a TO b, db1.c TO `db2`.`d`, e TO f', 'shop');
    expect(s.kind).toBe('rename-table');
    expect(mentions(s)).toEqual([
      ['rename-from', 'shop.a', 'a'],
      ['rename-to', 'shop.b', 'b'],
      ['rename-from', 'db1.c', 'db1.c'],
      ['rename-to', 'db2.d', '`db2`.`d`'],
      ['rename-from', 'shop.e', 'e'],
      ['rename-to', 'shop.f', 'f'],
    ]);
    expect(s.renames).toEqual([
      { from: { database: 'shop', table: 'a' }, to: { database: 'shop', table: 'b' } },
      { from: { database: 'db1', table: 'c' }, to: { database: 'db2', table: 'd' } },
      { from: { database: 'shop', table: 'e' }, to: { database: 'shop', table: 'f' } },
    ]);
  });

  it("reads MariaDB's RENAME TABLE IF EXISTS ... WAIT n", () => {
    const s = parseDdl('RENAME TABLES IF EXISTS a WAIT 5 TO b', 'shop');
    expect(s.kind).toBe('rename-table');
    expect(s.ifExists).toBe(true);
    expect(s.renames).toEqual([
      { from: { database: 'shop', table: 'a' }, to: { database: 'shop', table: 'b' } },
    ]);
  });

  it('treats ALTER TABLE ... RENAME [TO|AS] as a table rename', () => {
    for (const sql of [
      'ALTER TABLE t RENAME TO u',
      'ALTER TABLE t RENAME u',
      'alter table t rename as u',
      'ALTER TABLE t ADD c int, RENAME TO u',
    ]) {
      const s = parseDdl(sql, 'shop');
      expect(s.kind, sql).toBe('alter-table');
      expect(mentions(s), sql).toEqual([
        ['subject', 'shop.t', 't'],
        ['rename-to', 'shop.u', 'u'],
      ]);
      expect(s.renames, sql).toEqual([
        { from: { database: 'shop', table: 't' }, to: { database: 'shop', table: 'u' } },
      ]);
    }
    const moved = parseDdl('ALTER TABLE a.t RENAME TO `b`.`t`', null);
    expect(moved.renames).toEqual([
      { from: { database: 'a', table: 't' }, to: { database: 'b', table: 't' } },
    ]);
  });

  it('does not take RENAME COLUMN/INDEX/KEY for a table rename', () => {
    const s = parseDdl(
      'ALTER TABLE t RENAME COLUMN a TO b, RENAME INDEX i TO j, RENAME KEY k TO l',
      'shop',
    );
    for (const sql of [
      'ALTER TABLE t ADD COLUMN rename_to int',
      "ALTER TABLE t COMMENT 'RENAME TO u'",
      'ALTER TABLE t /* RENAME TO u */ ENGINE=InnoDB',
    ]) {
      expect(parseDdl(sql, 'shop').renames, sql).toEqual([]);
    }
    expect(s.kind).toBe('alter-table');
    expect(mentions(s)).toEqual([['subject', 'shop.t', 't']]);
    expect(s.renames).toEqual([]);
  });

  it('calls a broken RENAME TABLE other, keeping the names it read but no renames', () => {
    const s = parseDdl('RENAME TABLE a TO', 'shop');
    expect(s.kind).toBe('other');
    expect(s.renames).toEqual([]);
    expect(mentions(s)).toEqual([['rename-from', 'shop.a', 'a']]);
  });
});

describe('parseDdl: odd input', () => {
  it('never throws and calls unknown shapes other', () => {
    for (const sql of [
      '',
      '   ',
      '/* only a comment */',
      '/*!40000 ',
      "CREATE TABLE t (a varchar(3) DEFAULT 'unterminated",
      'CREATE TABLE `unterminated',
      'CREATE TABLE',
      'DROP TABLE',
      'DROP INDEX i',
      'CREATE INDEX i',
      'ALTER TABLE',
      'RENAME TABLE',
      'TRUNCATE',
      '((((',
      '))))',
      'SELECT * FROM (SELECT',
      'WITH',
      'SET STATEMENT x = 1',
      ';',
    ]) {
      expect(() => parseDdl(sql, 'shop'), sql).not.toThrow();
    }
    expect(kind('')).toBe('other');
    expect(kind('CREATE TABLE')).toBe('other');
    expect(kind('DROP TABLE')).toBe('other');
    expect(kind('CREATE INDEX i')).toBe('other');
    expect(kind('ALTER TABLE')).toBe('other');
    expect(kind('LOCK TABLES t WRITE')).toBe('other');
  });
});

describe('rewriteTables', () => {
  const moves: Record<string, TableRef> = {
    'shop.orders': { database: 'shop_ob', table: 'orders_2024' },
    'shop.users': { database: 'crm', table: 'users' },
  };
  const rename = (ref: TableRef): TableRef | null => moves[`${ref.database}.${ref.table}`] ?? null;

  it('replaces each mention by its qualified target and keeps everything else byte for byte', () => {
    const sql =
      '/* keep */ alter  TABLE orders\n' +
      '  ADD CONSTRAINT fk FOREIGN KEY (uid) REFERENCES `shop`.`users` (id), -- why\n  ADD  c INT';
    const out = rewriteTables(parseDdl(sql, 'shop'), rename);
    expect(out).toBe(
      '/* keep */ alter  TABLE `shop_ob`.`orders_2024`\n' +
        '  ADD CONSTRAINT fk FOREIGN KEY (uid) REFERENCES `crm`.`users` (id), -- why\n  ADD  c INT',
    );
  });

  it('leaves mentions the callback declines as written', () => {
    const sql = 'RENAME TABLE orders TO orders_old, other TO other2';
    expect(rewriteTables(parseDdl(sql, 'shop'), rename)).toBe(
      'RENAME TABLE `shop_ob`.`orders_2024` TO orders_old, other TO other2',
    );
    expect(rewriteTables(parseDdl(sql, 'shop'), () => null)).toBe(sql);
  });

  it('passes each mention to the callback and doubles backquotes in new names', () => {
    const roles: string[] = [];
    const out = rewriteTables(parseDdl('RENAME TABLE a TO b', 'shop'), (ref, m) => {
      roles.push(m.role);
      return { database: 'x`y', table: `${ref.table}\`z` };
    });
    expect(roles).toEqual(['rename-from', 'rename-to']);
    expect(out).toBe('RENAME TABLE `x``y`.`a``z` TO `x``y`.`b``z`');
  });

  it('rewrites inside version comments without disturbing them', () => {
    const out = rewriteTables(
      parseDdl('/*!40000 ALTER TABLE `orders` DISABLE KEYS */;', 'shop'),
      rename,
    );
    expect(out).toBe('/*!40000 ALTER TABLE `shop_ob`.`orders_2024` DISABLE KEYS */;');
  });

  it('rewrites a qualified name written with spaces as one unit', () => {
    expect(rewriteTables(parseDdl('TRUNCATE shop . orders', null), rename)).toBe(
      'TRUNCATE `shop_ob`.`orders_2024`',
    );
  });
});

describe('splitDropTable', () => {
  it('splits a multi-table DROP TABLE keeping IF EXISTS, comments and the tail', () => {
    const s = parseDdl('DROP TABLE IF EXISTS `a`, shop2.b,c /* generated by server */', 'shop');
    const parts = splitDropTable(s);
    expect(parts.map((p) => p.sql)).toEqual([
      'DROP TABLE IF EXISTS `a` /* generated by server */',
      'DROP TABLE IF EXISTS shop2.b /* generated by server */',
      'DROP TABLE IF EXISTS c /* generated by server */',
    ]);
    for (const p of parts) {
      expect(p.kind).toBe('drop-table');
      expect(p.ifExists).toBe(true);
      expect(p.defaultDatabase).toBe('shop');
      expect(p.mentions).toHaveLength(1);
    }
    expect(parts.map((p) => p.mentions[0]?.ref)).toEqual([
      { database: 'shop', table: 'a' },
      { database: 'shop2', table: 'b' },
      { database: 'shop', table: 'c' },
    ]);
  });

  it('keeps RESTRICT/CASCADE and lets each part be rewritten', () => {
    const parts = splitDropTable(parseDdl('drop table a, b cascade', 'shop'));
    expect(parts.map((p) => p.sql)).toEqual(['drop table a cascade', 'drop table b cascade']);
    expect(rewriteTables(parts[1]!, () => ({ database: 'x', table: 'y' }))).toBe(
      'drop table `x`.`y` cascade',
    );
  });

  it('returns a single-table DROP and other statements unchanged', () => {
    const one = parseDdl('DROP TABLE t', 'shop');
    expect(splitDropTable(one)).toEqual([one]);
    const rename = parseDdl('RENAME TABLE a TO b, c TO d', 'shop');
    expect(splitDropTable(rename)).toEqual([rename]);
  });
});
