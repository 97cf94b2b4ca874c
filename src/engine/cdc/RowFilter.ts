import type { ColumnDef } from '../../shared/catalog.js';
import { CutoverError } from '../errors.js';
import { isBinaryStringType, isCharacterType } from '../schema/ColumnTypes.js';

/**
 * A column value as the evaluator sees it: integers and floats as numbers; DECIMAL and 64-bit
 * integers beyond 2^53 as exact decimal strings; temporal values as the server prints them; text,
 * ENUM labels and SET lists as strings; binary strings as latin1 strings; NULL as null.
 */
export type FilterValue = string | number | null;
export type FilterRow = Record<string, FilterValue>;

export interface RowFilter {
  readonly sql: string;
  /** Column names the expression reads, as the table spells them. */
  readonly columns: string[];
  /** WHERE semantics: true only when the expression is TRUE (NULL counts as false). */
  matches(row: FilterRow): boolean;
}

/*
 * How the evaluator follows the server (MariaDB 10.11 is the reference it is tested against):
 * - Every expression gets a static type at compile time (integer, exact decimal, double, string
 *   with a collation, temporal, NULL), and each comparison picks its method from the two types the
 *   way the server's Arg_comparator does: strings by collation, integers and decimals exactly,
 *   anything mixing numbers and text as doubles, temporal values as datetimes.
 * - Exact arithmetic uses bigints; division keeps the server's internal digits (multiples of nine)
 *   and comparisons round decimals to the declared scale, as MariaDB does (1/3 = 0.3333).
 * - Comparisons whose outcome depends on conversion rules the server applies inconsistently (IN
 *   lists and BETWEEN mixing numbers and free text, columns of different collations, TIME against
 *   dates) are refused rather than guessed.
 */

// ---- tokens -------------------------------------------------------------------------------------

/** hex: 0x41 (a number among numbers, bytes among strings); bytes: x'41' (always a string). */
type TokenKind = 'num' | 'str' | 'hex' | 'bytes' | 'ident' | 'op' | 'word' | 'end';

