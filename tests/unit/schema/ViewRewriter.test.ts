import { describe, expect, it } from 'vitest';
import { nameMap, rewriteViewDefinition } from '../../../src/engine/schema/ViewRewriter.js';

const names = nameMap([
  { from: { database: 'shop', name: 'orders' }, to: { database: 'shop_ob', name: 'orders_2024' } },
  { from: { database: 'shop', name: 'users' }, to: { database: 'shop', name: 'users' } },
]);

describe('rewriteViewDefinition', () => {
  it('rewrites qualified table references and column prefixes', () => {
    const r = rewriteViewDefinition(
      'select `shop`.`orders`.`id` AS `id` from `shop`.`orders` join `shop`.`users` on `shop`.`users`.`id` = `shop`.`orders`.`uid`',
      names,
    );
    expect(r.sql).toBe(
      'select `shop_ob`.`orders_2024`.`id` AS `id` from `shop_ob`.`orders_2024` join `shop`.`users` on `shop`.`users`.`id` = `shop_ob`.`orders_2024`.`uid`',
    );
    expect(r.rewritten).toEqual(['`shop`.`orders`']);
  });

  it('leaves string literals and names inside a chain alone', () => {
    const r = rewriteViewDefinition(
      "select '`shop`.`orders`' AS `s`, `x`.`shop`.`orders` from `other`.`orders`",
      names,
    );
    expect(r.sql).toBe(
      "select '`shop`.`orders`' AS `s`, `x`.`shop`.`orders` from `other`.`orders`",
    );
    expect(r.rewritten).toEqual([]);
  });

  it('handles backquotes doubled inside names', () => {
    const odd = nameMap([
      { from: { database: 'd', name: 'a`b' }, to: { database: 'd', name: 'c' } },
    ]);
    expect(rewriteViewDefinition('select * from `d`.`a``b`', odd).sql).toBe(
      'select * from `d`.`c`',
    );
  });
});
