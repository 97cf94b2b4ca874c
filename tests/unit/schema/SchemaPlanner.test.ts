import { describe, expect, it } from 'vitest';
import type { DatabaseCatalog, ForeignKeyDef } from '../../../src/shared/catalog.js';
import type { PlannedStatement } from '../../../src/shared/schema.js';
import type { ObjectRule } from '../../../src/shared/task.js';
import { blockingChanges, isBlockingChange } from '../../../src/engine/schema/Blocking.js';
import { planSchema } from '../../../src/engine/schema/SchemaPlanner.js';
import {
  catalog,
  column,
  index,
  mapping,
  mysqlTarget,
  obTarget,
  part,
  primaryKey,
  table,
} from './fixtures.js';

const fk = (
  name: string,
  columns: string[],
  refTable: string,
  refDatabase = 'shop',
): ForeignKeyDef => ({
  name,
  columns,
  refDatabase,
  refTable,
  refColumns: ['id'],
  onDelete: 'CASCADE',
  onUpdate: 'RESTRICT',
});

const idColumn = column('id', 'int(11)', { nullable: false, default: { kind: 'none' } });

function shop(): DatabaseCatalog {
  return catalog('shop', {
    charset: 'utf8mb4',
    collation: 'utf8mb4_0900_ai_ci',
    tables: [
      table({
        name: 'customers',
        collation: 'utf8mb4_0900_ai_ci',
        columns: [idColumn, column('name', 'varchar(50)', { collation: 'utf8mb4_0900_ai_ci' })],
      }),
      table({
        name: 'orders',
        columns: [idColumn, column('customer_id', 'int(11)'), column('coupon_id', 'int(11)')],
        foreignKeys: [
          fk('fk_customer', ['customer_id'], 'customers'),
          fk('fk_coupon', ['coupon_id'], 'coupons'),
        ],
      }),
      table({ name: 'coupons' }),
    ],
    views: [
      {
        database: 'shop',
        name: 'big_orders',
        definition: 'select `shop`.`orders`.`id` AS `id` from `shop`.`orders`',
        checkOption: 'NONE',
        securityType: 'DEFINER',
      },
    ],
    triggers: [
      {
        database: 'shop',
        name: 'orders_bi',
        table: 'orders',
        timing: 'BEFORE',
        event: 'INSERT',
        statement: 'SET NEW.id = NEW.id',
        sqlMode: '',
      },
      {
        database: 'shop',
        name: 'coupons_bi',
        table: 'coupons',
        timing: 'BEFORE',
        event: 'INSERT',
        statement: 'SET NEW.id = NEW.id',
        sqlMode: '',
      },
    ],
    routines: [
      {
        database: 'shop',
        name: 'touch',
        type: 'PROCEDURE',
        createSql: 'CREATE PROCEDURE `touch`()\nSELECT 1',
      },
    ],
    events: [
      {
        database: 'shop',
        name: 'purge',
        createSql: 'CREATE EVENT `purge` ON SCHEDULE EVERY 1 DAY DO DELETE FROM coupons',
      },
    ],
  });
}

const rule = (overrides: Partial<ObjectRule> = {}): ObjectRule => ({
  database: 'shop',
  tables: ['customers', 'orders'],
  targetDatabase: 'shop2',
  rename: { orders: 'orders_v2' },
  ...overrides,
});

const mappings = [
  mapping('shop.customers', 'shop2.customers'),
  mapping('shop.orders', 'shop2.orders_v2'),
];

const summary = (s: PlannedStatement) =>
  [s.kind, s.object, s.phase, s.skipped, s.skipReason ?? ''].join(' | ');