interface Token {
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
const KEYWORD_CONSTRUCTS: Record<string, string> = {
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

const RESERVED = new Set([
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

function unsupported(sql: string, what: string, at: number): CutoverError {
  return new CutoverError(
    'FILTER_UNSUPPORTED',
    `The row filter "${sql}" uses ${what} (at character ${at + 1}), which the change stream cannot evaluate.`,
    'Rewrite the filter with comparisons, AND/OR/NOT, IN, BETWEEN, LIKE, IS NULL, arithmetic and simple functions (LOWER, UPPER, LENGTH, COALESCE, IFNULL, ABS, CONCAT, SUBSTRING, TRIM, DATE, YEAR, MONTH, DAY), or remove it; the full copy and the change stream must agree on which rows belong.',
  );
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  b: '\b',
  Z: '\x1a',
};

const IDENT_CHAR = /[\w$\u0080-\uffff]/;

function tokenize(sql: string): Token[] {
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

// ---- syntax tree --------------------------------------------------------------------------------

type Node =
  | { t: 'num'; text: string; at: number }
  | { t: 'str'; v: string; at: number }
  | { t: 'hex'; v: string; hybrid: boolean; at: number }
  | { t: 'null'; at: number }
  | { t: 'bool'; v: boolean; at: number }
  | { t: 'col'; def: ColumnDef; at: number }
  | { t: 'not'; e: Node; at: number }
  | { t: 'neg'; e: Node; at: number }
  | { t: 'logic'; op: 'AND' | 'OR' | 'XOR'; l: Node; r: Node; at: number }
  | { t: 'cmp'; op: string; l: Node; r: Node; at: number }
  | { t: 'arith'; op: string; l: Node; r: Node; at: number }
  | { t: 'is'; e: Node; what: 'NULL' | 'TRUE' | 'FALSE'; not: boolean; at: number }
  | { t: 'in'; e: Node; list: Node[]; not: boolean; at: number }
  | { t: 'between'; e: Node; lo: Node; hi: Node; not: boolean; at: number }
  | { t: 'like'; e: Node; pattern: Node; escape: string; not: boolean; at: number }
  | { t: 'call'; name: string; args: Node[]; at: number };

const FUNCTIONS: Record<string, [min: number, max: number]> = {
  LOWER: [1, 1],
  LCASE: [1, 1],
  UPPER: [1, 1],
  UCASE: [1, 1],
  LENGTH: [1, 1],
  CHAR_LENGTH: [1, 1],
  COALESCE: [1, 64],
  IFNULL: [2, 2],
  ABS: [1, 1],
  MOD: [2, 2],
  CONCAT: [1, 64],
  SUBSTRING: [2, 3],
  SUBSTR: [2, 3],
  TRIM: [1, 1],
  DATE: [1, 1],
  YEAR: [1, 1],
  MONTH: [1, 1],
  DAY: [1, 1],
};

const COMPARISONS = ['=', '<=>', '<>', '!=', '<', '<=', '>', '>='];

/**
 * Recursive descent over MariaDB's grammar (lowest precedence first): OR/||, XOR, AND/&&, NOT,
 * comparisons and IS (left to right; the right side of a comparison is a whole predicate), then
 * predicates ([NOT] IN/BETWEEN/LIKE over additive operands, BETWEEN's upper bound itself a
 * predicate), + -, * / DIV % MOD, unary - + !, and primaries.
 */
class Parser {
  private i = 0;

  constructor(
    private readonly sql: string,
    private readonly tokens: Token[],
    private readonly columns: Map<string, ColumnDef>,
    private readonly used: Set<string>,
  ) {}

  private get peek(): Token {
    return this.tokens[this.i] as Token;
  }

  private get after(): Token {
    return (this.tokens[this.i + 1] ?? this.tokens[this.tokens.length - 1]) as Token;
  }

  private next(): Token {
    const t = this.peek;
    this.i += 1;
    return t;
  }

  private isWord(text: string): boolean {
    return this.peek.kind === 'word' && this.peek.text.toUpperCase() === text;
  }

  private isOp(text: string): boolean {
    return this.peek.kind === 'op' && this.peek.text === text;
  }

  /** What a token is, for a message: keywords by the construct they start. */
  private describe(t: Token): string {
    if (t.kind === 'end') return 'an incomplete expression';
    const upper = t.text.toUpperCase();
    if (t.kind === 'ident' && !t.quoted && RESERVED.has(upper)) {
      return KEYWORD_CONSTRUCTS[upper] ?? `the keyword ${upper}`;
    }
    return `"${t.text}"`;
  }

  private expect(ok: boolean, what: string): void {
    if (!ok) {
      throw unsupported(
        this.sql,
        this.peek.kind === 'end'
          ? `an incomplete expression (${what} expected)`
          : `${this.describe(this.peek)} where ${what} was expected`,
        this.peek.at,
      );
    }
    this.i += 1;
  }

  parse(): Node {
    const node = this.or();
    if (this.peek.kind !== 'end')
      throw unsupported(this.sql, this.describe(this.peek), this.peek.at);
    return node;
  }

  private or(): Node {
    let l = this.xor();
    while (this.isWord('OR') || this.isOp('||')) {
      const at = this.next().at;
      l = { t: 'logic', op: 'OR', l, r: this.xor(), at };
    }
    return l;
  }

  private xor(): Node {
    let l = this.and();
    while (this.isWord('XOR')) {
      const at = this.next().at;
      l = { t: 'logic', op: 'XOR', l, r: this.and(), at };
    }
    return l;
  }

  private and(): Node {
    let l = this.not();
    while (this.isWord('AND') || this.isOp('&&')) {
      const at = this.next().at;
      l = { t: 'logic', op: 'AND', l, r: this.not(), at };
    }
    return l;
  }

  private not(): Node {
    if (this.isWord('NOT')) {
      const at = this.next().at;
      return { t: 'not', e: this.not(), at };
    }
    return this.comparison();
  }

  private comparison(): Node {
    let l = this.predicate();
    for (;;) {
      if (this.peek.kind === 'op' && COMPARISONS.includes(this.peek.text)) {
        const t = this.next();
        l = { t: 'cmp', op: t.text === '!=' ? '<>' : t.text, l, r: this.predicate(), at: t.at };
        continue;
      }
      if (this.isWord('IS')) {
        const at = this.next().at;
        const not = this.isWord('NOT');
        if (not) this.next();
        const what = this.peek.text.toUpperCase();
        this.expect(
          this.peek.kind === 'word' && ['NULL', 'TRUE', 'FALSE'].includes(what),
          'NULL, TRUE or FALSE',
        );
        l = { t: 'is', e: l, what: what as 'NULL' | 'TRUE' | 'FALSE', not, at };
        continue;
      }
      return l;
    }
  }

  private predicate(): Node {
    let l = this.additive();
    for (;;) {
      const save = this.i;
      const not = this.isWord('NOT');
      if (not) this.next();
      const at = this.peek.at;
      if (not && this.peek.kind === 'ident' && !this.peek.quoted) {
        if (RESERVED.has(this.peek.text.toUpperCase())) {
          throw unsupported(this.sql, this.describe(this.peek), at);
        }
      }
      if (this.isWord('IN')) {
        this.next();
        this.expect(this.isOp('('), '(');
        const list = [this.or()];
        while (this.isOp(',')) {
          this.next();
          list.push(this.or());
        }
        this.expect(this.isOp(')'), ')');
        l = { t: 'in', e: l, list, not, at };
        continue;
      }
      if (this.isWord('BETWEEN')) {
        this.next();
        const lo = this.additive();
        this.expect(this.isWord('AND'), 'AND');
        const hi = this.predicate();
        l = { t: 'between', e: l, lo, hi, not, at };
        continue;
      }
      if (this.isWord('LIKE')) {
        this.next();
        const pattern = this.additive();
        let escape = '\\';
        if (this.isWord('ESCAPE')) {
          this.next();
          const e = this.peek;
          if (e.kind !== 'str' || [...e.text].length !== 1) {
            throw unsupported(this.sql, 'an ESCAPE that is not a one-character string', e.at);
          }
          escape = e.text;
          this.next();
        }
        l = { t: 'like', e: l, pattern, escape, not, at };
        continue;
      }
      this.i = save;
      return l;
    }
  }

  private additive(): Node {
    let l = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const t = this.next();
      l = { t: 'arith', op: t.text, l, r: this.multiplicative(), at: t.at };
    }
    return l;
  }

  private multiplicative(): Node {
    let l = this.unary();
    for (;;) {
      if (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
        const t = this.next();
        l = { t: 'arith', op: t.text, l, r: this.unary(), at: t.at };
      } else if (this.isWord('DIV') || (this.isWord('MOD') && !this.afterIsOpenParen())) {
        const t = this.next();
        const op = t.text.toUpperCase() === 'DIV' ? 'DIV' : '%';
        l = { t: 'arith', op, l, r: this.unary(), at: t.at };
      } else {
        return l;
      }
    }
  }

  private afterIsOpenParen(): boolean {
    return this.after.kind === 'op' && this.after.text === '(';
  }

  private unary(): Node {
    if (this.isOp('-')) {
      const at = this.next().at;
      return { t: 'neg', e: this.unary(), at };
    }
    if (this.isOp('+')) {
      this.next();
      return this.unary();
    }
    if (this.isOp('!')) {
      const at = this.next().at;
      return { t: 'not', e: this.unary(), at };
    }
    return this.primary();
  }

  private primary(): Node {
    const t = this.next();
    switch (t.kind) {
      case 'num':
        return { t: 'num', text: t.text, at: t.at };
      case 'str': {
        // Adjacent quoted strings are one literal: 'a' 'b' is 'ab'.
        let v = t.text;
        while (this.peek.kind === 'str') v += this.next().text;
        return { t: 'str', v, at: t.at };
      }
      case 'hex':
      case 'bytes':
        return { t: 'hex', v: t.text, hybrid: t.kind === 'hex', at: t.at };
      case 'word': {
        const w = t.text.toUpperCase();
        if (w === 'NULL') return { t: 'null', at: t.at };
        if (w === 'TRUE') return { t: 'bool', v: true, at: t.at };
        if (w === 'FALSE') return { t: 'bool', v: false, at: t.at };
        if (w === 'MOD' && this.isOp('(')) return this.call(t);
        throw unsupported(this.sql, `"${t.text}"`, t.at);
      }
      case 'op':
        if (t.text === '(') {
          const inner = this.or();
          if (this.isOp(',')) throw unsupported(this.sql, 'a row constructor', t.at);
          this.expect(this.isOp(')'), ')');
          return inner;
        }
        throw unsupported(this.sql, `"${t.text}"`, t.at);
      case 'ident':
        return this.identifier(t);
      default:
        throw unsupported(this.sql, 'an incomplete expression', t.at);
    }
  }

  private call(t: Token): Node {
    const name = t.text.toUpperCase();
    const arity = FUNCTIONS[name];
    if (!arity || t.quoted) throw unsupported(this.sql, `the function ${t.text}()`, t.at);
    this.next();
    const args: Node[] = [];
    if (!this.isOp(')')) {
      args.push(this.or());
      while (this.isOp(',')) {
        this.next();
        args.push(this.or());
      }
    }
    this.expect(this.isOp(')'), ')');
    if (args.length < arity[0] || args.length > arity[1]) {
      throw unsupported(this.sql, `${t.text}() with ${args.length} argument(s)`, t.at);
    }
    return { t: 'call', name, args, at: t.at };
  }

  private identifier(t: Token): Node {
    const upper = t.text.toUpperCase();
    if (!t.quoted && RESERVED.has(upper) && !this.isOp('.')) {
      throw unsupported(this.sql, this.describe(t), t.at);
    }
    if (this.isOp('(')) return this.call(t);
    if (!t.quoted && this.peek.kind === 'str') {
      if (['DATE', 'TIME', 'TIMESTAMP'].includes(upper)) {
        throw unsupported(this.sql, `a ${upper} literal`, t.at);
      }
      if (upper === 'N' || upper.startsWith('_')) {
        throw unsupported(this.sql, 'a character set introducer', t.at);
      }
    }
    let name = t.text;
    // `t`.`c` or db.t.c: the qualifier names the one table being filtered.
    while (this.isOp('.')) {
      this.next();
      const part = this.next();
      if (part.kind !== 'ident' && part.kind !== 'word') {
        throw unsupported(
          this.sql,
          part.text === '*' ? 'a wildcard (.*)' : 'a qualified name',
          part.at,
        );
      }
      name = part.text;
    }
    const column = this.columns.get(name.toLowerCase());
    if (!column) throw unsupported(this.sql, `the unknown column ${name}`, t.at);
    this.used.add(column.name);
    return { t: 'col', def: column, at: t.at };
  }
}

// ---- exact decimals -----------------------------------------------------------------------------

/** n / 10^s, carried with the server's frac count f (the scale the server thinks it has). */
interface Dec {
  n: bigint;
  s: number;
  f: number;
}

const MAX_SCALE = 38;

function pow10(k: number): bigint {
  return 10n ** BigInt(k);
}

function dec(n: bigint, s = 0, f = s): Dec {
  return { n, s, f };
}

/** The longest decimal prefix of a string (MySQL's string → DECIMAL), 0 when there is none. */
function parseDec(text: string): Dec {
  const m = /^\s*([-+]?)(\d*)(?:\.(\d*))?(?:e([-+]?\d+))?/i.exec(text);
  const int = m?.[2] ?? '';
  const frac = m?.[3] ?? '';
  if (!m || (int === '' && frac === '')) return dec(0n);
  const sign = m[1] === '-' ? -1n : 1n;
  const exp = Math.max(-200, Math.min(200, Number(m[4] ?? 0)));
  const digits = BigInt(`${int}${frac}` || '0') * sign;
  const scale = frac.length - exp;
  return scale >= 0 ? dec(digits, scale) : dec(digits * pow10(-scale), 0);
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const s = Math.max(a.s, b.s);
  return [a.n * pow10(s - a.s), b.n * pow10(s - b.s), s];
}

function decCmp(a: Dec, b: Dec): number {
  const [x, y] = align(a, b);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Rounds half away from zero to d digits (the server's HALF_UP). */
function decRound(a: Dec, d: number): Dec {
  if (a.s <= d) return a;
  const div = pow10(a.s - d);
  const q = a.n / div;
  const r = a.n % div;
  const twice = (r < 0n ? -r : r) * 2n;
  const n = twice >= div ? q + (a.n < 0n ? -1n : 1n) : q;
  return dec(n, d, Math.min(a.f, d));
}

/** The decimal as text with exactly d fraction digits (rounded), as the server prints it. */
function decText(a: Dec, d: number): string {
  const r = decRound(a, d);
  const n = r.n * pow10(d - r.s);
  const neg = n < 0n;
  const digits = (neg ? -n : n).toString().padStart(d + 1, '0');
  const int = digits.slice(0, digits.length - d);
  const frac = digits.slice(digits.length - d);
  return `${neg ? '-' : ''}${int}${d > 0 ? `.${frac}` : ''}`;
}

function decToNumber(a: Dec): number {
  return Number(decText(a, a.s));
}

function decArith(op: string, a: Dec, b: Dec): Dec | null {
  switch (op) {
    case '+':
    case '-': {
      const [x, y, s] = align(a, b);
      return dec(op === '+' ? x + y : x - y, s, Math.max(a.f, b.f));
    }
    case '*':
      return dec(a.n * b.n, a.s + b.s, Math.min(a.f + b.f, MAX_SCALE));
    case '/': {
      if (b.n === 0n) return null;
      // The server computes whole 9-digit words of the quotient and truncates the rest.
      const f = Math.min(a.f + b.f + 4, MAX_SCALE);
      const s = Math.ceil(f / 9) * 9;
      const shift = s + b.s - a.s;
      const n = shift >= 0 ? (a.n * pow10(shift)) / b.n : a.n / (b.n * pow10(-shift));
      return dec(n, s, f);
    }
    case 'DIV': {
      if (b.n === 0n) return null;
      const [x, y] = align(a, b);
      return dec(x / y);
    }
    default: {
      if (b.n === 0n) return null;
      const [x, y, s] = align(a, b);
      return dec(x % y, s, Math.max(a.f, b.f));
    }
  }
}

/** A double as the server prints it: shortest digits, exponent form from 1e15 and below 1e-15. */
function realText(x: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const [mantissa = '0', expText = '0'] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp >= 15 || exp < -15) return `${mantissa}e${exp}`;
  const neg = mantissa.startsWith('-');
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  let text: string;
  if (exp >= 0) {
    const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    text = frac ? `${int}.${frac}` : int;
  } else {
    text = `0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  return neg ? `-${text}` : text;
}

/** MySQL's string → double: leading whitespace, then the longest numeric prefix; 0 if none. */
function parseReal(text: string): number {
  const m = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/i.exec(text);
  return m ? Number(m[0]) : 0;
}

// ---- collations ---------------------------------------------------------------------------------

interface Coll {
  name: string;
  /**
   * binary: bytes; bin: code points; ci: general_ci's per-character weights; uca: ICU's root
   * collation; table: a latin1 collation's byte weights; unknown: rules the evaluator lacks.
   */
  kind: 'binary' | 'bin' | 'ci' | 'uca' | 'table' | 'unknown';
  /** PAD SPACE: trailing spaces do not count in comparisons (not in LIKE). */
  pad: boolean;
  /** Pre-UCA-5.2 collations weigh every supplementary character (emoji …) like U+FFFD. */
  legacy: boolean;
  sensitivity: 'base' | 'accent' | 'variant';
  collator: Intl.Collator | null;
  table: Uint8Array | null;
}

/** The server's one-byte weights of every latin1 byte (WEIGHT_STRING), per collation. */
const LATIN1_WEIGHTS: Record<string, string> = {
  latin1_swedish_ci:
    '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F202122232425262728292A2B' +
    '2C2D2E2F303132333435363738393A3B3C3D3E3F404142434445464748494A4B4C4D4E4F5051525354555657' +
    '58595A5B5C5D5E5F604142434445464748494A4B4C4D4E4F505152535455565758595A7B7C7D7E7F80818283' +
    '8485868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A7A8A9AAABACADAEAF' +
    'B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF414141415C5B5C434545454549494949444E4F4F4F4F5DD7D8555555' +
    '5959DEDF414141415C5B5C434545454549494949444E4F4F4F4F5DF7D85555555959DEFF',
  latin1_general_ci:
    '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F202122232425262728292A2B' +
    '2C2D2E2F303132333435363738393A3B3C3D3E3F40415153575B6567696B7577797B7D818F919395989AA4A6' +
    'A8AAAFB3B4B5B6B7B8415153575B6567696B7577797B7D818F919395989AA4A6A8AAAFB9BABBBCBFC0C1C2C3' +
    'C4C5C6C7C8C9CACBCCCDCECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDFE0E1E2E3E4E5E6E7E8E9EAEBECEDEEEF' +
    'F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF434547494B4D4F555D5F61636D6F7173597F838587898BBD8D9C9EA0' +
    'A2ACB197434547494B4D4F555D5F61636D6F7173597F838587898BBE8D9C9EA0A2ACB1AE',
  latin1_general_cs:
    '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F202122232425262728292A2B' +
    '2C2D2E2F303132333435363738393A3B3C3D3E3F40415153575B6567696B7577797B7D818F919395989AA4A6' +
    'A8AAAFB3B4B5B6B7B8425254585C66686A6C76787A7C7E8290929496999BA5A7A9ABB0B9BABBBCBFC0C1C2C3' +
    'C4C5C6C7C8C9CACBCCCDCECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDFE0E1E2E3E4E5E6E7E8E9EAEBECEDEEEF' +
    'F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF434547494B4D4F555D5F61636D6F7173597F838587898BBD8D9C9EA0' +
    'A2ACB1974446484A4C4E50565E6062646E7072745A808486888A8CBE8E9D9FA1A3ADB2AE',
  latin1_german1_ci:
    '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F202122232425262728292A2B' +
    '2C2D2E2F303132333435363738393A3B3C3D3E3F404142434445464748494A4B4C4D4E4F5051525354555657' +
    '58595A5B5C5D5E5F604142434445464748494A4B4C4D4E4F505152535455565758595A7B7C7D7E7F80818283' +
    '8485868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A7A8A9AAABACADAEAF' +
    'B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF41414141414141434545454549494949D04E4F4F4F4F4FD74F555555' +
    '5559DE5341414141414141434545454549494949D04E4F4F4F4F4FF74F5555555559DEFF',
  latin1_spanish_ci:
    '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F202122232425262728292A2B' +
    '2C2D2E2F303132333435363738393A3B3C3D3E3F40415153575B6567696B7577797B7D818F919395989AA4A6' +
    'A8AAAFB3B4B5B6B7B8415153575B6567696B7577797B7D818F919395989AA4A6A8AAAFB9BABBBCBFC0C1C2C3' +
    'C4C5C6C7C8C9CACBCCCDCECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDFE0E1E2E3E4E5E6E7E8E9EAEBECEDEEEF' +
    'F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF41414141414141535B5B5B5B6B6B6B6B577F8181818181BD819A9A9A' +
    '9AAAB19741414141414141535B5B5B5B6B6B6B6B577F8181818181BE819A9A9A9AAAB1AA',
  latin1_danish_ci:
    '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F202122232425262728292A2B' +
    '2C2D2E2F303132333435363738393A3B3C3D3E3F404142434445464748494A4B4C4D4E4F5051525354555657' +
    '58595A5B5C5D5E5F604142434445464748494A4B4C4D4E4F505152535455565758595A7B7C7D7E7F80818283' +
    '8485868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A7A8A9AAABACADAEAF' +
    'B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF414141415B5D5B434545454549494949444E4F4F4F4F5CD75C555555' +
    '5959DEDF414141415B5D5B434545454549494949444E4F4F4F4F5CF75C5555555959DEFF',
};

/** Bytes 0x80–0x9F of the server's latin1 (cp1252), for values decoded as Windows-1252. */
const CP1252 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

function latin1Byte(cp: number): number {
  if (cp <= 0xff) return cp;
  const i = CP1252.indexOf(String.fromCodePoint(cp));
  return i >= 0 ? 0x80 + i : 0x3f;
}

const collations = new Map<string, Coll>();

function collationOf(name: string | null, charset: string | null): Coll {
  const n = (name ?? '').toLowerCase();
  const cs = (charset ?? n.split('_')[0] ?? '').toLowerCase();
  const byCharset: Record<string, string> = {
    latin1: 'latin1_swedish_ci',
    ascii: 'ascii_general_ci',
    utf8: 'utf8mb3_general_ci',
    utf8mb3: 'utf8mb3_general_ci',
  };
  const key =
    cs === 'binary' || n === 'binary'
      ? 'binary'
      : n || (cs ? (byCharset[cs] ?? `${cs}_general_ci`) : 'utf8mb4_general_ci');
  const known = collations.get(key);
  if (known) return known;
  const pad = !key.includes('nopad') && !key.includes('_0900_');
  const sensitivity: Coll['sensitivity'] = /_cs$/.test(key)
    ? 'variant'
    : /_as_ci$/.test(key)
      ? 'accent'
      : 'base';
  const unicode = /^(?:utf8|utf8mb3|utf8mb4|ucs2|utf16|utf16le|utf32)_/.test(key);
  const base = {
    name: key,
    pad,
    legacy: !/_0900_|_520_|uca1400/.test(key),
    sensitivity,
    collator: null,
    table: null,
  };
  const weightsHex = LATIN1_WEIGHTS[key];
  let coll: Coll;
  if (key === 'binary') {
    coll = { ...base, kind: 'binary', pad: false };
  } else if (weightsHex) {
    coll = { ...base, kind: 'table', table: Uint8Array.from(Buffer.from(weightsHex, 'hex')) };
  } else if (key.endsWith('_bin')) {
    coll = { ...base, kind: 'bin' };
  } else if (unicode && key.includes('_general_')) {
    coll = { ...base, kind: 'ci' };
  } else if (unicode) {
    coll = { ...base, kind: 'uca', collator: new Intl.Collator('und', { sensitivity }) };
  } else if (key === 'ascii_general_ci') {
    coll = { ...base, kind: 'ci' };
  } else {
    coll = { ...base, kind: 'unknown' };
  }
  collations.set(key, coll);
  return coll;
}

/** general_ci's weight of one character: upper case without accents; ß weighs as S. */
function ciWeight(cp: number): number {
  if (cp > 0xffff) return 0xfffd;
  if (cp === 0xdf) return 0x53;
  const ch = String.fromCharCode(cp);
  const base = ch.normalize('NFD').codePointAt(0) ?? cp;
  const up = String.fromCodePoint(base).toUpperCase();
  return up.length === 1 ? up.charCodeAt(0) : base;
}

function codePoints(s: string): number[] {
  return Array.from(s, (c) => c.codePointAt(0) ?? 0);
}

/** Per-character weights, for comparisons by weight and for LIKE. */
function weights(s: string, coll: Coll): number[] {
  switch (coll.kind) {
    case 'binary':
      return Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
    case 'bin':
      return codePoints(s);
    case 'ci':
      return codePoints(s).map(ciWeight);
    case 'table': {
      const table = coll.table as Uint8Array;
      return codePoints(s).map((cp) => table[latin1Byte(cp)] ?? 0);
    }
    default:
      return codePoints(s).map((cp) => {
        if (coll.legacy && cp > 0xffff) return 0xfffd;
        if (coll.sensitivity === 'variant') return cp;
        if (coll.sensitivity === 'accent') {
          const up = String.fromCodePoint(cp).toUpperCase();
          return [...up].length === 1 ? (up.codePointAt(0) ?? cp) : cp;
        }
        return ciWeight(cp);
      });
  }
}

/** PAD SPACE comparison: the shorter side continues with spaces. */
function compareWeights(x: number[], y: number[], pad: boolean): number {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const a = x[i] as number;
    const b = y[i] as number;
    if (a !== b) return a < b ? -1 : 1;
  }
  if (x.length === y.length) return 0;
  if (!pad) return x.length < y.length ? -1 : 1;
  const longer = x.length > y.length ? x : y;
  for (let i = n; i < longer.length; i++) {
    const c = longer[i] as number;
    if (c !== 0x20) return c > 0x20 === (longer === x) ? 1 : -1;
  }
  return 0;
}

function compareText(a: string, b: string, coll: Coll): number {
  if (coll.kind === 'uca' && coll.collator) {
    const prep = (s: string): string => {
      const t = coll.pad ? s.replace(/ +$/, '') : s;
      return coll.legacy ? t.replace(/[\u{10000}-\u{10ffff}]/gu, '\ufffd') : t;
    };
    return Math.sign(coll.collator.compare(prep(a), prep(b)));
  }
  return compareWeights(weights(a, coll), weights(b, coll), coll.pad);
}

type PatternPart<T> = { k: 'any' } | { k: 'one' } | { k: 'ch'; c: T };

/** LIKE: character by character (no padding), % any run, _ one character, escape literal. */
function likeMatch(subject: string, pattern: string, escape: string, coll: Coll): boolean {
  if (coll.kind === 'uca' && coll.collator) {
    // UCA compares single characters: 'ß' LIKE 's%' is false although 'ß' = 'ss'.
    const collator = coll.collator;
    const prep = (c: string): string =>
      coll.legacy && (c.codePointAt(0) ?? 0) > 0xffff ? '\ufffd' : c;
    return wildcard(
      Array.from(subject),
      Array.from(pattern),
      escape,
      (c) => c,
      (a, b) => (a === b ? true : collator.compare(prep(a), prep(b)) === 0),
    );
  }
  const weigh = (c: string): number => weights(c, coll)[0] ?? 0;
  const split = (t: string): string[] => (coll.kind === 'binary' ? t.split('') : Array.from(t));
  return wildcard(split(subject), split(pattern), escape, weigh, (a, b) => a === b);
}

function wildcard<T>(
  subject: string[],
  pattern: string[],
  escape: string,
  unit: (c: string) => T,
  eq: (a: T, b: T) => boolean,
): boolean {
  const parts: PatternPart<T>[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    const next = pattern[i + 1];
    if (ch === escape && next !== undefined) {
      parts.push({ k: 'ch', c: unit(next) });
      i += 1;
    } else if (ch === '%') parts.push({ k: 'any' });
    else if (ch === '_') parts.push({ k: 'one' });
    else parts.push({ k: 'ch', c: unit(ch) });
  }
  const s = subject.map(unit);
  let si = 0;
  let pi = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    const p = parts[pi];
    if (p && (p.k === 'one' || (p.k === 'ch' && eq(p.c, s[si] as T)))) {
      si += 1;
      pi += 1;
    } else if (p?.k === 'any') {
      star = pi;
      pi += 1;
      mark = si;
    } else if (star >= 0) {
      pi = star + 1;
      mark += 1;
      si = mark;
    } else {
      return false;
    }
  }
  while (parts[pi]?.k === 'any') pi += 1;
  return pi === parts.length;
}

function utf8Bytes(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

function fromBytes(s: string): string {
  return Buffer.from(s, 'latin1').toString('utf8');
}

// ---- temporal values ----------------------------------------------------------------------------

interface DateTime {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  us: number;
}

const ZERO_DATETIME: DateTime = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0, us: 0 };

function twoDigitYear(y: number, digits: number): number {
  return digits <= 2 ? (y < 70 ? 2000 + y : 1900 + y) : y;
}

function micros(frac: string | undefined): number {
  return Number((frac ?? '').slice(0, 6).padEnd(6, '0'));
}

function validTime(dt: DateTime): DateTime | null {
  return dt.mo <= 12 && dt.d <= 31 && dt.h <= 23 && dt.mi <= 59 && dt.s <= 59 ? dt : null;
}

/** YYMMDD, YYYYMMDD, YYMMDDhhmmss or YYYYMMDDhhmmss digits, as the server reads numbers. */
function compactDateTime(digits: string, frac: string | undefined): DateTime | null {
  if (/^0+$/.test(digits)) return { ...ZERO_DATETIME, us: micros(frac) };
  const len = digits.length;
  const padded = digits.padStart(len <= 6 ? 6 : len <= 8 ? 8 : len <= 12 ? 12 : 14, '0');
  if (padded.length > 14) return null;
  const yearDigits = padded.length === 6 || padded.length === 12 ? 2 : 4;
  const num = (from: number, n: number): number => Number(padded.slice(from, from + n) || '0');
  const y = twoDigitYear(num(0, yearDigits), yearDigits);
  const at = yearDigits;
  return validTime({
    y,
    mo: num(at, 2),
    d: num(at + 2, 2),
    h: num(at + 4, 2),
    mi: num(at + 6, 2),
    s: num(at + 8, 2),
    us: micros(frac),
  });
}

/** The server's lenient string → DATETIME: any punctuation as delimiter, trailing text ignored. */
function parseDateTime(text: string): DateTime | null {
  const t = text.replace(/^\s+/, '');
  const compact = /^(\d{5,14})(?:\.(\d*))?(?!\d)/.exec(t);
  if (compact && !/^\d{5,14}[\p{P}\p{S}]\d/u.test(t)) {
    return compactDateTime(compact[1] ?? '', compact[2]);
  }
  const m =
    /^(\d{1,4})[\p{P}\p{S}](\d{1,2})[\p{P}\p{S}](\d{1,2})(?:(?:T|\s+)(\d{1,2})[\p{P}\p{S}](\d{1,2})(?:[\p{P}\p{S}](\d{1,2})(?:\.(\d*))?)?)?/u.exec(
      t,
    );
  if (!m) return null;
  const yearText = m[1] ?? '0';
  return validTime({
    y: twoDigitYear(Number(yearText), yearText.length),
    mo: Number(m[2]),
    d: Number(m[3]),
    h: Number(m[4] ?? 0),
    mi: Number(m[5] ?? 0),
    s: Number(m[6] ?? 0),
    us: micros(m[7]),
  });
}

/** DATE() and friends refuse impossible days (2024-02-30), comparisons do not. */
function realDate(dt: DateTime | null): DateTime | null {
  if (!dt) return null;
  if (dt.mo === 0 || dt.d === 0) return dt;
  const days = new Date(Date.UTC(2000, dt.mo, 0)).getUTCDate();
  const leap = dt.y % 4 === 0 && (dt.y % 100 !== 0 || dt.y % 400 === 0);
  return dt.d <= (dt.mo === 2 ? (leap ? 29 : 28) : days) ? dt : null;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function dateText(dt: DateTime): string {
  return `${pad(dt.y, 4)}-${pad(dt.mo, 2)}-${pad(dt.d, 2)}`;
}

function dateTimeKey(dt: DateTime): string {
  return `${dateText(dt)} ${pad(dt.h, 2)}:${pad(dt.mi, 2)}:${pad(dt.s, 2)}.${pad(dt.us, 6)}`;
}

/** TIME as signed microseconds: [-][D ]HH:MM[:SS][.frac], HHMMSS digits, or a datetime's time. */
function parseTime(text: string): number | null {
  const t = text.replace(/^\s+/, '');
  if (/^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,2}/.test(t)) {
    const dt = parseDateTime(t);
    return dt ? ((dt.h * 60 + dt.mi) * 60 + dt.s) * 1e6 + dt.us : null;
  }
  const m = /^(-)?(?:(\d+)\s+)?(\d+):(\d{1,2})(?::(\d{1,2}))?(?:\.(\d*))?/.exec(t);
  if (m) {
    const [mi, s] = [Number(m[4]), Number(m[5] ?? 0)];
    if (mi > 59 || s > 59) return null;
    const total = ((Number(m[2] ?? 0) * 24 + Number(m[3])) * 60 + mi) * 60 + s;
    return (m[1] ? -1 : 1) * (total * 1e6 + micros(m[6]));
  }
  const n = /^(-)?(\d+)(?:\.(\d*))?/.exec(t);
  return n ? numberToTime(n[1] === '-', n[2] ?? '0', n[3]) : null;
}

function numberToTime(neg: boolean, digits: string, frac: string | undefined): number | null {
  const v = Number(digits);
  const [h, mi, s] = [Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100];
  if (mi > 59 || s > 59) return null;
  return (neg ? -1 : 1) * (((h * 60 + mi) * 60 + s) * 1e6 + micros(frac));
}

// ---- static types and values --------------------------------------------------------------------

interface StrTy {
  k: 'str';
  coll: Coll;
  /** Coercibility: 2 column, 4 literal, 5 number or date turned text, 6 NULL (lower wins). */
  der: number;
  /** The binary character set: values are latin1 strings of bytes. */
  binary: boolean;
  charset: string;
  /** ENUM or SET members: the value is a number (index or bit mask) in numeric contexts. */
  members: { set: boolean; values: string[] } | null;
  hex: boolean;
}

type TemporalKind = 'date' | 'datetime' | 'time';

type Ty =
  | { k: 'null' }
  | { k: 'int' }
  | { k: 'dec'; d: number }
  | { k: 'real' }
  | StrTy
  | { k: 'temporal'; tk: TemporalKind; fsp: number };

/** Runtime values by type: int bigint, dec Dec, real number, str and temporal string. */
type V = bigint | Dec | number | string | null;

interface Expr {
  ty: Ty;
  /** No column is read: the value is the same for every row. */
  konst: boolean;
  /** The column, when the expression is a bare column reference. */
  field: ColumnDef | null;
  ev: (row: FilterRow) => V;
}

const GENERAL = (): Coll => collationOf('utf8mb4_general_ci', 'utf8mb4');
const BINARY = (): Coll => collationOf('binary', 'binary');

function strTy(coll: Coll, der: number, charset: string, extra: Partial<StrTy> = {}): StrTy {
  return {
    k: 'str',
    coll,
    der,
    binary: coll.kind === 'binary',
    charset,
    members: null,
    hex: false,
    ...extra,
  };
}

/** The string type a value takes when a string is needed (numbers and dates: coercibility 5). */
function asStrTy(ty: Ty): StrTy {
  if (ty.k === 'str') return ty;
  return strTy(GENERAL(), ty.k === 'null' ? 6 : 5, 'utf8mb4');
}

function plain(ty: StrTy): StrTy {
  return { ...ty, members: null, hex: false };
}

function memberNumber(v: string, members: NonNullable<StrTy['members']>): bigint {
  if (!members.set) return BigInt(members.values.indexOf(v) + 1);
  let mask = 0n;
  for (const label of v === '' ? [] : v.split(',')) {
    const i = members.values.indexOf(label);
    if (i >= 0) mask |= 1n << BigInt(i);
  }
  return mask;
}

function bytesNumber(v: string): bigint {
  let n = 0n;
  for (let i = 0; i < v.length; i++) n = (n << 8n) | BigInt(v.charCodeAt(i) & 0xff);
  return n;
}

/** A temporal value as the server's number: YYYYMMDD, YYYYMMDDhhmmss[.frac] or hhmmss[.frac]. */
function temporalNumber(v: string, tk: TemporalKind, fsp: number): Dec {
  if (tk === 'time') {
    const us = parseTime(v) ?? 0;
    const neg = us < 0;
    const abs = Math.abs(us);
    const secs = Math.floor(abs / 1e6);
    const hms =
      Math.floor(secs / 3600) * 10000 + Math.floor((secs % 3600) / 60) * 100 + (secs % 60);
    const frac = BigInt(Math.floor((abs % 1e6) / 10 ** (6 - fsp)));
    const n = BigInt(hms) * pow10(fsp) + frac;
    return dec(neg ? -n : n, fsp);
  }
  const dt = parseDateTime(v) ?? ZERO_DATETIME;
  const day = BigInt(dt.y * 10000 + dt.mo * 100 + dt.d);
  if (tk === 'date') return dec(day);
  const whole = day * 1000000n + BigInt(dt.h * 10000 + dt.mi * 100 + dt.s);
  return dec(whole * pow10(fsp) + BigInt(Math.floor(dt.us / 10 ** (6 - fsp))), fsp);
}

/** The value as an exact number (integers, decimals; text by its decimal prefix). */
function asExact(v: V, ty: Ty): Dec | null {
  if (v === null) return null;
  switch (ty.k) {
    case 'int':
      return dec(v as bigint);
    case 'dec':
      return v as Dec;
    case 'real':
      return parseDec(String(v));
    case 'str':
      if (ty.members) return dec(memberNumber(v as string, ty.members));
      if (ty.hex) return dec(bytesNumber(v as string));
      return parseDec(ty.binary ? fromBytes(v as string) : (v as string));
    case 'temporal':
      return temporalNumber(v as string, ty.tk, ty.fsp);
    default:
      return null;
  }
}

function asReal(v: V, ty: Ty): number | null {
  if (v === null) return null;
  switch (ty.k) {
    case 'int':
      return Number(v as bigint);
    case 'dec':
      return decToNumber(v as Dec);
    case 'real':
      return v as number;
    case 'str':
      if (ty.members || ty.hex) return decToNumber(asExact(v, ty) as Dec);
      return parseReal(ty.binary ? fromBytes(v as string) : (v as string));
    case 'temporal':
      return decToNumber(temporalNumber(v as string, ty.tk, ty.fsp));
    default:
      return null;
  }
}

/** The value as text in its own type's encoding (latin1 bytes for binary strings). */
function asText(v: V, ty: Ty): string | null {
  if (v === null) return null;
  switch (ty.k) {
    case 'int':
      return (v as bigint).toString();
    case 'dec':
      return decText(v as Dec, ty.d);
    case 'real':
      return realText(v as number);
    default:
      return v as string;
  }
}

/** Text of a value of type `from`, re-encoded for a string type `to`. */
function textIn(v: V, from: Ty, to: StrTy): string | null {
  const s = asText(v, from);
  if (s === null) return null;
  const fromBinary = from.k === 'str' && from.binary;
  if (to.binary && !fromBinary) return utf8Bytes(s);
  if (!to.binary && fromBinary) return fromBytes(s);
  return s;
}

function truth(v: V, ty: Ty): boolean | null {
  if (v === null) return null;
  switch (ty.k) {
    case 'int':
      return v !== 0n;
    case 'dec':
      return (v as Dec).n !== 0n;
    default:
      return (asReal(v, ty) ?? 0) !== 0;
  }
}

/** The decimal scale a numeric type declares (what comparisons round to). */
function declared(ty: Ty): number | null {
  if (ty.k === 'int') return 0;
  if (ty.k === 'dec') return ty.d;
  if (ty.k === 'temporal') return ty.fsp;
  return null;
}

/** int, dec or real: how the value takes part in arithmetic. */
function numClass(ty: Ty): 'int' | 'dec' | 'real' {
  switch (ty.k) {
    case 'int':
    case 'null':
      return 'int';
    case 'dec':
      return 'dec';
    case 'real':
      return 'real';
    case 'str':
      return ty.members || ty.hex ? 'int' : 'real';
    default:
      return ty.tk === 'date' || ty.fsp === 0 ? 'int' : 'dec';
  }
}

function numDecimals(ty: Ty): number {
  return ty.k === 'dec' ? ty.d : ty.k === 'temporal' ? ty.fsp : 0;
}

const BOOL: Ty = { k: 'int' };
const boolValue = (t: boolean | null): V => (t === null ? null : t ? 1n : 0n);

// ---- comparisons --------------------------------------------------------------------------------

type Mode =
  | { m: 'null' }
  | { m: 'exact'; round: boolean }
  | { m: 'real' }
  | { m: 'str'; st: StrTy }
  | { m: 'datetime' }
  | { m: 'time' };

type Category = 'null' | 'temporal' | 'num' | 'str' | 'hex' | 'members';

function category(ty: Ty): Category {
  if (ty.k === 'null' || ty.k === 'temporal') return ty.k;
  if (ty.k === 'str') return ty.members ? 'members' : ty.hex ? 'hex' : 'str';
  return 'num';
}

const CLEAN_INT = /^[-+]?\d+$/;
const CLEAN_NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)$/;

function constText(e: Expr): string | null {
  if (!e.konst || e.ty.k !== 'str' || e.ty.hex) return null;
  const v = e.ev({});
  if (typeof v !== 'string') return null;
  return e.ty.binary ? fromBytes(v) : v;
}

class Compiler {
  constructor(private readonly sql: string) {}

  private refuse(what: string, at: number): CutoverError {
    return unsupported(this.sql, what, at);
  }

  /** The collation two strings compare under, by coercibility; the server's mixes it refuses. */
  private aggregate(a: StrTy, b: StrTy, at: number): StrTy {
    if (a.der !== b.der) return plain(a.der < b.der ? a : b);
    if (a.binary) return plain(a);
    if (b.binary) return plain(b);
    if (a.coll.name === b.coll.name) return plain(a);
    if (a.coll.kind === 'bin') return plain(a);
    if (b.coll.kind === 'bin') return plain(b);
    if (a.der <= 2) {
      throw this.refuse(
        `a comparison of different collations (${a.coll.name} and ${b.coll.name})`,
        at,
      );
    }
    return plain(a);
  }

  private temporalMode(tys: Ty[], at: number): Mode {
    const kinds = tys.flatMap((t) => (t.k === 'temporal' ? [t.tk] : []));
    const time = kinds.filter((k) => k === 'time').length;
    if (time > 0 && time < kinds.length) throw this.refuse('a comparison of TIME with a date', at);
    return { m: time > 0 ? 'time' : 'datetime' };
  }

  private numericMode(tys: Ty[], round: boolean): Mode {
    const classes = tys.map(numClass);
    if (classes.includes('real')) return { m: 'real' };
    return { m: 'exact', round };
  }

  /** How `l op r` compares (=, <>, <, <=>, single-item IN …), after Arg_comparator. */
  private pairMode(l: Expr, r: Expr, at: number): Mode {
    if (l.ty.k === 'null' || r.ty.k === 'null') return { m: 'null' };
    if (l.ty.k === 'temporal' || r.ty.k === 'temporal') return this.temporalMode([l.ty, r.ty], at);
    const lc = category(l.ty);
    const rc = category(r.ty);
    const texty = (c: Category): boolean => c === 'str' || c === 'hex' || c === 'members';
    if (texty(lc) && texty(rc)) {
      return { m: 'str', st: this.aggregate(l.ty as StrTy, r.ty as StrTy, at) };
    }
    if (lc !== 'str' && rc !== 'str') return this.numericMode([l.ty, r.ty], true);
    const [n, s] = lc === 'str' ? [r, l] : [l, r];
    const text = constText(s);
    // A non-constant DECIMAL against a constant string compares as DECIMAL (keeps precision).
    if (n.ty.k === 'dec' && !n.konst && s.konst) return { m: 'exact', round: true };
    // An integer column against a constant that stores into it exactly compares as integers.
    if (n.field && n.ty.k === 'int' && text !== null && CLEAN_INT.test(text)) {
      return { m: 'exact', round: false };
    }
    return { m: 'real' };
  }

  /** How BETWEEN and IN lists of several items compare: one method for all their operands. */
  private groupMode(parts: Expr[], what: string, at: number): Mode {
    const live = parts.filter((p) => p.ty.k !== 'null');
    if (live.length < 2) return { m: 'null' };
    if (live.some((p) => p.ty.k === 'temporal')) {
      return this.temporalMode(
        live.map((p) => p.ty),
        at,
      );
    }
    const cats = live.map((p) => category(p.ty));
    if (cats.every((c) => c !== 'num')) {
      let st = live[0]?.ty as StrTy;
      for (const p of live.slice(1)) st = this.aggregate(st, p.ty as StrTy, at);
      return { m: 'str', st };
    }
    if (cats.every((c) => c !== 'str'))
      return this.numericMode(
        live.map((p) => p.ty),
        false,
      );
    if (cats.includes('members') || cats.includes('hex')) {
      throw this.refuse(`${what} mixing numbers, text and ENUM/SET or hex values`, at);
    }
    const texts = live.filter((p) => category(p.ty) === 'str').map(constText);
    const lhs = parts[0] as Expr;
    if (
      lhs.field &&
      lhs.ty.k === 'int' &&
      live.every((p) => p.ty.k === 'int' || category(p.ty) === 'str') &&
      texts.every((t) => t !== null && CLEAN_INT.test(t))
    ) {
      return { m: 'exact', round: false };
    }
    if (texts.every((t) => t !== null && CLEAN_NUMBER.test(t))) return { m: 'real' };
    throw this.refuse(`${what} mixing numbers and text`, at);
  }

  private comparator(mode: Mode, lt: Ty, rt: Ty): (a: V, b: V) => number | null {
    const order = (x: string | number, y: string | number): number =>
      x === y ? 0 : x < y ? -1 : 1;
    switch (mode.m) {
      case 'null':
        return () => null;
      case 'exact': {
        const prep = (v: V, ty: Ty): Dec | null => {
          const x = asExact(v, ty);
          const d = declared(ty);
          return x && mode.round && d !== null ? decRound(x, d) : x;
        };
        return (a, b) => {
          const x = prep(a, lt);
          const y = prep(b, rt);
          return x && y ? decCmp(x, y) : null;
        };
      }
      case 'real':
        return (a, b) => {
          const x = asReal(a, lt);
          const y = asReal(b, rt);
          return x === null || y === null ? null : order(x, y);
        };
      case 'str':
        return (a, b) => {
          const x = textIn(a, lt, mode.st);
          const y = textIn(b, rt, mode.st);
          return x === null || y === null ? null : compareText(x, y, mode.st.coll);
        };
      case 'datetime': {
        const key = (v: V, ty: Ty): string | null => {
          if (v === null) return null;
          if (ty.k === 'temporal' || ty.k === 'str') {
            const text = ty.k === 'str' && ty.binary ? fromBytes(v as string) : (v as string);
            return dateTimeKey(parseDateTime(text) ?? ZERO_DATETIME);
          }
          const x = asExact(v, ty) as Dec;
          const int = x.n / pow10(x.s);
          if (int < 0n) return dateTimeKey(ZERO_DATETIME);
          const frac = decText(x, x.s).split('.')[1];
          return dateTimeKey(compactDateTime(int.toString(), frac) ?? ZERO_DATETIME);
        };
        return (a, b) => {
          const x = key(a, lt);
          const y = key(b, rt);
          return x === null || y === null ? null : order(x, y);
        };
      }
      default: {
        const key = (v: V, ty: Ty): number | null => {
          if (v === null) return null;
          if (ty.k === 'temporal' || ty.k === 'str') return parseTime(v as string) ?? 0;
          const x = asExact(v, ty) as Dec;
          const [int = '0', frac] = decText(x, x.s).replace('-', '').split('.');
          return numberToTime(x.n < 0n, int, frac) ?? 0;
        };
        return (a, b) => {
          const x = key(a, lt);
          const y = key(b, rt);
          return x === null || y === null ? null : order(x, y);
        };
      }
    }
  }

  // ---- nodes ----

  compile(n: Node): Expr {
    switch (n.t) {
      case 'num':
        return this.number(n.text);
      case 'str': {
        const v = n.v;
        return { ty: strTy(GENERAL(), 4, 'utf8mb4'), konst: true, field: null, ev: () => v };
      }
      case 'hex': {
        const v = n.v;
        return {
          ty: strTy(BINARY(), 4, 'binary', { hex: n.hybrid }),
          konst: true,
          field: null,
          ev: () => v,
        };
      }
      case 'null':
        return { ty: { k: 'null' }, konst: true, field: null, ev: () => null };
      case 'bool': {
        const v = n.v ? 1n : 0n;
        return { ty: BOOL, konst: true, field: null, ev: () => v };
      }
      case 'col':
        return this.column(n.def, n.at);
      case 'not': {
        const e = this.compile(n.e);
        return this.bool([e], (row) => {
          const t = truth(e.ev(row), e.ty);
          return t === null ? null : !t;
        });
      }
      case 'neg':
        return this.negate(this.compile(n.e));
      case 'logic':
        return this.logic(n.op, this.compile(n.l), this.compile(n.r));
      case 'cmp':
        return this.compare(n.op, this.compile(n.l), this.compile(n.r), n.at);
      case 'arith':
        return this.arith(n.op, this.compile(n.l), this.compile(n.r));
      case 'is': {
        const e = this.compile(n.e);
        const what = n.what;
        return this.bool([e], (row) => {
          const v = e.ev(row);
          const t = what === 'NULL' ? null : truth(v, e.ty);
          const hit = what === 'NULL' ? v === null : what === 'TRUE' ? t === true : t === false;
          return n.not ? !hit : hit;
        });
      }
      case 'in':
        return this.in(n);
      case 'between':
        return this.between(n);
      case 'like':
        return this.like(n);
      case 'call':
        return this.call(
          n.name,
          n.args.map((a) => this.compile(a)),
          n.at,
        );
    }
  }

  private number(text: string): Expr {
    if (/e/i.test(text)) {
      const v = Number(text);
      return { ty: { k: 'real' }, konst: true, field: null, ev: () => v };
    }
    if (text.includes('.')) {
      const v = parseDec(text);
      const ty: Ty = { k: 'dec', d: Math.min(v.s, MAX_SCALE) };
      return { ty, konst: true, field: null, ev: () => v };
    }
    const n = BigInt(text);
    if (n > 18446744073709551615n) {
      const v = dec(n);
      return { ty: { k: 'dec', d: 0 }, konst: true, field: null, ev: () => v };
    }
    return { ty: { k: 'int' }, konst: true, field: null, ev: () => n };
  }

  private column(def: ColumnDef, at: number): Expr {
    const type = def.dataType.toLowerCase();
    const name = def.name;
    const raw = (row: FilterRow): FilterValue => row[name] ?? null;
    const make = (ty: Ty, read: (v: string | number) => V): Expr => ({
      ty,
      konst: false,
      field: def,
      ev: (row) => {
        const v = raw(row);
        return v === null ? null : read(v);
      },
    });
    const typeArgs = /\(([^)]*)\)/.exec(def.columnType)?.[1] ?? '';
    if (['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'year'].includes(type)) {
      return make({ k: 'int' }, (v) =>
        typeof v === 'number'
          ? Number.isFinite(v)
            ? BigInt(Math.trunc(v))
            : 0n
          : CLEAN_INT.test(v.trim())
            ? BigInt(v.trim())
            : parseDec(v).n / pow10(parseDec(v).s),
      );
    }
    if (type === 'decimal' || type === 'numeric' || type === 'fixed') {
      const d = Number(/,\s*(\d+)/.exec(typeArgs)?.[1] ?? 0);
      return make({ k: 'dec', d }, (v) => ({ ...parseDec(String(v)), f: d }));
    }
    if (['float', 'double', 'real', 'double precision'].includes(type)) {
      return make({ k: 'real' }, (v) => (typeof v === 'number' ? v : parseReal(v)));
    }
    if (type === 'date' || type === 'datetime' || type === 'timestamp' || type === 'time') {
      const tk: TemporalKind = type === 'date' ? 'date' : type === 'time' ? 'time' : 'datetime';
      const fsp = tk === 'date' ? 0 : Math.min(6, Number(/^\s*(\d+)/.exec(typeArgs)?.[1] ?? 0));
      return make({ k: 'temporal', tk, fsp }, (v) => String(v));
    }
    if (
      isBinaryStringType(type) ||
      ['tinyblob', 'blob', 'mediumblob', 'longblob'].includes(type) ||
      (isCharacterType(type) && def.charset?.toLowerCase() === 'binary')
    ) {
      return make(strTy(BINARY(), 2, 'binary'), (v) => String(v));
    }
    if (isCharacterType(type)) {
      const coll = collationOf(def.collation, def.charset);
      if (coll.kind === 'unknown') {
        throw this.refuse(`the column ${def.name} with collation ${coll.name}`, at);
      }
      const charset = (def.charset ?? coll.name.split('_')[0] ?? 'utf8mb4').toLowerCase();
      const members =
        type === 'enum' || type === 'set'
          ? {
              set: type === 'set',
              values: [...typeArgs.matchAll(/'((?:[^'\\]|''|\\.)*)'/g)].map((m) =>
                (m[1] ?? '').replace(/''/g, "'").replace(/\\(.)/g, '$1'),
              ),
            }
          : null;
      return make(strTy(coll, 2, charset, { members }), (v) => String(v));
    }
    throw this.refuse(`the column ${def.name} of type ${type}`, at);
  }

  private bool(parts: Expr[], f: (row: FilterRow) => boolean | null): Expr {
    return {
      ty: BOOL,
      konst: parts.every((p) => p.konst),
      field: null,
      ev: (row) => boolValue(f(row)),
    };
  }

  private logic(op: 'AND' | 'OR' | 'XOR', l: Expr, r: Expr): Expr {
    const lt = (row: FilterRow): boolean | null => truth(l.ev(row), l.ty);
    const rt = (row: FilterRow): boolean | null => truth(r.ev(row), r.ty);
    return this.bool([l, r], (row) => {
      const a = lt(row);
      if (op === 'AND' && a === false) return false;
      if (op === 'OR' && a === true) return true;
      const b = rt(row);
      if (op === 'AND') return b === false ? false : a === null || b === null ? null : true;
      if (op === 'OR') return b === true ? true : a === null || b === null ? null : false;
      return a === null || b === null ? null : a !== b;
    });
  }

  private compare(op: string, l: Expr, r: Expr, at: number): Expr {
    const cmp = this.comparator(this.pairMode(l, r, at), l.ty, r.ty);
    return this.bool([l, r], (row) => {
      const a = l.ev(row);
      const b = r.ev(row);
      if (op === '<=>') {
        if (a === null || b === null) return a === null && b === null;
        return cmp(a, b) === 0;
      }
      const c = cmp(a, b);
      if (c === null) return null;
      switch (op) {
        case '=':
          return c === 0;
        case '<>':
          return c !== 0;
        case '<':
          return c < 0;
        case '<=':
          return c <= 0;
        case '>':
          return c > 0;
        default:
          return c >= 0;
      }
    });
  }

  private in(n: Extract<Node, { t: 'in' }>): Expr {
    const e = this.compile(n.e);
    const list = n.list.map((x) => this.compile(x));
    // One item is `=` (the server rewrites it so); several share one comparison method.
    const group = list.length > 1 ? this.groupMode([e, ...list], 'an IN list', n.at) : null;
    const cmps = list.map((item) =>
      this.comparator(group ?? this.pairMode(e, item, n.at), e.ty, item.ty),
    );
    return this.bool([e, ...list], (row) => {
      const v = e.ev(row);
      if (v === null) return null;
      let unknown = false;
      for (let i = 0; i < list.length; i++) {
        const c = (cmps[i] as (a: V, b: V) => number | null)(v, (list[i] as Expr).ev(row));
        if (c === 0) return !n.not;
        if (c === null) unknown = true;
      }
      return unknown ? null : n.not;
    });
  }

  private between(n: Extract<Node, { t: 'between' }>): Expr {
    const e = this.compile(n.e);
    const lo = this.compile(n.lo);
    const hi = this.compile(n.hi);
    const mode = this.groupMode([e, lo, hi], 'BETWEEN', n.at);
    const cl = this.comparator(mode, e.ty, lo.ty);
    const ch = this.comparator(mode, e.ty, hi.ty);
    return this.bool([e, lo, hi], (row) => {
      const v = e.ev(row);
      const a = cl(v, lo.ev(row));
      const b = ch(v, hi.ev(row));
      const inside =
        a === null || b === null ? (a === -1 || b === 1 ? false : null) : a >= 0 && b <= 0;
      return inside === null ? null : n.not ? !inside : inside;
    });
  }

  private like(n: Extract<Node, { t: 'like' }>): Expr {
    const e = this.compile(n.e);
    const p = this.compile(n.pattern);
    const st = this.aggregate(asStrTy(e.ty), asStrTy(p.ty), n.at);
    const escape = st.binary ? utf8Bytes(n.escape) : n.escape;
    if (st.binary && escape.length !== 1) {
      throw this.refuse('a multi-byte ESCAPE character on binary strings', n.at);
    }
    return this.bool([e, p], (row) => {
      const s = textIn(e.ev(row), e.ty, st);
      const pattern = textIn(p.ev(row), p.ty, st);
      if (s === null || pattern === null) return null;
      const hit = likeMatch(s, pattern, escape, st.coll);
      return n.not ? !hit : hit;
    });
  }

  private negate(e: Expr): Expr {
    const cls = numClass(e.ty);
    const konst = e.konst;
    if (cls === 'real') {
      return {
        ty: { k: 'real' },
        konst,
        field: null,
        ev: (row) => {
          const x = asReal(e.ev(row), e.ty);
          return x === null ? null : -x;
        },
      };
    }
    const ty: Ty = cls === 'int' ? { k: 'int' } : { k: 'dec', d: numDecimals(e.ty) };
    return {
      ty,
      konst,
      field: null,
      ev: (row) => {
        const x = asExact(e.ev(row), e.ty);
        if (x === null) return null;
        return cls === 'int' ? -x.n : { ...x, n: -x.n };
      },
    };
  }

  private arith(op: string, l: Expr, r: Expr): Expr {
    const lc = numClass(l.ty);
    const rc = numClass(r.ty);
    const konst = l.konst && r.konst;
    const real = lc === 'real' || rc === 'real';
    if (op === 'DIV') {
      return {
        ty: { k: 'int' },
        konst,
        field: null,
        ev: (row) => {
          if (real) {
            const x = asReal(l.ev(row), l.ty);
            const y = asReal(r.ev(row), r.ty);
            if (x === null || y === null || y === 0) return null;
            const q = Math.trunc(x / y);
            return Number.isFinite(q) ? BigInt(q) : null;
          }
          const x = asExact(l.ev(row), l.ty);
          const y = asExact(r.ev(row), r.ty);
          return x && y ? (decArith('DIV', x, y)?.n ?? null) : null;
        },
      };
    }
    if (real) {
      return {
        ty: { k: 'real' },
        konst,
        field: null,
        ev: (row) => {
          const x = asReal(l.ev(row), l.ty);
          const y = asReal(r.ev(row), r.ty);
          if (x === null || y === null) return null;
          switch (op) {
            case '+':
              return x + y;
            case '-':
              return x - y;
            case '*':
              return x * y;
            case '/':
              return y === 0 ? null : x / y;
            default:
              return y === 0 ? null : x % y;
          }
        },
      };
    }
    const dl = numDecimals(l.ty);
    const dr = numDecimals(r.ty);
    const ints = lc === 'int' && rc === 'int' && op !== '/';
    const d =
      op === '*'
        ? Math.min(dl + dr, MAX_SCALE)
        : op === '/'
          ? Math.min(dl + 4, MAX_SCALE)
          : Math.max(dl, dr);
    return {
      ty: ints ? { k: 'int' } : { k: 'dec', d },
      konst,
      field: null,
      ev: (row) => {
        const x = asExact(l.ev(row), l.ty);
        const y = asExact(r.ev(row), r.ty);
        if (x === null || y === null) return null;
        const v = decArith(op, x, y);
        if (v === null) return null;
        return ints ? v.n / pow10(v.s) : v;
      },
    };
  }

  private call(name: string, args: Expr[], at: number): Expr {
    const konst = args.every((a) => a.konst);
    const a = args[0] as Expr;
    const b = args[1];
    const c = args[2];
    const fixed = (ty: Ty, ev: (row: FilterRow) => V): Expr => ({ ty, konst, field: null, ev });
    switch (name) {
      case 'COALESCE':
      case 'IFNULL': {
        const ty = this.resultType(args, at);
        return fixed(ty, (row) => {
          for (const arg of args) {
            const v = arg.ev(row);
            if (v !== null) return this.convert(v, arg.ty, ty);
          }
          return null;
        });
      }
      case 'CONCAT': {
        let st = asStrTy(a.ty);
        for (const arg of args.slice(1)) st = this.aggregate(st, asStrTy(arg.ty), at);
        const out = plain(st.der >= 5 ? strTy(GENERAL(), st.der, 'utf8mb4') : st);
        return fixed(out, (row) => {
          let text = '';
          for (const arg of args) {
            const s = textIn(arg.ev(row), arg.ty, out);
            if (s === null) return null;
            text += s;
          }
          return text;
        });
      }
      case 'LOWER':
      case 'LCASE':
      case 'UPPER':
      case 'UCASE': {
        const st = plain(asStrTy(a.ty));
        const upper = name === 'UPPER' || name === 'UCASE';
        return fixed(st, (row) => {
          const s = textIn(a.ev(row), a.ty, st);
          if (s === null || st.binary) return s;
          return Array.from(s, (ch) => {
            const mapped = upper ? ch.toUpperCase() : ch.toLowerCase();
            const cps = [...mapped];
            // One character maps to one: UPPER('ß') stays ß, LOWER('İ') is i.
            if (cps.length === 1) return mapped;
            return upper ? ch : (cps[0] ?? ch);
          }).join('');
        });
      }
      case 'TRIM': {
        const st = plain(asStrTy(a.ty));
        return fixed(st, (row) => textIn(a.ev(row), a.ty, st)?.replace(/^ +| +$/g, '') ?? null);
      }
      case 'SUBSTRING':
      case 'SUBSTR': {
        const st = plain(asStrTy(a.ty));
        const pos = b as Expr;
        return fixed(st, (row) => {
          const s = textIn(a.ev(row), a.ty, st);
          const p = this.integer(pos.ev(row), pos.ty);
          const len = c ? this.integer(c.ev(row), c.ty) : null;
          if (s === null || p === null || (c && len === null)) return null;
          const chars = st.binary ? s.split('') : Array.from(s);
          if (p === 0 || (len !== null && len <= 0)) return '';
          const start = p > 0 ? p - 1 : chars.length + p;
          if (start < 0 || start >= chars.length) return '';
          return chars.slice(start, len === null ? undefined : start + len).join('');
        });
      }
      case 'LENGTH':
      case 'CHAR_LENGTH': {
        const st = asStrTy(a.ty);
        const chars = name === 'CHAR_LENGTH';
        return fixed({ k: 'int' }, (row) => {
          const s = asText(a.ev(row), a.ty);
          if (s === null) return null;
          if (st.binary) return BigInt(s.length);
          if (chars) return BigInt(Array.from(s).length);
          return BigInt(byteLength(s, st.charset));
        });
      }
      case 'ABS': {
        const cls = numClass(a.ty);
        if (cls === 'real') {
          return fixed({ k: 'real' }, (row) => {
            const x = asReal(a.ev(row), a.ty);
            return x === null ? null : Math.abs(x);
          });
        }
        const ty: Ty = cls === 'int' ? { k: 'int' } : { k: 'dec', d: numDecimals(a.ty) };
        return fixed(ty, (row) => {
          const x = asExact(a.ev(row), a.ty);
          if (x === null) return null;
          const n = x.n < 0n ? -x.n : x.n;
          return cls === 'int' ? n / pow10(x.s) : { ...x, n };
        });
      }
      case 'MOD':
        return this.arith('%', a, b as Expr);
      default:
        return this.datePart(name, a, at);
    }
  }

  /** DATE(), YEAR(), MONTH(), DAY(): NULL for text that is no valid date. */
  private datePart(name: string, a: Expr, at: number): Expr {
    if (a.ty.k === 'temporal' && a.ty.tk === 'time') {
      throw this.refuse(`${name}() of a TIME value (it depends on the current date)`, at);
    }
    const konst = a.konst;
    const read = (row: FilterRow): DateTime | null => {
      const v = a.ev(row);
      if (v === null) return null;
      if (a.ty.k === 'str' || a.ty.k === 'temporal') {
        const text = a.ty.k === 'str' && a.ty.binary ? fromBytes(v as string) : (v as string);
        return realDate(parseDateTime(text));
      }
      const x = asExact(v, a.ty) as Dec;
      const int = x.n / pow10(x.s);
      return int < 0n ? null : realDate(compactDateTime(int.toString(), undefined));
    };
    if (name === 'DATE') {
      return {
        ty: { k: 'temporal', tk: 'date', fsp: 0 },
        konst,
        field: null,
        ev: (row) => {
          const dt = read(row);
          return dt ? dateText(dt) : null;
        },
      };
    }
    const part = name === 'YEAR' ? 'y' : name === 'MONTH' ? 'mo' : 'd';
    return {
      ty: { k: 'int' },
      konst,
      field: null,
      ev: (row) => {
        const dt = read(row);
        return dt ? BigInt(dt[part]) : null;
      },
    };
  }

  /** SUBSTRING's positions: decimals round half away from zero, doubles to even. */
  private integer(v: V, ty: Ty): number | null {
    if (v === null) return null;
    const cls = numClass(ty);
    if (cls === 'real') {
      const x = asReal(v, ty) ?? 0;
      const r = Math.round(x);
      return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
    }
    const x = asExact(v, ty) as Dec;
    return Number(decRound(x, 0).n);
  }

  /** COALESCE/IFNULL: numbers stay numbers, dates stay dates, anything mixed becomes text. */
  private resultType(args: Expr[], at: number): Ty {
    const live = args.filter((a) => a.ty.k !== 'null').map((a) => a.ty);
    if (live.length === 0) return { k: 'null' };
    if (live.every((t) => t.k === 'temporal')) {
      const kinds = new Set(live.map((t) => (t.k === 'temporal' ? t.tk : 'date')));
      const fsp = Math.max(...live.map(numDecimals));
      if (kinds.size === 1) return live[0] as Ty;
      if (!kinds.has('time')) return { k: 'temporal', tk: 'datetime', fsp };
    } else if (live.every((t) => t.k === 'int' || t.k === 'dec' || t.k === 'real')) {
      if (live.some((t) => t.k === 'real')) return { k: 'real' };
      if (live.every((t) => t.k === 'int')) return { k: 'int' };
      return { k: 'dec', d: Math.max(...live.map(numDecimals)) };
    }
    let st = asStrTy(live[0] as Ty);
    for (const t of live.slice(1)) st = this.aggregate(st, asStrTy(t), at);
    return plain(st);
  }

  private convert(v: V, from: Ty, to: Ty): V {
    switch (to.k) {
      case 'int':
        return (asExact(v, from) as Dec).n;
      case 'dec':
        return asExact(v, from);
      case 'real':
        return asReal(v, from);
      case 'str':
        return textIn(v, from, to);
      case 'temporal':
        if (to.tk === 'datetime' && from.k === 'temporal' && from.tk === 'date') {
          return `${v as string} 00:00:00`;
        }
        return v;
      default:
        return null;
    }
  }
}

function byteLength(s: string, charset: string): number {
  const cs = charset.toLowerCase();
  if (['latin1', 'ascii', 'cp1252', 'latin2', 'cp1250', 'cp1251', 'koi8r', 'greek'].includes(cs)) {
    return s.length;
  }
  if (cs === 'ucs2') return s.length * 2;
  if (cs === 'utf16' || cs === 'utf16le') return s.length * 2;
  if (cs === 'utf32') return Array.from(s).length * 4;
  return Buffer.byteLength(s, 'utf8');
}

/**
 * Compiles a task's row filter (an SQL boolean expression over the source row) for the change
 * stream. The supported subset is what filters are made of; anything else (NOW(), subqueries,
 * variables, REGEXP, CASE …) is refused here, so the precheck can say so before the task starts.
 */
export function compileRowFilter(sql: string, columns: readonly ColumnDef[]): RowFilter {
  const byName = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
  const used = new Set<string>();
  const tree = new Parser(sql, tokenize(sql), byName, used).parse();
  const root = new Compiler(sql).compile(tree);
  return {
    sql,
    columns: [...used],
    matches: (row) => truth(root.ev(row), root.ty) === true,
  };
}
