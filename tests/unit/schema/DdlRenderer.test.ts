import { describe, expect, it } from 'vitest';
import type { ColumnDef, ColumnDefault } from '../../../src/shared/catalog.js';
import {
  renderAddForeignKey,
  renderAddForeignKeys,
  renderColumn,
  renderCreateDatabase,
  renderCreateEvent,
  renderCreateRoutine,
  renderCreateTable,
  renderCreateTrigger,
  renderCreateView,
  renderIndex,
} from '../../../src/engine/schema/DdlRenderer.js';
import { column, index, part, primaryKey, table } from './fixtures.js';

const lit = (value: string): ColumnDefault => ({ kind: 'literal', value });
const expr = (sql: string): ColumnDefault => ({ kind: 'expression', sql });
const none: ColumnDefault = { kind: 'none' };
const notNull = (overrides: Partial<ColumnDef> = {}): Partial<ColumnDef> => ({
  nullable: false,
  default: none,
  ...overrides,
});

describe('renderColumn: numeric types', () => {
  it.each([
    ['tinyint(4)', '`c` tinyint(4) DEFAULT NULL'],
    ['tinyint(3) unsigned', '`c` tinyint(3) unsigned DEFAULT NULL'],
    ['smallint(6)', '`c` smallint(6) DEFAULT NULL'],
    ['smallint(5) unsigned', '`c` smallint(5) unsigned DEFAULT NULL'],
    ['mediumint(9)', '`c` mediumint(9) DEFAULT NULL'],
    ['mediumint(8) unsigned', '`c` mediumint(8) unsigned DEFAULT NULL'],
    ['int(11)', '`c` int(11) DEFAULT NULL'],
    ['int(10) unsigned', '`c` int(10) unsigned DEFAULT NULL'],
    ['int unsigned zerofill', '`c` int unsigned zerofill DEFAULT NULL'],
    ['bigint(20)', '`c` bigint(20) DEFAULT NULL'],
    ['bigint(20) unsigned', '`c` bigint(20) unsigned DEFAULT NULL'],
    ['decimal(65,30)', '`c` decimal(65,30) DEFAULT NULL'],
    ['float', '`c` float DEFAULT NULL'],
    ['double', '`c` double DEFAULT NULL'],
    ['bit(64)', '`c` bit(64) DEFAULT NULL'],
    ['year(4)', '`c` year(4) DEFAULT NULL'],
  ])('%s', (type, expected) => {
    expect(renderColumn(column('c', type))).toBe(expected);
  });

  it('renders numeric defaults bare, signed and with exponents', () => {
    expect(renderColumn(column('c', 'tinyint(4)', { default: lit('-5') }))).toBe(
      '`c` tinyint(4) DEFAULT -5',
    );
    expect(renderColumn(column('c', 'bigint(20) unsigned', notNull({ default: lit('0') })))).toBe(
      '`c` bigint(20) unsigned NOT NULL DEFAULT 0',
    );
    expect(
      renderColumn(
        column('c', 'decimal(65,30)', { default: lit('1.500000000000000000000000000000') }),
      ),
    ).toBe('`c` decimal(65,30) DEFAULT 1.500000000000000000000000000000');
    expect(renderColumn(column('c', 'double', { default: lit('-2.5e-10') }))).toBe(
      '`c` double DEFAULT -2.5e-10',
    );
  });

  it('quotes a numeric column default that is not a plain number', () => {
    expect(renderColumn(column('c', 'int(11)', { default: lit('1; DROP TABLE x') }))).toBe(
      "`c` int(11) DEFAULT '1; DROP TABLE x'",
    );
  });

  it('keeps BIT defaults in b-notation, and numeric BIT defaults bare', () => {
    expect(renderColumn(column('c', 'bit(64)', { default: lit("b'101'") }))).toBe(
      "`c` bit(64) DEFAULT b'101'",
    );
    expect(renderColumn(column('c', 'bit(1)', notNull({ default: lit("b'0'") })))).toBe(
      "`c` bit(1) NOT NULL DEFAULT b'0'",
    );
    expect(renderColumn(column('c', 'bit(8)', { default: lit('5') }))).toBe('`c` bit(8) DEFAULT 5');
  });

  it('renders AUTO_INCREMENT after NOT NULL', () => {
    expect(renderColumn(column('id', 'int(10) unsigned', notNull({ autoIncrement: true })))).toBe(
      '`id` int(10) unsigned NOT NULL AUTO_INCREMENT',
    );
  });
});

