import { describe, expect, it } from 'vitest';
import { checksRule } from '../../../../src/engine/schema/rules/checks.js';
import { eventsRule } from '../../../../src/engine/schema/rules/events.js';
import { expressionIndexesRule } from '../../../../src/engine/schema/rules/expressionIndexes.js';
import { fulltextRule } from '../../../../src/engine/schema/rules/fulltext.js';
import { generatedColumnsRule } from '../../../../src/engine/schema/rules/generatedColumns.js';
import { spatialRule } from '../../../../src/engine/schema/rules/spatial.js';
import {
  column,
  index,
  mariadbTarget,
  mysqlTarget,
  obTarget,
  part,
  primaryKey,
  table,
} from '../fixtures.js';

const ctx = (version: string) => ({ target: obTarget(version), convertUnsupportedCharsets: false });

describe('oceanbase.gis', () => {
  const gis = table({
    columns: [
      column('id', 'int(11)', { nullable: false, default: { kind: 'none' } }),
      column('g', 'geometry', { nullable: false, default: { kind: 'none' } }),
      column('p', 'point'),
    ],
    indexes: [primaryKey('id'), index('sp', 'spatial', [part('g')])],
  });

  it('applies below 4.1 only', () => {
    expect(spatialRule.appliesTo(obTarget('3.2.4'))).toBe(true);
    expect(spatialRule.appliesTo(obTarget('4.0.9'))).toBe(true);
    expect(spatialRule.appliesTo(obTarget('4.1.0'))).toBe(false);
    expect(spatialRule.appliesTo(mysqlTarget())).toBe(false);
  });

  it('blocks spatial columns and SPATIAL indexes', () => {
    const { table: t, blocked } = spatialRule.apply(gis, ctx('4.0.0'));
    expect(t).toBe(gis);
    expect(blocked?.map((c) => [c.object, c.rule, c.action])).toEqual([
      [
        'shop.orders.g',
        'oceanbase.gis.unsupported',
        'geometry column needs OceanBase 4.1 (target: 4.0.0)',
      ],
      [
        'shop.orders.p',
        'oceanbase.gis.unsupported',
        'point column needs OceanBase 4.1 (target: 4.0.0)',
      ],
      [
        'shop.orders.sp',
        'oceanbase.gis.unsupported',
        'SPATIAL index needs OceanBase 4.1 (target: 4.0.0)',
      ],
    ]);
  });
});

describe('oceanbase.fulltext', () => {
  const ft = table({
    columns: [column('id', 'int(11)'), column('body', 'text')],
    indexes: [primaryKey('id'), index('ft_body', 'fulltext', [part('body')])],
  });

  it('applies below 4.3.1 only', () => {
    expect(fulltextRule.appliesTo(obTarget('4.3.0'))).toBe(true);
    expect(fulltextRule.appliesTo(obTarget('4.3.1'))).toBe(false);
    expect(fulltextRule.appliesTo(obTarget('4.4.0'))).toBe(false);
    expect(fulltextRule.appliesTo(mariadbTarget())).toBe(false);
  });

  it('drops FULLTEXT indexes with a warning, keeps the rest', () => {
    const { table: t, changes } = fulltextRule.apply(ft, ctx('4.2.1'));
    expect(t.indexes.map((i) => i.name)).toEqual(['PRIMARY']);
    expect(changes.map((c) => [c.object, c.rule, c.action, c.severity])).toEqual([
      ['shop.orders.ft_body', 'oceanbase.fulltext', 'FULLTEXT index ft_body dropped', 'warn'],
    ]);
  });
});

describe('oceanbase.check', () => {
  const checked = table({ checks: [{ name: 'id_pos', clause: '`id` > 0' }] });

  it('applies below 3.2.3 only', () => {
    expect(checksRule.appliesTo(obTarget('3.2.2'))).toBe(true);
    expect(checksRule.appliesTo(obTarget('3.2.3'))).toBe(false);
    expect(checksRule.appliesTo(obTarget('4.0.0'))).toBe(false);
  });

  it('drops CHECK constraints with a warning', () => {
    const { table: t, changes } = checksRule.apply(checked, ctx('3.1.5'));
    expect(t.checks).toEqual([]);
    expect(changes.map((c) => [c.object, c.action, c.severity])).toEqual([
      ['shop.orders.id_pos', 'CHECK `id` > 0 dropped', 'warn'],
    ]);
  });
});

describe('oceanbase.expression-index', () => {
  it('blocks indexes with expression parts on every release', () => {
    const t = table({
      columns: [column('id', 'int(11)'), column('email', 'varchar(100)')],
      indexes: [
        primaryKey('id'),
        index('k_lower', 'index', [part('x', { column: null, expression: 'lower(`email`)' })]),
        index('k_email', 'index', [part('email')]),
      ],
    });
    expect(expressionIndexesRule.appliesTo(obTarget('4.3.3'))).toBe(true);
    expect(expressionIndexesRule.appliesTo(mysqlTarget())).toBe(false);
    const { blocked } = expressionIndexesRule.apply(t, ctx('4.3.3'));
    expect(blocked?.map((c) => [c.object, c.rule, c.action])).toEqual([
      [
        'shop.orders.k_lower',
        'oceanbase.expression-index.unsupported',
        'index k_lower has expression parts: lower(`email`)',
      ],
    ]);
  });
});

describe('oceanbase.generated-column', () => {
  it('blocks a generated column built on another generated column', () => {
    const t = table({
      columns: [
        column('price', 'int(11)'),
        column('net', 'int(11)', { generated: { expression: '`price` * 2', stored: true } }),
        column('gross', 'int(11)', { generated: { expression: '`NET` + 1', stored: false } }),
      ],
    });
    const { blocked } = generatedColumnsRule.apply(t, ctx('4.2.1'));
    expect(blocked?.map((c) => [c.object, c.rule, c.action])).toEqual([
      [
        'shop.orders.gross',
        'oceanbase.generated-column.unsupported',
        'generated column gross uses generated column net',
      ],
    ]);
  });

  it('accepts generated columns over base columns', () => {
    const t = table({
      columns: [
        column('price', 'int(11)'),
        column('net', 'int(11)', { generated: { expression: '`price` * 2', stored: true } }),
      ],
    });
    expect(generatedColumnsRule.apply(t, ctx('4.2.1')).blocked).toEqual([]);
  });
});

describe('oceanbase.event', () => {
  it('keeps events off every OceanBase release, not off MySQL or MariaDB', () => {
    expect(eventsRule.kind).toBe('event');
    expect(eventsRule.appliesTo(obTarget('4.3.3'))).toBe(true);
    expect(eventsRule.appliesTo(mysqlTarget())).toBe(false);
    expect(eventsRule.appliesTo(mariadbTarget())).toBe(false);
  });
});
