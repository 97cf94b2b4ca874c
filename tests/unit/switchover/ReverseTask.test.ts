import { describe, expect, it } from 'vitest';
import {
  pairedTask,
  reverseName,
  reverseSpec,
} from '../../../src/engine/switchover/ReverseTask.js';
import { parseTaskSpec } from '../../../src/engine/task/TaskFile.js';
import type { TableMapping } from '../../../src/shared/catalog.js';

const forward = parseTaskSpec({
  name: 'shop',
  source: { kind: 'mysql', host: 'old-db', port: 3306, user: 'app', passwordEnv: 'SRC_PW' },
  target: { kind: 'oceanbase', host: 'ob', port: 2881, user: 'app@tenant', passwordEnv: 'OB_PW' },
  objects: [{ database: 'shop', tables: ['*'] }],
  options: { serverId: 4242, applyWorkers: 8 },
});

const mapping = (over: Partial<TableMapping>): TableMapping => ({
  source: { database: 'shop', table: 't' },
  target: { database: 'shop', table: 't' },
  columns: null,
  where: null,
  ...over,
});

describe('ReverseTask', () => {
  it('pairs a task with its reverse in both directions', () => {
    expect(reverseName('shop')).toBe('shop.reverse');
    expect(pairedTask('shop')).toBe('shop.reverse');
    expect(pairedTask('shop.reverse')).toBe('shop');
  });

  it('swaps the endpoints, keeps column subsets, drops filters and the forward reader id', () => {
    const reverse = reverseSpec(forward, [
      mapping({
        source: { database: 'shop', table: 'orders' },
        target: { database: 'shop_ob', table: 'orders' },
        columns: ['id', 'total'],
        where: "region = 'eu'",
      }),
      mapping({
        source: { database: 'crm', table: 'people' },
        target: { database: 'shop_ob', table: 'customers' },
      }),
    ]);
    expect(reverse.source).toMatchObject({ kind: 'oceanbase', host: 'ob', passwordEnv: 'OB_PW' });
    expect(reverse.target).toMatchObject({ kind: 'mysql', host: 'old-db', passwordEnv: 'SRC_PW' });
    expect(reverse.objects).toEqual([
      {
        database: 'shop_ob',
        tables: ['orders'],
        targetDatabase: 'shop',
        columns: { orders: ['id', 'total'] },
        views: 'skip',
        triggers: 'skip',
        routines: 'skip',
        events: 'skip',
      },
      {
        database: 'shop_ob',
        tables: ['customers'],
        targetDatabase: 'crm',
        rename: { customers: 'people' },
        views: 'skip',
        triggers: 'skip',
        routines: 'skip',
        events: 'skip',
      },
    ]);
    expect(reverse.steps).toEqual(['incremental']);
    expect(reverse.options).toMatchObject({ applyWorkers: 8, existingTables: 'keep' });
    expect(reverse.options.serverId).toBeUndefined();
    expect(() => parseTaskSpec(reverse)).not.toThrow();
  });

  it('refuses a forward name too long to carry the suffix, and a task with no tables', () => {
    expect(() => reverseSpec({ ...forward, name: 'x'.repeat(60) }, [mapping({})])).toThrow(
      /too long a name for its reverse task/,
    );
    expect(() => reverseSpec(forward, [])).toThrow(/nothing to sync back/);
  });
});