describe('renderColumn: temporal types', () => {
  it('date, time and year literals are quoted', () => {
    expect(renderColumn(column('c', 'date', { default: lit('2020-01-01') }))).toBe(
      "`c` date DEFAULT '2020-01-01'",
    );
    expect(renderColumn(column('c', 'time(3)', { default: lit('12:34:56.789') }))).toBe(
      "`c` time(3) DEFAULT '12:34:56.789'",
    );
    expect(renderColumn(column('c', 'year(4)', { default: lit('2024') }))).toBe(
      "`c` year(4) DEFAULT '2024'",
    );
  });

  it('datetime(6) with CURRENT_TIMESTAMP(6) default and ON UPDATE stays bare', () => {
    expect(
      renderColumn(
        column('c', 'datetime(6)', {
          nullable: false,
          default: expr('current_timestamp(6)'),
          onUpdate: 'current_timestamp(6)',
        }),
      ),
    ).toBe('`c` datetime(6) NOT NULL DEFAULT current_timestamp(6) ON UPDATE current_timestamp(6)');
  });

  it('timestamp forms of CURRENT_TIMESTAMP stay bare', () => {
    for (const sql of ['CURRENT_TIMESTAMP', 'current_timestamp()', 'now()', 'LOCALTIMESTAMP(3)']) {
      expect(renderColumn(column('c', 'timestamp(3)', notNull({ default: expr(sql) })))).toBe(
        `\`c\` timestamp(3) NOT NULL DEFAULT ${sql}`,
      );
    }
  });

  it('a nullable timestamp says NULL explicitly (explicit_defaults_for_timestamp=OFF)', () => {
    expect(renderColumn(column('c', 'timestamp(6)'))).toBe('`c` timestamp(6) NULL DEFAULT NULL');
    expect(renderColumn(column('c', 'datetime(6)'))).toBe('`c` datetime(6) DEFAULT NULL');
  });

  it('a datetime literal default is quoted', () => {
    expect(
      renderColumn(column('c', 'datetime', notNull({ default: lit('2000-01-01 00:00:00') }))),
    ).toBe("`c` datetime NOT NULL DEFAULT '2000-01-01 00:00:00'");
  });
});

