import { describe, expect, it } from 'vitest';
import { resolveSelection } from '../../../../src/engine/catalog/Selection.js';
import { DEFAULT_CHOICES } from '../../../../src/engine/schema/ObjectChoices.js';
import {
  buildObjects,
  checkState,
  DEFAULT_OBJECT_CHOICES,
  EMPTY_SELECTION,
  fitToCatalog,
  objectChoice,
  selectedCount,
  selectionProblems,
  selectTables,
  setObjectChoice,
  setTargetDatabase,
  updateTable,
  type Selection,
} from '../../../../src/renderer/wizard/selection.js';
import type { BrowseDatabase } from '../../../../src/shared/api.js';
import type { ColumnDef, DatabaseCatalog, TableDef } from '../../../../src/shared/catalog.js';
import { CATALOG, CRM, SHOP, table } from './fixtures.js';

const select = (db: string, tables: string[], from: Selection = EMPTY_SELECTION) =>
  selectTables(from, db, tables, true);

/** The engine's catalog for a browsed one: only what resolving a selection reads matters. */
function engineCatalog(databases: readonly BrowseDatabase[]): DatabaseCatalog[] {
  return databases.map((db) => ({
    name: db.name,
    charset: 'utf8mb4',
    collation: 'utf8mb4_general_ci',
    views: [],
    triggers: [],
    routines: [],
    events: [],
    tables: db.tables.map((t): TableDef => ({
      database: db.name,
      name: t.name,
      engine: 'InnoDB',
      charset: 'utf8mb4',
      collation: 'utf8mb4_general_ci',
      comment: '',
      autoIncrement: null,
      rowFormat: null,
      indexes: [],
      foreignKeys: [],
      checks: [],
      partitionClause: null,
      estimatedRows: t.estimatedRows,
      dataBytes: t.dataBytes,
      columns: t.columns.map((c): ColumnDef => ({
        name: c.name,
        columnType: c.columnType,
        dataType: c.columnType.replace(/\(.*$/, ''),
        nullable: true,
        default: { kind: 'none' },
        autoIncrement: false,
        onUpdate: null,
        generated: null,
        charset: null,
        collation: null,
        comment: '',
        invisible: false,
      })),
    })),
  }));
}

/** What the engine will copy for these rules, as `db.table`. */
function copied(rules: ReturnType<typeof buildObjects>, databases: readonly BrowseDatabase[]) {
  return resolveSelection(rules, engineCatalog(databases))
    .map((m) => `${m.source.database}.${m.source.table}`)
    .sort();
}

describe('buildObjects', () => {
  it('selects a whole database with a single wildcard', () => {
    const selection = select(
      'shop',
      SHOP.tables.map((t) => t.name),
    );
    expect(buildObjects(CATALOG, selection)).toEqual([{ database: 'shop', tables: ['*'] }]);
  });

  it('lists a few tables by name, in catalog order', () => {
    const selection = select('shop', ['order_items', 'orders']);
    expect(buildObjects(CATALOG, selection)).toEqual([
      { database: 'shop', tables: ['orders', 'order_items'] },
    ]);
  });

  it('writes most of a database as everything but the rest', () => {
    const selection = select('shop', ['orders', 'customers', 'order_items']);
    expect(buildObjects(CATALOG, selection)).toEqual([
      { database: 'shop', tables: ['*'], exclude: ['audit_log'] },
    ]);
  });

  it('leaves out databases with nothing selected, even after tables were unticked', () => {
    let selection = select('crm', ['leads']);
    selection = selectTables(selection, 'crm', ['leads'], false);
    selection = select('shop', ['orders'], selection);
    expect(buildObjects(CATALOG, selection).map((r) => r.database)).toEqual(['shop']);
  });

  it('keeps a rule per database in catalog order', () => {
    const selection = select('shop', ['orders'], select('crm', ['notes']));
    expect(buildObjects(CATALOG, selection).map((r) => r.database)).toEqual(['shop', 'crm']);
  });

  it('carries renames, column subsets, filters and target database of selected tables only', () => {
    let selection = select('shop', ['orders', 'customers']);
    selection = updateTable(selection, 'shop', 'orders', {
      targetName: ' orders_v2 ',
      columns: ['total', 'id'],
      where: "  created_at >= '2024-01-01' ",
    });
    selection = updateTable(selection, 'shop', 'audit_log', { targetName: 'ignored', where: '1' });
    selection = setTargetDatabase(selection, 'shop', ' shop_new ');
    expect(buildObjects(CATALOG, selection)).toEqual([
      {
        database: 'shop',
        tables: ['orders', 'customers'],
        targetDatabase: 'shop_new',
        rename: { orders: 'orders_v2' },
        // Source column order, whatever order they were ticked in.
        columns: { orders: ['id', 'total'] },
        where: { orders: "created_at >= '2024-01-01'" },
      },
    ]);
  });

  it('drops settings that change nothing', () => {
    let selection = select('shop', ['orders']);
    selection = updateTable(selection, 'shop', 'orders', {
      targetName: 'orders',
      columns: ['id', 'customer_id', 'total', 'created_at'],
      where: '   ',
    });
    selection = setTargetDatabase(selection, 'shop', 'shop');
    expect(buildObjects(CATALOG, selection)).toEqual([{ database: 'shop', tables: ['orders'] }]);
  });

  it('states only the object choices the person made', () => {
    let selection = select('shop', ['orders']);
    selection = setObjectChoice(selection, 'shop', 'views', 'skip');
    selection = setObjectChoice(selection, 'shop', 'events', 'migrate');
    selection = setObjectChoice(selection, 'shop', 'events', null);
    expect(buildObjects(CATALOG, selection)).toEqual([
      { database: 'shop', tables: ['orders'], views: 'skip' },
    ]);
    expect(objectChoice(selection, 'shop', 'views')).toBe('skip');
    expect(objectChoice(selection, 'shop', 'routines')).toBe('skip');
    expect(objectChoice(selection, 'shop', 'triggers')).toBe('migrate');
  });

  it('copies exactly the ticked tables once the engine resolves the rules', () => {
    const names = Array.from({ length: 12 }, (_, i) => `t${i}`);
    const db: BrowseDatabase = { name: 'big', tables: names.map((n) => table(n)) };
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const chosen = names.filter(() => random() < 0.5);
      if (chosen.length === 0) continue;
      const rules = buildObjects([db], select('big', chosen));
      expect(copied(rules, [db])).toEqual(chosen.map((n) => `big.${n}`).sort());
    }
  });

  it('picks the form that is exact when a table name is itself a pattern', () => {
    // "a?1" as a pattern also takes "ax1"; listing it would copy a table nobody ticked.
    const db: BrowseDatabase = {
      name: 'odd',
      tables: ['ax1', 'a?1', 'b', 'c', 'd'].map((n) => table(n)),
    };
    const rules = buildObjects([db], select('odd', ['a?1']));
    expect(rules).toEqual([{ database: 'odd', tables: ['*'], exclude: ['ax1', 'b', 'c', 'd'] }]);
    expect(copied(rules, [db])).toEqual(['odd.a?1']);
  });

  it('gives rules the engine accepts with their renames, columns and filters', () => {
    let selection = select('shop', ['orders', 'customers', 'order_items']);
    selection = updateTable(selection, 'shop', 'orders', { targetName: 'o', columns: ['id'] });
    selection = updateTable(selection, 'shop', 'customers', { where: 'id > 10' });
    const [mapping] = resolveSelection(buildObjects(CATALOG, selection), engineCatalog(CATALOG));
    expect(mapping).toMatchObject({
      source: { database: 'shop', table: 'orders' },
      target: { database: 'shop', table: 'o' },
      columns: ['id'],
    });
  });
});

