// Parses a row filter's tokens into a syntax tree, resolving column names against the table.

import type { ColumnDef } from '../../../shared/catalog.js';
import { unsupported } from './FilterError.js';
import { KEYWORD_CONSTRUCTS, RESERVED, type Token } from './Tokenizer.js';

export type Node =
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
export class Parser {
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
