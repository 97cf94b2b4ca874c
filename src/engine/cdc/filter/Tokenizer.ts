// Splits a row filter's SQL into tokens, refusing what cannot be evaluated (comments, variables,
// unsupported operators), and lists the reserved words.

import { unsupported } from './FilterError.js';

/** hex: 0x41 (a number among numbers, bytes among strings); bytes: x'41' (always a string). */
type TokenKind = 'num' | 'str' | 'hex' | 'bytes' | 'ident' | 'op' | 'word' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  at: number;
  /** An identifier written in backquotes (never a keyword). */
  quoted?: boolean;
}

const WORDS = new Set([
  'AND',
  'OR',
  'XOR',
  'NOT',
  'IS',
  'NULL',
  'TRUE',
  'FALSE',
  'IN',
  'BETWEEN',
  'LIKE',
  'ESCAPE',
  'DIV',
  'MOD',
]);

const OPERATORS = [
  '<=>',
  '<=',
  '>=',
  '<>',
  '!=',
  '&&',
  '||',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '(',
  ')',
  ',',
  '!',
  '.',
];

/** Operators and characters of MySQL the evaluator does not implement, by what they are. */
const UNSUPPORTED_OPERATORS: [string, string][] = [
  [':=', 'an assignment (:=)'],
  ['<<', 'the bit shift operator <<'],
  ['>>', 'the bit shift operator >>'],
  ['|', 'the bitwise operator |'],
  ['&', 'the bitwise operator &'],
  ['^', 'the bitwise operator ^'],
  ['~', 'the bitwise operator ~'],
  [';', 'a second statement (;)'],
  ['{', 'an ODBC escape ({ … })'],
  ['?', 'a placeholder (?)'],
];

/**
 * Unquoted keywords that cannot name a column, by the construct they begin. Any other reserved word
 * is reported as "the keyword X".
 */
export const KEYWORD_CONSTRUCTS: Record<string, string> = {
  CASE: 'a CASE expression',
  WHEN: 'a CASE expression',
  THEN: 'a CASE expression',
  ELSE: 'a CASE expression',
  END: 'a CASE expression',
  SELECT: 'a subquery',
  EXISTS: 'a subquery (EXISTS)',
  ANY: 'a subquery (ANY)',
  SOME: 'a subquery (SOME)',
  ALL: 'a subquery (ALL)',
  REGEXP: 'the REGEXP operator',
  RLIKE: 'the RLIKE (REGEXP) operator',
  SOUNDS: 'SOUNDS LIKE',
  INTERVAL: 'INTERVAL arithmetic',
  COLLATE: 'a COLLATE clause',
  BINARY: 'the BINARY operator',
  MATCH: 'full-text MATCH … AGAINST',
  LEADING: 'TRIM(LEADING …)',
  TRAILING: 'TRIM(TRAILING …)',
  BOTH: 'TRIM(BOTH …)',
  CURRENT_TIMESTAMP: 'the non-deterministic CURRENT_TIMESTAMP',
  CURRENT_DATE: 'the non-deterministic CURRENT_DATE',
  CURRENT_TIME: 'the non-deterministic CURRENT_TIME',
  LOCALTIME: 'the non-deterministic LOCALTIME',
  LOCALTIMESTAMP: 'the non-deterministic LOCALTIMESTAMP',
  UTC_DATE: 'the non-deterministic UTC_DATE',
  UTC_TIME: 'the non-deterministic UTC_TIME',
  UTC_TIMESTAMP: 'the non-deterministic UTC_TIMESTAMP',
  CURRENT_USER: 'the session-dependent CURRENT_USER',
  CURRENT_ROLE: 'the session-dependent CURRENT_ROLE',
};

export const RESERVED = new Set([
  ...Object.keys(KEYWORD_CONSTRUCTS),
  'AS',
  'ASC',
  'BY',
  'CAST',
  'CONVERT',
  'DEFAULT',
  'DESC',
  'DISTINCT',
  'FOR',
  'FROM',
  'GROUP',
  'HAVING',
  'INTO',
  'JOIN',
  'LIMIT',
  'LOCK',
  'ON',
  'ORDER',
  'OVER',
  'PARTITION',
  'ROW',
  'UNION',
  'USING',
  'VALUES',
  'WHERE',
  'WINDOW',
  'WITH',
]);

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  b: '\b',
  Z: '\x1a',
};

