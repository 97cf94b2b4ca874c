// How two typed values compare, as the server's Arg_comparator decides: exactly, as doubles, as
// text under a collation or as temporal values; and the rules IN lists and BETWEEN share.

import { compareText, fromBytes } from './Collation.js';
import { decCmp, decRound, decText, pow10, type Dec } from './Decimal.js';
import { unsupported } from './FilterError.js';
import {
  compactDateTime,
  dateTimeKey,
  numberToTime,
  parseDateTime,
  parseTime,
  ZERO_DATETIME,
} from './Temporal.js';
import {
  asExact,
  asReal,
  declared,
  numClass,
  plain,
  textIn,
  type Expr,
  type StrTy,
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

export const CLEAN_INT = /^[-+]?\d+$/;
const CLEAN_NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)$/;

function constText(e: Expr): string | null {
  if (!e.konst || e.ty.k !== 'str' || e.ty.hex) return null;
  const v = e.ev({});
  if (typeof v !== 'string') return null;
  return e.ty.binary ? fromBytes(v) : v;
}

/** The collation two strings compare under, by coercibility; the server's mixes it refuses. */
export function aggregate(sql: string, a: StrTy, b: StrTy, at: number): StrTy {
  if (a.der !== b.der) return plain(a.der < b.der ? a : b);
  if (a.binary) return plain(a);
  if (b.binary) return plain(b);
  if (a.coll.name === b.coll.name) return plain(a);
  if (a.coll.kind === 'bin') return plain(a);
  if (b.coll.kind === 'bin') return plain(b);
  if (a.der <= 2) {
    throw unsupported(
      sql,
      `a comparison of different collations (${a.coll.name} and ${b.coll.name})`,
      at,
    );
  }
  return plain(a);
}

function temporalMode(sql: string, tys: Ty[], at: number): Mode {
  const kinds = tys.flatMap((t) => (t.k === 'temporal' ? [t.tk] : []));
  const time = kinds.filter((k) => k === 'time').length;
  if (time > 0 && time < kinds.length)
    throw unsupported(sql, 'a comparison of TIME with a date', at);
  return { m: time > 0 ? 'time' : 'datetime' };
}

function numericMode(tys: Ty[], round: boolean): Mode {
  const classes = tys.map(numClass);
  if (classes.includes('real')) return { m: 'real' };
  return { m: 'exact', round };
}

/** How `l op r` compares (=, <>, <, <=>, single-item IN …), after Arg_comparator. */
export function pairMode(sql: string, l: Expr, r: Expr, at: number): Mode {
  if (l.ty.k === 'null' || r.ty.k === 'null') return { m: 'null' };
  if (l.ty.k === 'temporal' || r.ty.k === 'temporal') return temporalMode(sql, [l.ty, r.ty], at);
  const lc = category(l.ty);
  const rc = category(r.ty);
  const texty = (c: Category): boolean => c === 'str' || c === 'hex' || c === 'members';
  if (texty(lc) && texty(rc)) {
    return { m: 'str', st: aggregate(sql, l.ty as StrTy, r.ty as StrTy, at) };
  }
  if (lc !== 'str' && rc !== 'str') return numericMode([l.ty, r.ty], true);
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
export function groupMode(sql: string, parts: Expr[], what: string, at: number): Mode {
  const live = parts.filter((p) => p.ty.k !== 'null');
  if (live.length < 2) return { m: 'null' };
  if (live.some((p) => p.ty.k === 'temporal')) {
    return temporalMode(
      sql,
      live.map((p) => p.ty),
      at,
    );
  }
  const cats = live.map((p) => category(p.ty));
  if (cats.every((c) => c !== 'num')) {
    let st = live[0]?.ty as StrTy;
    for (const p of live.slice(1)) st = aggregate(sql, st, p.ty as StrTy, at);
    return { m: 'str', st };
  }
  if (cats.every((c) => c !== 'str'))
    return numericMode(
      live.map((p) => p.ty),
      false,
    );
  if (cats.includes('members') || cats.includes('hex')) {
    throw unsupported(sql, `${what} mixing numbers, text and ENUM/SET or hex values`, at);
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
  throw unsupported(sql, `${what} mixing numbers and text`, at);
}

export function comparator(mode: Mode, lt: Ty, rt: Ty): (a: V, b: V) => number | null {
  const order = (x: string | number, y: string | number): number => (x === y ? 0 : x < y ? -1 : 1);
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
