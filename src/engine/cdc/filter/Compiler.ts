// Compiles a syntax tree into an evaluator, choosing each comparison's method as the server does.

import type { ColumnDef } from '../../../shared/catalog.js';
import type { CutoverError } from '../../errors.js';
import { isBinaryStringType, isCharacterType } from '../../schema/ColumnTypes.js';
import { arith, negate } from './Arithmetic.js';
import { collationOf, likeMatch, utf8Bytes } from './Collation.js';
import { aggregate, CLEAN_INT, comparator, groupMode, pairMode } from './Comparison.js';
import { dec, MAX_SCALE, parseDec, parseReal, pow10 } from './Decimal.js';
import { unsupported } from './FilterError.js';
import { compileCall } from './Functions.js';
import type { Node } from './Parser.js';
import {
  asStrTy,
  BINARY,
  BOOL,
  boolValue,
  GENERAL,
  strTy,
  textIn,
  truth,
  type Expr,
  type FilterRow,
  type FilterValue,
  type TemporalKind,
  type Ty,
  type V,
} from './Types.js';

export class Compiler {
  constructor(private readonly sql: string) {}

  private refuse(what: string, at: number): CutoverError {
    return unsupported(this.sql, what, at);
  }

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
        return negate(this.compile(n.e));
      case 'logic':
        return this.logic(n.op, this.compile(n.l), this.compile(n.r));
      case 'cmp':
        return this.compare(n.op, this.compile(n.l), this.compile(n.r), n.at);
      case 'arith':
        return arith(n.op, this.compile(n.l), this.compile(n.r));
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
        return compileCall(
          this.sql,
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
    const cmp = comparator(pairMode(this.sql, l, r, at), l.ty, r.ty);
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
    const group = list.length > 1 ? groupMode(this.sql, [e, ...list], 'an IN list', n.at) : null;
    const cmps = list.map((item) =>
      comparator(group ?? pairMode(this.sql, e, item, n.at), e.ty, item.ty),
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
    const mode = groupMode(this.sql, [e, lo, hi], 'BETWEEN', n.at);
    const cl = comparator(mode, e.ty, lo.ty);
    const ch = comparator(mode, e.ty, hi.ty);
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
    const st = aggregate(this.sql, asStrTy(e.ty), asStrTy(p.ty), n.at);
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
}
