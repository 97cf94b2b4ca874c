// Compiles a syntax tree into an evaluator, choosing each comparison's method as the server does.

import type { ColumnDef } from '../../../shared/catalog.js';
import type { CutoverError } from '../../errors.js';
import { isBinaryStringType, isCharacterType } from '../../schema/ColumnTypes.js';
import {
  byteLength,
  collationOf,
  compareText,
  fromBytes,
  likeMatch,
  utf8Bytes,
} from './Collation.js';
import {
  dec,
  decArith,
  decCmp,
  decRound,
  decText,
  MAX_SCALE,
  parseDec,
  parseReal,
  pow10,
  type Dec,
} from './Decimal.js';
import { unsupported } from './FilterError.js';
import type { Node } from './Parser.js';
import {
  compactDateTime,
  dateText,
  dateTimeKey,
  numberToTime,
  parseDateTime,
  parseTime,
  realDate,
  ZERO_DATETIME,
  type DateTime,
} from './Temporal.js';
import {
  asExact,
  asReal,
  asStrTy,
  asText,
  BINARY,
  BOOL,
  boolValue,
  declared,
  GENERAL,
  numClass,
  numDecimals,
  plain,
  strTy,
  textIn,
  truth,
  type Expr,
  type FilterRow,
  type FilterValue,
  type StrTy,
  type TemporalKind,
  type Ty,
  type V,
} from './Types.js';

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

export class Compiler {
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