describe('planSchema on OceanBase 4.2.1', () => {
  const plan = planSchema({
    catalogs: [shop()],
    mappings,
    rules: [rule({ routines: 'migrate', events: 'migrate' })],
    target: obTarget('4.2.1'),
  });

  it('orders statements by phase: databases, tables, routines, views, then FKs, triggers, events', () => {
    expect(plan.statements.map(summary)).toEqual([
      'database | shop2 | schema | false | ',
      'table | shop2.customers | schema | false | ',
      'table | shop2.orders_v2 | schema | false | ',
      'routine | shop2.touch | schema | false | ',
      'view | shop2.big_orders | schema | false | ',
      'foreign-key | shop2.orders_v2.fk_customer | after-full | false | ',
      'foreign-key | shop2.orders_v2.fk_coupon | after-full | true | the referenced table shop.coupons is not migrated',
      'trigger | shop2.orders_bi | after-full | false | ',
      'trigger | shop2.coupons_bi | after-full | true | its table shop.coupons is not migrated',
      `event | shop2.purge | after-full | true | ${'OceanBase documents no CREATE EVENT up to 4.3.3: move the schedule to an external scheduler (cron, a job runner).'}`,
    ]);
  });

  it('creates the target database with converted defaults (4.2.1 Enterprise has unicode_ci)', () => {
    expect(plan.statements[0]?.sql).toBe(
      'CREATE DATABASE IF NOT EXISTS `shop2` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci',
    );
    expect(plan.statements[0]?.sourceObject).toBe('shop');
  });

  it('creates renamed tables, converted, without foreign keys', () => {
    const orders = plan.statements.find((s) => s.object === 'shop2.orders_v2');
    expect(orders?.sourceObject).toBe('shop.orders');
    expect(orders?.sql).toBe(
      [
        'CREATE TABLE `shop2`.`orders_v2` (',
        '  `id` int(11) NOT NULL,',
        '  `customer_id` int(11) DEFAULT NULL,',
        '  `coupon_id` int(11) DEFAULT NULL,',
        '  PRIMARY KEY (`id`)',
        ') DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci',
      ].join('\n'),
    );
    const customers = plan.statements.find((s) => s.object === 'shop2.customers');
    expect(customers?.sql).toContain(
      '`name` varchar(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci DEFAULT NULL',
    );
  });

  it('adds foreign keys against the renamed parent', () => {
    const added = plan.statements.find((s) => s.object === 'shop2.orders_v2.fk_customer');
    expect(added?.sql).toBe(
      'ALTER TABLE `shop2`.`orders_v2` ADD CONSTRAINT `fk_customer` FOREIGN KEY (`customer_id`) REFERENCES `shop2`.`customers` (`id`) ON DELETE CASCADE',
    );
    expect(added?.sourceObject).toBe('shop.orders.fk_customer');
  });

  it('creates triggers on the renamed table and qualifies routines', () => {
    expect(plan.statements.find((s) => s.object === 'shop2.orders_bi')?.sql).toBe(
      'CREATE TRIGGER `shop2`.`orders_bi` BEFORE INSERT ON `shop2`.`orders_v2` FOR EACH ROW SET NEW.id = NEW.id',
    );
    expect(plan.statements.find((s) => s.kind === 'routine')?.sql).toBe(
      'CREATE PROCEDURE `shop2`.`touch`()\nSELECT 1',
    );
  });

  it('records every change: view references rewritten, warnings for names left in other bodies', () => {
    expect(plan.changes.map((c) => [c.object, c.rule, c.severity])).toEqual([
      ['shop2', 'oceanbase.collation', 'warn'],
      ['shop2.customers', 'oceanbase.storage-options', 'info'],
      ['shop2.customers', 'oceanbase.collation', 'warn'],
      ['shop2.orders_v2', 'oceanbase.storage-options', 'info'],
      ['shop2.touch', 'schema.names-not-rewritten', 'warn'],
      ['shop2.big_orders', 'schema.view-references', 'info'],
      ['shop2.orders_v2.fk_coupon', 'schema.foreign-key', 'warn'],
      ['shop2.orders_bi', 'schema.names-not-rewritten', 'warn'],
      ['shop2.purge', 'oceanbase.event', 'warn'],
    ]);
    const viewChange = plan.changes.find((c) => c.object === 'shop2.big_orders');
    expect(viewChange?.action).toBe(
      'references to moved tables or views rewritten: `shop`.`orders` → `shop2`.`orders_v2`',
    );
    const view = plan.statements.find((st) => st.kind === 'view');
    expect(view?.sql).toContain('select `shop2`.`orders_v2`.`id` AS `id` from `shop2`.`orders_v2`');
    expect(blockingChanges(plan)).toEqual([]);
  });
});

