/**
 * Just enough SQL scanning to find which columns an expression mentions and where parentheses
 * close. Servers print column references backquoted, but MySQL 5.7 prints partition expressions
 * bare, so bare words count too. A bare word that happens to equal a column name only makes a
 * caller more cautious (drop or block), never less.
 */

/** Index just past a quoted run starting at `start` (a quote character). */
function skipQuoted(sql: string, start: number): number {
  const quote = sql[start];
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === '\\' && quote !== '`') {
      i += 2;
    } else if (ch === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i += 1;
    }
  }
  return i;
}

const WORD = /[A-Za-z0-9_$\u0080-\uffff]/;

/** Identifiers mentioned in an expression: backquoted names, and bare words that are not calls. */
export function identifiersIn(sql: string): string[] {
  const found: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] ?? '';
    if (ch === '`') {
      const end = skipQuoted(sql, i);
      found.push(sql.slice(i + 1, end - 1).replaceAll('``', '`'));
      i = end;
    } else if (ch === "'" || ch === '"') {
      i = skipQuoted(sql, i);
    } else if (WORD.test(ch)) {
      let end = i;
      while (end < sql.length && WORD.test(sql[end] ?? '')) end += 1;
      const word = sql.slice(i, end);
      const next = /^\s*(.)/.exec(sql.slice(end))?.[1];
      if (next !== '(' && !/^\d/.test(word)) found.push(word);
      i = end;
    } else {
      i += 1;
    }
  }
  return found;
}

/** The names from `names` that the expression mentions (column names compare case-insensitively). */
export function mentionedNames(sql: string, names: Iterable<string>): string[] {
  const mentioned = new Set(identifiersIn(sql).map((n) => n.toLowerCase()));
  return [...names].filter((n) => mentioned.has(n.toLowerCase()));
}

/** Index of the parenthesis that closes the one at `open`, or -1. */
export function matchingParen(sql: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      i = skipQuoted(sql, i);
      continue;
    }
    if (ch === '(') depth += 1;
    if (ch === ')') {
      depth -= 1;
      if (depth === 0) return i;
    }
    i += 1;
  }
  return -1;
}

/** `(expr)`, without doubling parentheses the server already printed around the whole thing. */
export function parenthesize(sql: string): string {
  const text = sql.trim();
  const whole = text.startsWith('(') && matchingParen(text, 0) === text.length - 1;
  return whole ? text : `(${text})`;
}

/** The partitioning and subpartitioning expressions (or column lists) of a PARTITION BY clause. */
export function partitionExpressions(clause: string): string[] {
  const head =
    /\b(?:SUB)?PARTITION\s+BY\s+(?:LINEAR\s+)?(?:HASH|KEY|RANGE|LIST)(?:\s+COLUMNS)?(?:\s+ALGORITHM\s*=\s*\d+)?\s*\(/gi;
  const expressions: string[] = [];
  for (const m of clause.matchAll(head)) {
    const open = m.index + m[0].length - 1;
    const close = matchingParen(clause, open);
    if (close > open) expressions.push(clause.slice(open + 1, close));
  }
  return expressions;
}
