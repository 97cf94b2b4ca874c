import { describe, expect, it } from 'vitest';
import type { ViewDef } from '../../../src/shared/catalog.js';
import { orderViews } from '../../../src/engine/schema/ViewOrder.js';

const view = (database: string, name: string, definition: string): ViewDef => ({
  database,
  name,
  definition,
  checkOption: 'NONE',
  securityType: 'DEFINER',
});

describe('orderViews', () => {
  it('puts a view after the views it selects from, across databases', () => {
    const top = view('a', 'top', 'select `a`.`mid`.`x` AS `x` from `a`.`mid`');
    const mid = view('a', 'mid', 'select `b`.`base`.`x` AS `x` from `b`.`base`');
    const base = view('b', 'base', 'select 1 AS `x`');
    const other = view('a', 'other', 'select `a`.`t`.`id` AS `id` from `a`.`t`');
    expect(orderViews([top, other, mid, base]).map((v) => v.name)).toEqual([
      'base',
      'mid',
      'top',
      'other',
    ]);
  });

  it('keeps the given order when views are independent, and survives self-reference', () => {
    const a = view('d', 'a', 'select `d`.`a`.`x` from `d`.`t` `a`');
    const b = view('d', 'b', 'select 1');
    expect(orderViews([b, a]).map((v) => v.name)).toEqual(['b', 'a']);
  });
});