const IDENT_CHAR = /[\w$\u0080-\uffff]/;

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const at = i;
    const rest = sql.slice(i);
    // A comment would hide the rest of the WHERE clause from the full copy's query.
    if (
      c === '#' ||
      rest.startsWith('/*') ||
      (rest.startsWith('--') &&
        (rest.length === 2 || rest.charCodeAt(2) <= 0x20 || /\s/.test(rest[2] ?? '')))
    ) {
      throw unsupported(sql, 'a comment', at);
    }
    if (c === '@') {
      throw unsupported(sql, `a variable (${/^@@?[\w$.]*/.exec(rest)?.[0] ?? '@'})`, at);
    }
    if (c === "'" || c === '"') {
      let text = '';
      i += 1;
      for (;;) {
        if (i >= sql.length) throw unsupported(sql, 'an unterminated string', at);
        const d = sql[i] as string;
        if (d === '\\' && i + 1 < sql.length) {
          const e = sql[i + 1] as string;
          // \% and \_ keep their backslash: LIKE reads them as literal % and _.
          text += e === '%' || e === '_' ? `\\${e}` : (ESCAPES[e] ?? e);
          i += 2;
        } else if (d === c && sql[i + 1] === c) {
          text += c;
          i += 2;
        } else if (d === c) {
          i += 1;
          break;
        } else {
          text += d;
          i += 1;
        }
      }
      tokens.push({ kind: 'str', text, at });
      continue;
    }
    if (c === '`') {
      let text = '';
      i += 1;
      for (;;) {
        if (i >= sql.length) throw unsupported(sql, 'an unterminated identifier', at);
        const d = sql[i] as string;
        if (d === '`' && sql[i + 1] === '`') {
          text += '`';
          i += 2;
        } else if (d === '`') {
          i += 1;
          break;
        } else {
          text += d;
          i += 1;
        }
      }
      tokens.push({ kind: 'ident', text, at, quoted: true });
      continue;
    }
    const hexQuoted = /^x'([^']*)'/i.exec(rest);
    if (hexQuoted) {
      const digits = hexQuoted[1] ?? '';
      if (!/^(?:[0-9a-f]{2})*$/i.test(digits)) throw unsupported(sql, 'an invalid hex literal', at);
      tokens.push({ kind: 'bytes', text: Buffer.from(digits, 'hex').toString('latin1'), at });
      i += hexQuoted[0].length;
      continue;
    }
    const hex = /^0x([0-9a-f]+)(?![\w$\u0080-\uffff])/i.exec(rest);
    if (hex) {
      const digits = hex[1] ?? '';
      const even = digits.length % 2 === 1 ? `0${digits}` : digits;
      tokens.push({ kind: 'hex', text: Buffer.from(even, 'hex').toString('latin1'), at });
      i += hex[0].length;
      continue;
    }
    if (/^(?:b'[01]*'|0b[01]+(?![\w$\u0080-\uffff]))/i.test(rest)) {
      throw unsupported(sql, 'a bit-value literal', at);
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/i.exec(rest);
    if (num) {
      const after = sql[i + num[0].length];
      if (
        after !== undefined &&
        IDENT_CHAR.test(after) &&
        /^\d/.test(num[0]) &&
        !/\./.test(num[0])
      ) {
        // MySQL reads 1abc as an identifier, not as 1 followed by abc.
        const word = /^[\w$\u0080-\uffff]+/.exec(rest)?.[0] ?? num[0];
        tokens.push({ kind: 'ident', text: word, at });
        i += word.length;
        continue;
      }
      tokens.push({ kind: 'num', text: num[0], at });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*/.exec(rest);
    if (word) {
      const upper = word[0].toUpperCase();
      tokens.push({ kind: WORDS.has(upper) ? 'word' : 'ident', text: word[0], at });
      i += word[0].length;
      continue;
    }
    const bad =
      rest.startsWith('||') || rest.startsWith('&&')
        ? undefined
        : UNSUPPORTED_OPERATORS.find(([o]) => rest.startsWith(o));
    if (bad) throw unsupported(sql, bad[1], at);
    const op = OPERATORS.find((o) => sql.startsWith(o, i));
    if (!op) throw unsupported(sql, `the character "${c}"`, at);
    tokens.push({ kind: 'op', text: op, at });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '', at: sql.length });
  return tokens;
}