describe('checkState', () => {
  it('is checked, indeterminate or unchecked over the tables it is asked about', () => {
    const selection = select('shop', ['orders', 'customers']);
    expect(checkState(selection, 'shop', ['orders', 'customers'])).toBe('checked');
    expect(checkState(selection, 'shop', ['orders', 'audit_log'])).toBe('indeterminate');
    expect(checkState(selection, 'shop', ['audit_log'])).toBe('unchecked');
    expect(checkState(selection, 'crm', ['leads'])).toBe('unchecked');
  });
});

describe('fitToCatalog', () => {
  it('forgets tables and databases the source no longer has, keeping the rest', () => {
    let selection = select('shop', ['orders', 'customers'], select('gone', ['x']));
    selection = updateTable(selection, 'shop', 'customers', { where: 'id > 1' });
    selection = updateTable(selection, 'shop', 'orders', { targetName: 'o' });
    const shrunk: BrowseDatabase[] = [
      { name: 'shop', tables: SHOP.tables.filter((t) => t.name !== 'customers') },
    ];
    const fitted = fitToCatalog(selection, shrunk);
    expect([...(fitted.selected.shop ?? [])]).toEqual(['orders']);
    expect(fitted.selected.gone).toBeUndefined();
    expect(Object.keys(fitted.tables.shop ?? {})).toEqual(['orders']);
    expect(selectedCount(fitted)).toBe(1);
  });
});

describe('selectionProblems', () => {
  it('asks for at least one table', () => {
    expect(selectionProblems(CATALOG, EMPTY_SELECTION)).toEqual(['Select at least one table.']);
  });

  it('names a table left with no columns', () => {
    const selection = updateTable(select('shop', ['orders']), 'shop', 'orders', { columns: [] });
    expect(selectionProblems(CATALOG, selection)).toEqual([
      'shop.orders: choose at least one column.',
    ]);
  });

  it('names two tables that would be written to one target table', () => {
    let selection = select('shop', ['orders', 'customers']);
    selection = updateTable(selection, 'shop', 'customers', { targetName: 'orders' });
    expect(selectionProblems(CATALOG, selection)).toEqual([
      'shop.orders and shop.customers would both be written to shop.orders.',
    ]);
  });

  it('sees clashes across databases merged into one target database', () => {
    let selection = select('shop', ['orders'], select('crm', ['leads']));
    selection = setTargetDatabase(selection, 'crm', 'shop');
    selection = updateTable(selection, 'crm', 'leads', { targetName: 'orders' });
    expect(selectionProblems(CATALOG, selection)).toHaveLength(1);
    expect(selectionProblems([CRM], selection)).toEqual([]);
  });
});

describe('DEFAULT_OBJECT_CHOICES', () => {
  it('is what the engine does when a rule states no choice', () => {
    expect(DEFAULT_OBJECT_CHOICES).toEqual(DEFAULT_CHOICES);
  });
});