describe('planSchema: object choices', () => {
  it('keeps skipped views, triggers, routines and events in the plan with a reason', () => {
    const plan = planSchema({
      catalogs: [shop()],
      mappings: [mapping('shop.orders'), mapping('shop.customers')],
      rules: [{ database: 'shop', tables: ['*'], views: 'skip', triggers: 'skip' }],
      target: mysqlTarget(),
    });
    const skipped = plan.statements
      .filter((s) => s.skipped)
      .map((s) => [s.kind, s.object, s.skipReason]);
    expect(skipped).toEqual([
      ['routine', 'shop.touch', 'skipped by the task (object rules)'],
      ['view', 'shop.big_orders', 'skipped by the task (object rules)'],
      ['foreign-key', 'shop.orders.fk_coupon', 'the referenced table shop.coupons is not migrated'],
      ['trigger', 'shop.orders_bi', 'skipped by the task (object rules)'],
      ['trigger', 'shop.coupons_bi', 'skipped by the task (object rules)'],
      ['event', 'shop.purge', 'skipped by the task (object rules)'],
    ]);
  });

  it('creates events on MySQL when chosen, after the copy', () => {
    const plan = planSchema({
      catalogs: [shop()],
      mappings: [mapping('shop.coupons')],
      rules: [{ database: 'shop', tables: ['coupons'], events: 'migrate' }],
      target: mysqlTarget(),
    });
    const event = plan.statements.find((s) => s.kind === 'event');
    expect(event).toMatchObject({
      object: 'shop.purge',
      phase: 'after-full',
      skipped: false,
      sql: 'CREATE EVENT `shop`.`purge` ON SCHEDULE EVERY 1 DAY DO DELETE FROM coupons',
    });
  });

  it('skips routines whose definition the source did not return', () => {
    const source = shop();
    source.routines = [{ database: 'shop', name: 'hidden', type: 'FUNCTION', createSql: null }];
    const plan = planSchema({
      catalogs: [source],
      mappings: [mapping('shop.coupons')],
      rules: [{ database: 'shop', tables: ['coupons'], routines: 'migrate' }],
      target: mysqlTarget(),
    });
    expect(plan.statements.find((s) => s.kind === 'routine')).toMatchObject({
      skipped: true,
      sql: '',
      skipReason: 'the source returned no definition (the reading user may not see its body)',
    });
  });
});

describe('planSchema: MySQL target', () => {
  it('applies no OceanBase rule and keeps storage options and collations', () => {
    const plan = planSchema({
      catalogs: [shop()],
      mappings: [mapping('shop.customers')],
      rules: [],
      target: mysqlTarget(),
    });
    expect(plan.changes).toEqual([]);
    expect(plan.statements[0]?.sql).toBe(
      'CREATE DATABASE IF NOT EXISTS `shop` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci',
    );
    expect(plan.statements[1]?.sql).toContain(
      ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci',
    );
  });
});