describe('renderColumn: string types', () => {
  it('char and varchar always carry their charset and collation', () => {
    expect(renderColumn(column('c', 'char(10)'))).toBe(
      '`c` char(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci DEFAULT NULL',
    );
    expect(
      renderColumn(
        column(
          'c',
          'varchar(20)',
          notNull({ charset: 'latin1', collation: 'latin1_bin', default: lit('') }),
        ),
      ),
    ).toBe("`c` varchar(20) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL DEFAULT ''");
  });

  it.each(['tinytext', 'text', 'mediumtext', 'longtext'])('%s', (type) => {
    expect(renderColumn(column('c', type))).toBe(
      `\`c\` ${type} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci DEFAULT NULL`,
    );
  });

  it.each(['tinyblob', 'blob', 'mediumblob', 'longblob'])('%s', (type) => {
    expect(renderColumn(column('c', type))).toBe(`\`c\` ${type} DEFAULT NULL`);
  });

  it('TEXT, BLOB and JSON literal defaults become expressions (MySQL rejects bare ones)', () => {
    expect(renderColumn(column('c', 'text', { default: lit('hello') }))).toBe(
      "`c` text CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci DEFAULT ('hello')",
    );
    expect(renderColumn(column('c', 'blob', { default: lit('raw') }))).toBe(
      "`c` blob DEFAULT ('raw')",
    );
    expect(renderColumn(column('c', 'json', { default: lit('{}') }))).toBe(
      "`c` json DEFAULT ('{}')",
    );
  });

  it('binary and varbinary literal defaults are hex, exact whatever the connection charset', () => {
    expect(renderColumn(column('c', 'binary(4)', { default: lit('ab') }))).toBe(
      '`c` binary(4) DEFAULT 0x6162',
    );
    expect(renderColumn(column('c', 'varbinary(10)', { default: lit('') }))).toBe(
      "`c` varbinary(10) DEFAULT ''",
    );
    expect(renderColumn(column('c', 'varbinary(10)', { default: expr('0x00FF') }))).toBe(
      '`c` varbinary(10) DEFAULT 0x00FF',
    );
  });

  it('enum and set keep their value lists as printed, quotes included', () => {
    expect(renderColumn(column('e', "enum('a','b''c','d\\\\e')", { default: lit("b'c") }))).toBe(
      "`e` enum('a','b''c','d\\\\e') CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci DEFAULT 'b''c'",
    );
    expect(renderColumn(column('s', "set('x','y','z')", notNull({ default: lit('x,z') })))).toBe(
      "`s` set('x','y','z') CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL DEFAULT 'x,z'",
    );
  });

  it('json and geometry carry no charset', () => {
    expect(
      renderColumn(column('j', 'json', { charset: 'utf8mb4', collation: 'utf8mb4_bin' })),
    ).toBe('`j` json DEFAULT NULL');
    expect(renderColumn(column('g', 'geometry', notNull()))).toBe('`g` geometry NOT NULL');
    expect(renderColumn(column('p', 'point', notNull()))).toBe('`p` point NOT NULL');
  });
});

describe('renderColumn: defaults with quotes and backslashes', () => {
  it('doubles quotes and escapes backslashes', () => {
    expect(renderColumn(column('c', 'varchar(20)', { default: lit("it's \\ here") }))).toBe(
      "`c` varchar(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci DEFAULT 'it''s \\\\ here'",
    );
  });

  it('escapes control characters the way mysql_real_escape_string does', () => {
    expect(renderColumn(column('c', 'varchar(20)', { default: lit('a\nb\r\0\x1a') }))).toBe(
      "`c` varchar(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci DEFAULT 'a\\nb\\r\\0\\Z'",
    );
  });

  it('leaves backslashes alone under NO_BACKSLASH_ESCAPES', () => {
    expect(
      renderColumn(column('c', 'varchar(20)', { default: lit("x'\\y"), comment: 'c\\d' }), {
        noBackslashEscapes: true,
      }),
    ).toBe(
      "`c` varchar(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci DEFAULT 'x''\\y' COMMENT 'c\\d'",
    );
  });

  it('wraps non-temporal expression defaults in parentheses once', () => {
    expect(renderColumn(column('c', 'varchar(36)', { default: expr('uuid()') }))).toBe(
      '`c` varchar(36) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci DEFAULT (uuid())',
    );
    expect(renderColumn(column('c', 'int(11)', { default: expr('(`a` * 2)') }))).toBe(
      '`c` int(11) DEFAULT (`a` * 2)',
    );
    expect(renderColumn(column('c', 'int(11)', { default: expr('(1) + (2)') }))).toBe(
      '`c` int(11) DEFAULT ((1) + (2))',
    );
  });

  it('drops a NULL default on a NOT NULL column', () => {
    expect(
      renderColumn(column('c', 'int(11)', { nullable: false, default: { kind: 'null' } })),
    ).toBe('`c` int(11) NOT NULL');
  });
});

