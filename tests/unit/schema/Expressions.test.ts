import { describe, expect, it } from 'vitest';
import {
  identifiersIn,
  matchingParen,
  mentionedNames,
  parenthesize,
  partitionExpressions,
} from '../../../src/engine/schema/Expressions.js';

describe('identifiersIn', () => {
  it('finds backquoted and bare names, not calls, strings or numbers', () => {
    expect(identifiersIn("concat(`first name`, ' ', last) + 1 AND x = 'a`b' AND `a``b`")).toEqual([
      'first name',
      'last',
      'AND',
      'x',
      'AND',
      'a`b',
    ]);
  });

  it('skips escaped quotes inside strings', () => {
    expect(identifiersIn("'it''s \\' `no`' = `yes`")).toEqual(['yes']);
  });
});

describe('mentionedNames', () => {
  it('matches case-insensitively and returns the given spelling', () => {
    expect(mentionedNames('`Price` * qty', ['price', 'QTY', 'total'])).toEqual(['price', 'QTY']);
  });
});

describe('parenthesize', () => {
  it('wraps unless the whole text already is one parenthesised group', () => {
    expect(parenthesize('`a` + 1')).toBe('(`a` + 1)');
    expect(parenthesize(' (`a` + 1) ')).toBe('(`a` + 1)');
    expect(parenthesize('(a) + (b)')).toBe('((a) + (b))');
    expect(parenthesize("(')')")).toBe("(')')");
  });

  it('matchingParen ignores parentheses in strings and identifiers', () => {
    expect(matchingParen("(a = ')' and `)` = 1)", 0)).toBe(20);
    expect(matchingParen('(unclosed', 0)).toBe(-1);
  });
});

describe('partitionExpressions', () => {
  it('extracts partition and subpartition expressions, not partition names or values', () => {
    const clause =
      'PARTITION BY RANGE (year(`created`)) SUBPARTITION BY HASH (`id`) SUBPARTITIONS 2\n(PARTITION `p0` VALUES LESS THAN (2020))';
    expect(partitionExpressions(clause)).toEqual(['year(`created`)', '`id`']);
  });

  it('handles COLUMNS, LINEAR and ALGORITHM forms', () => {
    expect(
      partitionExpressions(
        'PARTITION BY LIST COLUMNS(`region`, `kind`) (PARTITION p VALUES IN ((1,2)))',
      ),
    ).toEqual(['`region`, `kind`']);
    expect(partitionExpressions('PARTITION BY LINEAR KEY ALGORITHM=2 (id) PARTITIONS 4')).toEqual([
      'id',
    ]);
  });
});