describe('planSchema: blocking', () => {
  const gisCatalog = (): DatabaseCatalog =>
    catalog('geo', {
      tables: [
        table({
          database: 'geo',
          name: 'places',
          columns: [
            idColumn,
            column('pos', 'point', { nullable: false, default: { kind: 'none' } }),
          ],
          indexes: [primaryKey('id'), index('sp_pos', 'spatial', [part('pos')])],
        }),
        table({
          database: 'geo',
          name: 'visits',
          columns: [idColumn, column('place_id', 'int(11)')],
          foreignKeys: [fk('fk_place', ['place_id'], 'places', 'geo')],
        }),
      ],
      triggers: [
        {
          database: 'geo',
          name: 'places_bi',
          table: 'places',
          timing: 'BEFORE',
          event: 'INSERT',
          statement: 'SET NEW.id = 1',
          sqlMode: '',
        },
      ],
    });

  it('keeps an impossible table as a skipped statement with .unsupported changes', () => {
    const plan = planSchema({
      catalogs: [gisCatalog()],
      mappings: [mapping('geo.places'), mapping('geo.visits')],
      rules: [],
      target: obTarget('4.0.0'),
    });
    const places = plan.statements.find((s) => s.object === 'geo.places');
    expect(places).toMatchObject({
      kind: 'table',
      skipped: true,
      skipReason:
        'point column needs OceanBase 4.1 (target: 4.0.0); SPATIAL index needs OceanBase 4.1 (target: 4.0.0)',
    });
    expect(places?.sql).toContain('SPATIAL KEY `sp_pos` (`pos`)');
    expect(blockingChanges(plan).map((c) => [c.object, c.rule, c.severity])).toEqual([
      ['geo.places.pos', 'oceanbase.gis.unsupported', 'warn'],
      ['geo.places.sp_pos', 'oceanbase.gis.unsupported', 'warn'],
    ]);
    expect(plan.changes.filter(isBlockingChange)).toHaveLength(2);
  });

  it('skips what depends on a blocked table', () => {
    const plan = planSchema({
      catalogs: [gisCatalog()],
      mappings: [mapping('geo.places'), mapping('geo.visits')],
      rules: [],
      target: obTarget('4.0.0'),
    });
    expect(plan.statements.filter((s) => s.skipped).map(summary)).toEqual([
      'table | geo.places | schema | true | point column needs OceanBase 4.1 (target: 4.0.0); SPATIAL index needs OceanBase 4.1 (target: 4.0.0)',
      'foreign-key | geo.visits.fk_place | after-full | true | the referenced table geo.places cannot be created on the target',
      'trigger | geo.places_bi | after-full | true | its table cannot be created on the target',
    ]);
  });

  it('creates the same tables on 4.1', () => {
    const plan = planSchema({
      catalogs: [gisCatalog()],
      mappings: [mapping('geo.places'), mapping('geo.visits')],
      rules: [],
      target: obTarget('4.1.0'),
    });
    expect(plan.statements.some((s) => s.skipped)).toBe(false);
    expect(blockingChanges(plan)).toEqual([]);
  });

  it('converts an unsupported charset only with consent', () => {
    const legacy = catalog('legacy', {
      charset: 'latin1',
      collation: 'latin1_swedish_ci',
      tables: [
        table({
          database: 'legacy',
          name: 'notes',
          charset: 'latin1',
          collation: 'latin1_swedish_ci',
          columns: [
            idColumn,
            column('body', 'text', { charset: 'latin1', collation: 'latin1_swedish_ci' }),
          ],
        }),
      ],
    });
    const input = {
      catalogs: [legacy],
      mappings: [mapping('legacy.notes')],
      rules: [],
      target: obTarget('4.0.0'),
    };
    const refused = planSchema(input);
    expect(refused.statements[1]?.skipped).toBe(true);
    expect(blockingChanges(refused).map((c) => c.rule)).toEqual(['oceanbase.charset.unsupported']);

    const consented = planSchema({ ...input, options: { convertUnsupportedCharsets: true } });
    expect(consented.statements.map((s) => s.skipped)).toEqual([false, false]);
    expect(consented.statements[0]?.sql).toBe(
      'CREATE DATABASE IF NOT EXISTS `legacy` DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci',
    );
    expect(consented.statements[1]?.sql).toContain(
      '`body` text CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci DEFAULT NULL',
    );
    expect(blockingChanges(consented)).toEqual([]);
  });
});