describe('renderColumn: generated, invisible, comments', () => {
  it('renders stored and virtual generated columns without a default', () => {
    expect(
      renderColumn(
        column('g', 'int(11)', {
          generated: { expression: '`a` + 1', stored: true },
          default: lit('3'),
        }),
      ),
    ).toBe('`g` int(11) GENERATED ALWAYS AS (`a` + 1) STORED');
    expect(
      renderColumn(
        column('g', 'varchar(30)', {
          nullable: false,
          generated: { expression: "concat(`c`,'x')", stored: false },
        }),
      ),
    ).toBe(
      "`g` varchar(30) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci GENERATED ALWAYS AS (concat(`c`,'x')) VIRTUAL NOT NULL",
    );
  });

  it('renders INVISIBLE before COMMENT', () => {
    expect(renderColumn(column('c', 'int(11)', { invisible: true, comment: "the 'c'" }))).toBe(
      "`c` int(11) DEFAULT NULL INVISIBLE COMMENT 'the ''c'''",
    );
  });
});

describe('identifiers', () => {
  it('backquotes reserved words, spaces, and doubles backquotes', () => {
    expect(renderColumn(column('order', 'int(11)', notNull()))).toBe('`order` int(11) NOT NULL');
    expect(renderColumn(column('with space', 'int(11)', notNull()))).toBe(
      '`with space` int(11) NOT NULL',
    );
    expect(renderColumn(column('a`b', 'int(11)', notNull()))).toBe('`a``b` int(11) NOT NULL');
    expect(renderCreateDatabase('my`db', 'utf8mb4', 'utf8mb4_bin')).toBe(
      'CREATE DATABASE IF NOT EXISTS `my``db` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin',
    );
  });
});

describe('renderIndex', () => {
  it('composite primary key', () => {
    expect(renderIndex(primaryKey('tenant', 'id'))).toBe('PRIMARY KEY (`tenant`, `id`)');
  });

  it('prefix lengths and DESC', () => {
    expect(
      renderIndex(
        index('uk', 'unique', [part('c', { subPart: 5 }), part('order', { descending: true })]),
      ),
    ).toBe('UNIQUE KEY `uk` (`c`(5), `order` DESC)');
  });

  it('plain, FULLTEXT and SPATIAL keys, comments and INVISIBLE', () => {
    expect(renderIndex(index('k sp', 'index', [part('with space')], { comment: "it's" }))).toBe(
      "KEY `k sp` (`with space`) COMMENT 'it''s'",
    );
    expect(renderIndex(index('ft', 'fulltext', [part('title'), part('body')]))).toBe(
      'FULLTEXT KEY `ft` (`title`, `body`)',
    );
    expect(renderIndex(index('sp', 'spatial', [part('g')]))).toBe('SPATIAL KEY `sp` (`g`)');
    expect(renderIndex(index('k', 'index', [part('a')], { invisible: true }))).toBe(
      'KEY `k` (`a`) INVISIBLE',
    );
  });

  it('expression parts in parentheses', () => {
    expect(
      renderIndex(index('kx', 'index', [part('x', { column: null, expression: '`i` * 2' })])),
    ).toBe('KEY `kx` ((`i` * 2))');
  });
});

