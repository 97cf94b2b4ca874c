import type { ColumnDef } from '../../shared/catalog.js';
import { CutoverError } from '../errors.js';
import { isCharacterType, isNumericType } from '../schema/ColumnTypes.js';

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

// ---- tokens -------------------------------------------------------------------------------------

type TokenKind = 'num' | 'str' | 'ident' | 'op' | 'word' | 'end';

interface Token {
  kind: TokenKind;
  text: string;
  at: number;
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
      const end = sql.indexOf('`', i + 1);
      if (end < 0) throw unsupported(sql, 'an unterminated identifier', at);
      tokens.push({ kind: 'ident', text: sql.slice(i + 1, end), at });
      i = end + 1;
      continue;
    }
    const hex = /^(?:x'([0-9a-f]*)'|0x([0-9a-f]+))/i.exec(sql.slice(i));
    if (hex) {
      const digits = hex[1] ?? hex[2] ?? '';
      tokens.push({ kind: 'str', text: Buffer.from(digits, 'hex').toString('latin1'), at });
      i += hex[0].length;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/i.exec(sql.slice(i));
    if (num) {
      tokens.push({ kind: 'num', text: num[0], at });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*/.exec(sql.slice(i));
    if (word) {
      const upper = word[0].toUpperCase();
      tokens.push({ kind: WORDS.has(upper) ? 'word' : 'ident', text: word[0], at });
      i += word[0].length;
      continue;
    }
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
  | { t: 'lit'; v: Value }
  | { t: 'col'; name: string }
  | { t: 'not'; e: Node }
  | { t: 'neg'; e: Node }
  | { t: 'logic'; op: 'AND' | 'OR' | 'XOR'; l: Node; r: Node }
  | { t: 'cmp'; op: string; l: Node; r: Node }
  | { t: 'arith'; op: string; l: Node; r: Node }
  | { t: 'is'; e: Node; what: 'NULL' | 'TRUE' | 'FALSE'; not: boolean }
  | { t: 'in'; e: Node; list: Node[]; not: boolean }
  | { t: 'between'; e: Node; lo: Node; hi: Node; not: boolean }
  | { t: 'like'; e: Node; pattern: Node; not: boolean }
  | { t: 'call'; name: string; args: Node[] };

/** Values during evaluation: a number, an exact decimal, text, or NULL. */
type Value = number | { dec: string } | string | null;

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

/** Precedence climbing over MySQL's operator levels (lowest first). */
class Parser {
  private i = 0;

  constructor(
    private readonly sql: string,
    private readonly tokens: Token[],
    private readonly columns: Map<string, string>,
    private readonly used: Set<string>,
  ) {}

  private get peek(): Token {
    return this.tokens[this.i] as Token;
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

  private expect(ok: boolean, what: string): void {
    if (!ok) {
      throw unsupported(
        this.sql,
        this.peek.kind === 'end'
          ? `an incomplete expression (${what} expected)`
          : `"${this.peek.text}" where ${what} was expected`,
        this.peek.at,
      );
    }
    this.i += 1;
  }

  parse(): Node {
    const node = this.or();
    if (this.peek.kind !== 'end') throw unsupported(this.sql, `"${this.peek.text}"`, this.peek.at);
    return node;
  }

  private or(): Node {
    let l = this.xor();
    while (this.isWord('OR') || this.isOp('||')) {
      this.next();
      l = { t: 'logic', op: 'OR', l, r: this.xor() };
    }
    return l;
  }

  private xor(): Node {
    let l = this.and();
    while (this.isWord('XOR')) {
      this.next();
      l = { t: 'logic', op: 'XOR', l, r: this.and() };
    }
    return l;
  }

  private and(): Node {
    let l = this.not();
    while (this.isWord('AND') || this.isOp('&&')) {
      this.next();
      l = { t: 'logic', op: 'AND', l, r: this.not() };
    }
    return l;
  }

  private not(): Node {
    if (this.isWord('NOT')) {
      this.next();
      return { t: 'not', e: this.not() };
    }
    return this.predicate();
  }

  private predicate(): Node {
    let l = this.additive();
    for (;;) {
      if (
        this.peek.kind === 'op' &&
        ['=', '<=>', '<>', '!=', '<', '<=', '>', '>='].includes(this.peek.text)
      ) {
        const op = this.next().text;
        l = { t: 'cmp', op: op === '!=' ? '<>' : op, l, r: this.additive() };
        continue;
      }
      if (this.isWord('IS')) {
        this.next();
        const not = this.isWord('NOT');
        if (not) this.next();
        const what = this.peek.text.toUpperCase();
        this.expect(
          this.peek.kind === 'word' && ['NULL', 'TRUE', 'FALSE'].includes(what),
          'NULL, TRUE or FALSE',
        );
        l = { t: 'is', e: l, what: what as 'NULL' | 'TRUE' | 'FALSE', not };
        continue;
      }
      const not = this.isWord('NOT');
      const save = this.i;
      if (not) this.next();
      if (this.isWord('IN')) {
        this.next();
        this.expect(this.isOp('('), '(');
        const list = [this.or()];
        while (this.isOp(',')) {
          this.next();
          list.push(this.or());
        }
        this.expect(this.isOp(')'), ')');
        l = { t: 'in', e: l, list, not };
        continue;
      }
      if (this.isWord('BETWEEN')) {
        this.next();
        const lo = this.additive();
        this.expect(this.isWord('AND'), 'AND');
        const hi = this.additive();
        l = { t: 'between', e: l, lo, hi, not };
        continue;
      }
      if (this.isWord('LIKE')) {
        this.next();
        const pattern = this.additive();
        if (this.isWord('ESCAPE')) throw unsupported(this.sql, 'LIKE … ESCAPE', this.peek.at);
        l = { t: 'like', e: l, pattern, not };
        continue;
      }
      this.i = save;
      return l;
    }
  }

  private additive(): Node {
    let l = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().text;
      l = { t: 'arith', op, l, r: this.multiplicative() };
    }
    return l;
  }

  private multiplicative(): Node {
    let l = this.unary();
    for (;;) {
      if (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
        const op = this.next().text;
        l = { t: 'arith', op, l, r: this.unary() };
      } else if (this.isWord('DIV') || this.isWord('MOD')) {
        const op = this.next().text.toUpperCase() === 'DIV' ? 'DIV' : '%';
        l = { t: 'arith', op, l, r: this.unary() };
      } else {
        return l;
      }
    }
  }

  private unary(): Node {
    if (this.isOp('-')) {
      this.next();
      return { t: 'neg', e: this.unary() };
    }
    if (this.isOp('+')) {
      this.next();
      return this.unary();
    }
    if (this.isOp('!')) {
      this.next();
      return { t: 'not', e: this.unary() };
    }
    return this.primary();
  }

  private primary(): Node {
    const t = this.next();
    switch (t.kind) {
      case 'num':
        return {
          t: 'lit',
          v: /[.e]/i.test(t.text) && !/e/i.test(t.text) ? { dec: t.text } : Number(t.text),
        };
      case 'str':
        return { t: 'lit', v: t.text };
      case 'word': {
        const w = t.text.toUpperCase();
        if (w === 'NULL') return { t: 'lit', v: null };
        if (w === 'TRUE') return { t: 'lit', v: 1 };
        if (w === 'FALSE') return { t: 'lit', v: 0 };
        throw unsupported(this.sql, `"${t.text}"`, t.at);
      }
      case 'op':
        if (t.text === '(') {
          if (this.peek.kind === 'ident' && this.peek.text.toUpperCase() === 'SELECT') {
            throw unsupported(this.sql, 'a subquery', this.peek.at);
          }
          const inner = this.or();
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

  private identifier(t: Token): Node {
    if (this.isOp('(')) {
      const name = t.text.toUpperCase();
      const arity = FUNCTIONS[name];
      if (!arity) throw unsupported(this.sql, `the function ${t.text}()`, t.at);
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
      return { t: 'call', name, args };
    }
    let name = t.text;
    // `t`.`c`: the table qualifier names the one table being filtered.
    while (this.isOp('.')) {
      this.next();
      const part = this.next();
      if (part.kind !== 'ident' && part.kind !== 'word')
        throw unsupported(this.sql, 'a qualified name', part.at);
      name = part.text;
    }
    if (name.startsWith('@')) throw unsupported(this.sql, 'a variable', t.at);
    const column = this.columns.get(name.toLowerCase());
    if (!column) throw unsupported(this.sql, `the unknown column ${name}`, t.at);
    this.used.add(column);
    return { t: 'col', name: column };
  }
}

// ---- evaluation ---------------------------------------------------------------------------------

type Truth = boolean | null;

/** How one column's values compare with text. */
interface ColumnKind {
  numeric: boolean;
  /** Case-, accent- and trailing-space-insensitive comparison (a non-binary collation). */
  folded: boolean;
  temporal: 'date' | 'datetime' | 'time' | null;
}

function kindOf(c: ColumnDef): ColumnKind {
  const type = c.dataType;
  const temporal =
    type === 'date'
      ? 'date'
      : type === 'datetime' || type === 'timestamp'
        ? 'datetime'
        : type === 'time'
          ? 'time'
          : null;
  return {
    numeric: isNumericType(type) || type === 'year',
    folded:
      (isCharacterType(type) || type === 'enum' || type === 'set') &&
      c.charset !== 'binary' &&
      !(c.collation ?? '').endsWith('_bin'),
    temporal,
  };
}

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** MySQL's string → number: the longest numeric prefix, 0 when there is none. */
function toNumber(v: Exclude<Value, null>): number {
  if (typeof v === 'number') return v;
  const text = typeof v === 'string' ? v : v.dec;
  const m = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?/i.exec(text);
  return m ? Number(m[0]) : 0;
}

function isExact(v: Value): v is { dec: string } | number {
  return (typeof v === 'object' && v !== null) || (typeof v === 'number' && Number.isInteger(v));
}

/** Compares two exact decimals as text, so long DECIMALs keep every digit. */
function compareDecimals(a: string, b: string): number {
  const parse = (s: string): { neg: boolean; int: string; frac: string } => {
    const t = s.trim();
    const neg = t.startsWith('-');
    const body = t.replace(/^[-+]/, '');
    const [int = '', frac = ''] = body.split('.');
    return { neg, int: int.replace(/^0+/, ''), frac: frac.replace(/0+$/, '') };
  };
  const x = parse(a);
  const y = parse(b);
  const signOf = (p: { neg: boolean; int: string; frac: string }): number =>
    p.int === '' && p.frac === '' ? 0 : p.neg ? -1 : 1;
  const sx = signOf(x);
  const sy = signOf(y);
  if (sx !== sy || sx === 0) return sx === sy ? 0 : sx < sy ? -1 : 1;
  const sign = sx;
  if (x.int.length !== y.int.length) return sign * (x.int.length - y.int.length > 0 ? 1 : -1);
  if (x.int !== y.int) return sign * (x.int < y.int ? -1 : 1);
  const len = Math.max(x.frac.length, y.frac.length);
  const fx = x.frac.padEnd(len, '0');
  const fy = y.frac.padEnd(len, '0');
  return fx === fy ? 0 : sign * (fx < fy ? -1 : 1);
}

function decimalText(v: number | { dec: string }): string {
  return typeof v === 'number' ? String(v) : v.dec;
}

/** '2024-01-01' → '2024-01-01 00:00:00' when compared with a DATETIME. */
function normaliseTemporal(text: string, kind: ColumnKind['temporal']): string {
  const t = text.trim();
  if (kind === 'datetime' && /^\d{4}-\d{2}-\d{2}$/.test(t)) return `${t} 00:00:00`;
  if (kind === 'date') return t.slice(0, 10);
  return t;
}

function trimFraction(s: string): string {
  return s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

class Evaluator {
  constructor(private readonly kinds: Map<string, ColumnKind>) {}

  /** The column kind a node takes its comparison rules from, if it is a plain column. */
  private kind(n: Node): ColumnKind | null {
    return n.t === 'col' ? (this.kinds.get(n.name) ?? null) : null;
  }

  value(n: Node, row: FilterRow): Value {
    switch (n.t) {
      case 'lit':
        return n.v;
      case 'col': {
        const v = row[n.name];
        if (v === undefined || v === null) return null;
        if (typeof v === 'number') return v;
        return this.kinds.get(n.name)?.numeric && /^[-+]?\d+(\.\d+)?$/.test(v) ? { dec: v } : v;
      }
      case 'neg': {
        const v = this.value(n.e, row);
        if (v === null) return null;
        if (typeof v === 'object')
          return { dec: v.dec.startsWith('-') ? v.dec.slice(1) : `-${v.dec}` };
        return -toNumber(v);
      }
      case 'arith':
        return this.arith(n.op, this.value(n.l, row), this.value(n.r, row));
      case 'call':
        return this.call(n.name, n.args, row);
      default: {
        const t = this.truth(n, row);
        return t === null ? null : t ? 1 : 0;
      }
    }
  }

  private arith(op: string, a: Value, b: Value): Value {
    if (a === null || b === null) return null;
    const x = toNumber(a);
    const y = toNumber(b);
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '/':
        return y === 0 ? null : x / y;
      case 'DIV':
        return y === 0 ? null : Math.trunc(x / y);
      default:
        return y === 0 ? null : x % y;
    }
  }

  private call(name: string, args: Node[], row: FilterRow): Value {
    const vals = args.map((a) => this.value(a, row));
    const text = (v: Value): string => (typeof v === 'object' && v !== null ? v.dec : String(v));
    const [a, b, c] = vals;
    switch (name) {
      case 'COALESCE':
      case 'IFNULL':
        return vals.find((v) => v !== null) ?? null;
      case 'CONCAT':
        return vals.some((v) => v === null) ? null : vals.map(text).join('');
    }
    if (a === null || a === undefined) return null;
    switch (name) {
      case 'LOWER':
      case 'LCASE':
        return text(a).toLowerCase();
      case 'UPPER':
      case 'UCASE':
        return text(a).toUpperCase();
      case 'LENGTH':
        return Buffer.byteLength(text(a), 'utf8');
      case 'CHAR_LENGTH':
        return [...text(a)].length;
      case 'ABS':
        return Math.abs(toNumber(a));
      case 'MOD':
        return this.arith('%', a, b ?? null);
      case 'TRIM':
        return text(a).replace(/^ +| +$/g, '');
      case 'SUBSTRING':
      case 'SUBSTR': {
        if (b === null || b === undefined || c === null) return null;
        const chars = [...text(a)];
        const pos = Math.trunc(toNumber(b));
        if (pos === 0) return '';
        const start = pos > 0 ? pos - 1 : chars.length + pos;
        const len = c === undefined ? chars.length : Math.trunc(toNumber(c));
        return start < 0 ? '' : chars.slice(start, start + Math.max(0, len)).join('');
      }
      case 'DATE':
        return /^\d{4}-\d{2}-\d{2}/.test(text(a)) ? text(a).slice(0, 10) : null;
      case 'YEAR':
        return /^\d{4}-/.test(text(a)) ? Number(text(a).slice(0, 4)) : null;
      case 'MONTH':
        return /^\d{4}-\d{2}/.test(text(a)) ? Number(text(a).slice(5, 7)) : null;
      default:
        return /^\d{4}-\d{2}-\d{2}/.test(text(a)) ? Number(text(a).slice(8, 10)) : null;
    }
  }

  /** -1, 0 or 1; null when either side is NULL. */
  private compare(l: Node, r: Node, a: Value, b: Value): number | null {
    if (a === null || b === null) return null;
    const lk = this.kind(l);
    const rk = this.kind(r);
    const numeric =
      typeof a === 'number' ||
      typeof b === 'number' ||
      typeof a === 'object' ||
      typeof b === 'object';
    const temporal = lk?.temporal ?? rk?.temporal ?? null;
    if (temporal && typeof a === 'string' && typeof b === 'string') {
      const x = trimFraction(normaliseTemporal(a, temporal));
      const y = trimFraction(normaliseTemporal(b, temporal));
      return x === y ? 0 : x < y ? -1 : 1;
    }
    if (numeric) {
      if (isExact(a) && isExact(b)) return compareDecimals(decimalText(a), decimalText(b));
      const x = toNumber(a);
      const y = toNumber(b);
      return x === y ? 0 : x < y ? -1 : 1;
    }
    const folded = (lk ?? rk)?.folded ?? true;
    const x = folded ? fold(String(a)).replace(/ +$/, '') : String(a);
    const y = folded ? fold(String(b)).replace(/ +$/, '') : String(b);
    return x === y ? 0 : x < y ? -1 : 1;
  }

  private like(e: Node, value: string, pattern: string): boolean {
    const folded = this.kind(e)?.folded ?? true;
    let re = '';
    for (let i = 0; i < pattern.length; i++) {
      const ch = pattern[i] as string;
      if (ch === '\\' && i + 1 < pattern.length) {
        re += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      } else if (ch === '%') re += '[\\s\\S]*';
      else if (ch === '_') re += '[\\s\\S]';
      else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
    const subject = folded ? fold(value) : value;
    return new RegExp(`^${folded ? fold(re) : re}$`, 'u').test(subject);
  }

  truth(n: Node, row: FilterRow): Truth {
    switch (n.t) {
      case 'not': {
        const t = this.truth(n.e, row);
        return t === null ? null : !t;
      }
      case 'logic': {
        const l = this.truth(n.l, row);
        if (n.op === 'AND' && l === false) return false;
        if (n.op === 'OR' && l === true) return true;
        const r = this.truth(n.r, row);
        if (n.op === 'AND') return r === false ? false : l === null || r === null ? null : true;
        if (n.op === 'OR') return r === true ? true : l === null || r === null ? null : false;
        return l === null || r === null ? null : l !== r;
      }
      case 'cmp': {
        const a = this.value(n.l, row);
        const b = this.value(n.r, row);
        if (n.op === '<=>') {
          if (a === null || b === null) return a === null && b === null;
          return this.compare(n.l, n.r, a, b) === 0;
        }
        const c = this.compare(n.l, n.r, a, b);
        if (c === null) return null;
        switch (n.op) {
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
      }
      case 'is': {
        const v = n.what === 'NULL' ? this.value(n.e, row) : this.truth(n.e, row);
        const hit = n.what === 'NULL' ? v === null : n.what === 'TRUE' ? v === true : v === false;
        return n.not ? !hit : hit;
      }
      case 'in': {
        const v = this.value(n.e, row);
        if (v === null) return null;
        let unknown = false;
        for (const item of n.list) {
          const c = this.compare(n.e, item, v, this.value(item, row));
          if (c === 0) return !n.not;
          if (c === null) unknown = true;
        }
        return unknown ? null : n.not;
      }
      case 'between': {
        const v = this.value(n.e, row);
        const lo = this.compare(n.e, n.lo, v, this.value(n.lo, row));
        const hi = this.compare(n.e, n.hi, v, this.value(n.hi, row));
        const inside =
          lo === null || hi === null ? (lo === -1 || hi === 1 ? false : null) : lo >= 0 && hi <= 0;
        return inside === null ? null : n.not ? !inside : inside;
      }
      case 'like': {
        const v = this.value(n.e, row);
        const p = this.value(n.pattern, row);
        if (v === null || p === null) return null;
        const text = (x: Exclude<Value, null>): string =>
          typeof x === 'object' ? x.dec : String(x);
        const hit = this.like(n.e, text(v), text(p));
        return n.not ? !hit : hit;
      }
      default: {
        const v = this.value(n, row);
        return v === null ? null : toNumber(v) !== 0;
      }
    }
  }
}

/**
 * Compiles a task's row filter (an SQL boolean expression over the source row) for the change
 * stream. The supported subset is what filters are made of; anything else (NOW(), subqueries,
 * variables, REGEXP, CASE …) is refused here, so the precheck can say so before the task starts.
 */
export function compileRowFilter(sql: string, columns: readonly ColumnDef[]): RowFilter {
  const byName = new Map(columns.map((c) => [c.name.toLowerCase(), c.name]));
  const used = new Set<string>();
  const tree = new Parser(sql, tokenize(sql), byName, used).parse();
  const evaluator = new Evaluator(new Map(columns.map((c) => [c.name, kindOf(c)])));
  return {
    sql,
    columns: [...used],
    matches: (row) => evaluator.truth(tree, row) === true,
  };
}
