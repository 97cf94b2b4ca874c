import { describe, expect, it } from 'vitest';
import {
  findCaseCollisions,
  judgeCaseCollisions,
} from '../../../src/engine/precheck/CaseCollisions.js';

describe('findCaseCollisions', () => {
  it('finds tables of one database that differ only by case', () => {
    expect(
      findCaseCollisions([
        { database: 'shop', table: 'Orders' },
        { database: 'shop', table: 'orders' },
        { database: 'shop', table: 'items' },
      ]),
    ).toEqual([{ kind: 'table', names: ['shop.Orders', 'shop.orders'] }]);
  });

  it('finds databases that differ only by case, without repeating their tables', () => {
    expect(
      findCaseCollisions([
        { database: 'Shop', table: 'orders' },
        { database: 'shop', table: 'orders' },
      ]),
    ).toEqual([{ kind: 'database', names: ['Shop', 'shop'] }]);
  });

  it('finds nothing among distinct names', () => {
    expect(
      findCaseCollisions([
        { database: 'a', table: 't' },
        { database: 'b', table: 't' },
        { database: 'a', table: 't2' },
      ]),
    ).toEqual([]);
  });
});

describe('judgeCaseCollisions', () => {
  const clash = [
    { database: 'shop', table: 'Orders' },
    { database: 'shop', table: 'orders' },
  ];

  it('fails collisions on a folding target, naming the pair', () => {
    const r = judgeCaseCollisions(clash, 1);
    expect(r.status).toBe('fail');
    expect(r.detail).toContain('shop.Orders and shop.orders');
    expect(r.objects).toEqual(['shop.Orders', 'shop.orders']);
  });

  it('passes the same names on a case-sensitive target', () => {
    expect(judgeCaseCollisions(clash, 0).status).toBe('pass');
  });
});