describe('renderCreateTable', () => {
  it('renders columns, keys, checks and table options in SHOW CREATE TABLE order', () => {
    const t = table({
      database: 'shop db',
      name: 'select`t',
      comment: "it's \\ here",
      autoIncrement: 42,
      rowFormat: 'DYNAMIC',
      columns: [
        column('id', 'bigint(20) unsigned', notNull({ autoIncrement: true })),
        column('title', 'varchar(200)'),
        column('qty', 'int(11)', notNull({ default: lit('0') })),
      ],
      indexes: [primaryKey('id'), index('k_title', 'index', [part('title', { subPart: 20 })])],
      checks: [{ name: 'qty_pos', clause: '`qty` >= 0' }],
    });
    expect(renderCreateTable(t).sql).toBe(
      [
        'CREATE TABLE `shop db`.`select``t` (',
        '  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,',
        '  `title` varchar(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci DEFAULT NULL,',
        '  `qty` int(11) NOT NULL DEFAULT 0,',
        '  PRIMARY KEY (`id`),',
        '  KEY `k_title` (`title`(20)),',
        '  CONSTRAINT `qty_pos` CHECK (`qty` >= 0)',
        ") ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci ROW_FORMAT=DYNAMIC COMMENT='it''s \\\\ here'",
      ].join('\n'),
    );
  });

  it('leaves out an empty engine and absent options', () => {
    const t = table({ engine: '', columns: [column('id', 'int(11)', notNull())], indexes: [] });
    expect(renderCreateTable(t).sql).toBe(
      'CREATE TABLE `shop`.`orders` (\n  `id` int(11) NOT NULL\n) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci',
    );
  });

  it('never puts foreign keys inline', () => {
    const t = table({
      foreignKeys: [
        {
          name: 'fk',
          columns: ['id'],
          refDatabase: 'shop',
          refTable: 'p',
          refColumns: ['id'],
          onDelete: 'CASCADE',
          onUpdate: 'RESTRICT',
        },
      ],
    });
    expect(renderCreateTable(t).sql).not.toMatch(/FOREIGN KEY|REFERENCES/);
  });

  it('appends the partition clause', () => {
    const t = table({
      partitionClause:
        'PARTITION BY RANGE (`id`)\n(PARTITION p0 VALUES LESS THAN (10),\n PARTITION p1 VALUES LESS THAN MAXVALUE)',
    });
    expect(renderCreateTable(t).sql).toBe(
      [
        'CREATE TABLE `shop`.`orders` (',
        '  `id` int(11) NOT NULL,',
        '  PRIMARY KEY (`id`)',
        ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci',
        'PARTITION BY RANGE (`id`)',
        '(PARTITION p0 VALUES LESS THAN (10),',
        ' PARTITION p1 VALUES LESS THAN MAXVALUE)',
      ].join('\n'),
    );
  });

  it('renames the database and table', () => {
    const { sql } = renderCreateTable(table(), { database: 'archive', name: 'orders_2024' });
    expect(sql.split('\n')[0]).toBe('CREATE TABLE `archive`.`orders_2024` (');
  });

  it('renders only the listed columns and reports what it dropped', () => {
    const t = table({
      columns: [
        column('id', 'int(11)', notNull()),
        column('a', 'int(11)'),
        column('secret', 'varchar(10)'),
      ],
      indexes: [
        primaryKey('id'),
        index('k_secret', 'index', [part('secret')]),
        index('k_a', 'index', [part('a')]),
      ],
    });
    const { sql, changes } = renderCreateTable(t, { columns: ['id', 'a'] });
    expect(sql).toBe(
      [
        'CREATE TABLE `shop`.`orders` (',
        '  `id` int(11) NOT NULL,',
        '  `a` int(11) DEFAULT NULL,',
        '  PRIMARY KEY (`id`),',
        '  KEY `k_a` (`a`)',
        ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci',
      ].join('\n'),
    );
    expect(changes.map((c) => [c.object, c.action, c.severity])).toEqual([
      ['shop.orders', 'columns not copied: secret', 'info'],
      ['shop.orders.k_secret', 'index k_secret dropped: uses secret', 'warn'],
    ]);
  });
});

