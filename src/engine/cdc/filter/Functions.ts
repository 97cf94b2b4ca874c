// The SQL functions a row filter may call (LOWER, SUBSTRING, COALESCE, DATE …), typed and
// evaluated as the server does.

import { arith } from './Arithmetic.js';
import { byteLength, fromBytes } from './Collation.js';
import { aggregate } from './Comparison.js';
import { decRound, pow10, type Dec } from './Decimal.js';
import { unsupported } from './FilterError.js';
import { compactDateTime, dateText, parseDateTime, realDate, type DateTime } from './Temporal.js';
import {
  asExact,
  asReal,
  asStrTy,
  asText,
  GENERAL,
  numClass,
  numDecimals,
  plain,
  strTy,
  textIn,
  type Expr,
  type FilterRow,
  type Ty,
  type V,
} from './Types.js';

export function compileCall(sql: string, name: string, args: Expr[], at: number): Expr {
  const konst = args.every((a) => a.konst);
  const a = args[0] as Expr;
  const b = args[1];
  const c = args[2];
  const fixed = (ty: Ty, ev: (row: FilterRow) => V): Expr => ({ ty, konst, field: null, ev });
  switch (name) {
    case 'COALESCE':
    case 'IFNULL': {
      const ty = resultType(sql, args, at);
      return fixed(ty, (row) => {
        for (const arg of args) {
          const v = arg.ev(row);
          if (v !== null) return convert(v, arg.ty, ty);
        }
        return null;
      });
    }
    case 'CONCAT': {
      let st = asStrTy(a.ty);
      for (const arg of args.slice(1)) st = aggregate(sql, st, asStrTy(arg.ty), at);
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
        const p = integer(pos.ev(row), pos.ty);
        const len = c ? integer(c.ev(row), c.ty) : null;
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
      return arith('%', a, b as Expr);
    default:
      return datePart(sql, name, a, at);
  }
}

/** DATE(), YEAR(), MONTH(), DAY(): NULL for text that is no valid date. */
function datePart(sql: string, name: string, a: Expr, at: number): Expr {
  if (a.ty.k === 'temporal' && a.ty.tk === 'time') {
    throw unsupported(sql, `${name}() of a TIME value (it depends on the current date)`, at);
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
function integer(v: V, ty: Ty): number | null {
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
function resultType(sql: string, args: Expr[], at: number): Ty {
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
  for (const t of live.slice(1)) st = aggregate(sql, st, asStrTy(t), at);
  return plain(st);
}

function convert(v: V, from: Ty, to: Ty): V {
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