describe('planSchema: column subsets', () => {
  it('reports what the subset drops and skips FKs to columns not copied', () => {
    const source = catalog('shop', {
      tables: [
        table({ name: 'customers', columns: [idColumn, column('name', 'varchar(50)')] }),
        table({
          name: 'orders',
          columns: [idColumn, column('customer_id', 'int(11)'), column('note', 'varchar(50)')],
          indexes: [primaryKey('id'), index('k_note', 'index', [part('note')])],
          foreignKeys: [fk('fk_customer', ['customer_id'], 'customers')],
        }),
      ],
    });
    const plan = planSchema({
      catalogs: [source],
      mappings: [
        mapping('shop.customers', 'shop.customers', { columns: ['name'] }),
        mapping('shop.orders', 'shop.orders', { columns: ['id', 'customer_id'] }),
      ],
      rules: [],
      target: mysqlTarget(),
    });
    expect(plan.statements.find((s) => s.object === 'shop.orders')?.sql).not.toContain('note');
    expect(plan.changes.map((c) => [c.object, c.rule, c.action])).toEqual([
      ['shop.customers', 'schema.column-subset', 'columns not copied: id'],
      ['shop.customers.PRIMARY', 'schema.column-subset', 'primary key dropped: uses id'],
      ['shop.orders', 'schema.column-subset', 'columns not copied: note'],
      ['shop.orders.k_note', 'schema.column-subset', 'index k_note dropped: uses note'],
      [
        'shop.orders.fk_customer',
        'schema.foreign-key',
        'foreign key fk_customer not added: referenced columns id of shop.customers are not copied',
      ],
    ]);
  });
});

describe('planSchema: inputs', () => {
  it('fails on a mapping whose table is not in the catalog', () => {
    expect(() =>
      planSchema({
        catalogs: [shop()],
        mappings: [mapping('shop.nope')],
        rules: [],
        target: mysqlTarget(),
      }),
    ).toThrow(/shop\.nope is not in the source catalog/);
  });

  it('escapes for the target sql_mode unless told otherwise', () => {
    const source = catalog('shop', {
      tables: [table({ comment: 'a\\b' })],
    });
    const base = { catalogs: [source], mappings: [mapping('shop.orders')], rules: [] };
    const comment = (sql: string | undefined) => /COMMENT='(.*)'$/.exec(sql ?? '')?.[1];
    const nbe = { ...mysqlTarget(), sqlMode: 'STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES' };
    expect(comment(planSchema({ ...base, target: mysqlTarget() }).statements[1]?.sql)).toBe(
      'a\\\\b',
    );
    expect(comment(planSchema({ ...base, target: nbe }).statements[1]?.sql)).toBe('a\\b');
    expect(
      comment(
        planSchema({ ...base, target: nbe, options: { noBackslashEscapes: false } }).statements[1]
          ?.sql,
      ),
    ).toBe('a\\\\b');
  });

  it('creates a database for object rules without selected tables', () => {
    const plan = planSchema({
      catalogs: [shop()],
      mappings: [],
      rules: [{ database: 'shop', tables: [], targetDatabase: 'reporting' }],
      target: mysqlTarget(),
    });
    expect(plan.statements.map(summary)).toEqual([
      'database | reporting | schema | false | ',
      'routine | reporting.touch | schema | true | skipped by the task (object rules)',
      'view | reporting.big_orders | schema | false | ',
      'trigger | reporting.orders_bi | after-full | true | its table shop.orders is not migrated',
      'trigger | reporting.coupons_bi | after-full | true | its table shop.coupons is not migrated',
      'event | reporting.purge | after-full | true | skipped by the task (object rules)',
    ]);
  });
});