describe('foreign keys', () => {
  const child = table({
    name: 'items',
    columns: [column('id', 'int(11)', notNull()), column('order id', 'int(11)')],
    foreignKeys: [
      {
        name: 'fk`order',
        columns: ['order id'],
        refDatabase: 'shop',
        refTable: 'orders',
        refColumns: ['id'],
        onDelete: 'cascade',
        onUpdate: 'NO ACTION',
      },
    ],
  });

  it('renders ALTER TABLE … ADD CONSTRAINT with both actions', () => {
    expect(renderAddForeignKeys(child)).toEqual([
      'ALTER TABLE `shop`.`items` ADD CONSTRAINT `fk``order` FOREIGN KEY (`order id`) REFERENCES `shop`.`orders` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION',
    ]);
  });

  it('points at the parent where it lives on the target', () => {
    const [sql] = renderAddForeignKeys(child, {
      database: 'shop2',
      parentOf: () => ({ database: 'shop2', name: 'orders_new' }),
    });
    expect(sql).toBe(
      'ALTER TABLE `shop2`.`items` ADD CONSTRAINT `fk``order` FOREIGN KEY (`order id`) REFERENCES `shop2`.`orders_new` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  });

  it('drops keys on columns outside the subset', () => {
    expect(renderAddForeignKeys(child, { columns: ['id'] })).toEqual([]);
  });

  it('omits referential actions it does not know', () => {
    const fk = { ...child.foreignKeys[0]!, onDelete: 'DROP TABLE x', onUpdate: 'SET NULL' };
    expect(renderAddForeignKey(child, fk)).toBe(
      'ALTER TABLE `shop`.`items` ADD CONSTRAINT `fk``order` FOREIGN KEY (`order id`) REFERENCES `shop`.`orders` (`id`) ON UPDATE SET NULL',
    );
  });
});

describe('views, triggers, routines, events', () => {
  const view = {
    database: 'shop',
    name: 'v 1',
    definition: 'select `shop`.`orders`.`id` AS `id` from `shop`.`orders`',
    checkOption: 'CASCADED',
    securityType: 'INVOKER',
  };

  it('renders a view without DEFINER, with security and check option', () => {
    expect(renderCreateView(view)).toBe(
      'CREATE OR REPLACE SQL SECURITY INVOKER VIEW `shop`.`v 1` AS select `shop`.`orders`.`id` AS `id` from `shop`.`orders` WITH CASCADED CHECK OPTION',
    );
    expect(renderCreateView({ ...view, checkOption: 'NONE' }, { database: 'x', name: 'v' })).toBe(
      'CREATE OR REPLACE SQL SECURITY INVOKER VIEW `x`.`v` AS select `shop`.`orders`.`id` AS `id` from `shop`.`orders`',
    );
  });

  it('renders a trigger on the target table, body as given', () => {
    const trigger = {
      database: 'shop',
      name: 'trg',
      table: 'orders',
      timing: 'before',
      event: 'insert',
      statement: 'BEGIN SET NEW.id = NEW.id + 1; END',
      sqlMode: '',
    };
    expect(renderCreateTrigger(trigger)).toBe(
      'CREATE TRIGGER `shop`.`trg` BEFORE INSERT ON `shop`.`orders` FOR EACH ROW BEGIN SET NEW.id = NEW.id + 1; END',
    );
    expect(renderCreateTrigger(trigger, { database: 'b', name: 'o2' })).toBe(
      'CREATE TRIGGER `b`.`trg` BEFORE INSERT ON `b`.`o2` FOR EACH ROW BEGIN SET NEW.id = NEW.id + 1; END',
    );
  });

  it('qualifies routine and event names with the target database', () => {
    expect(
      renderCreateRoutine(
        {
          database: 'shop',
          name: 'p`1',
          type: 'PROCEDURE',
          createSql: 'CREATE PROCEDURE `p``1`(IN a INT)\nBEGIN SELECT a; END',
        },
        'shop2',
      ),
    ).toBe('CREATE PROCEDURE `shop2`.`p``1`(IN a INT)\nBEGIN SELECT a; END');
    expect(
      renderCreateRoutine({
        database: 'shop',
        name: 'f',
        type: 'FUNCTION',
        createSql: 'CREATE DEFINER=`root`@`%` FUNCTION `old`.f(x int) RETURNS int RETURN x',
      }),
    ).toBe('CREATE DEFINER=`root`@`%` FUNCTION `shop`.`f`(x int) RETURNS int RETURN x');
    expect(
      renderCreateEvent({
        database: 'shop',
        name: 'e',
        createSql: 'CREATE EVENT `e` ON SCHEDULE EVERY 1 DAY DO DELETE FROM t',
      }),
    ).toBe('CREATE EVENT `shop`.`e` ON SCHEDULE EVERY 1 DAY DO DELETE FROM t');
  });

  it('returns null for a missing or unrecognisable definition', () => {
    expect(
      renderCreateRoutine({ database: 's', name: 'p', type: 'PROCEDURE', createSql: null }),
    ).toBeNull();
    expect(renderCreateEvent({ database: 's', name: 'e', createSql: 'SELECT 1' })).toBeNull();
  });
});
