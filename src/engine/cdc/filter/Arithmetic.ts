// Unary minus and the arithmetic operators: exact (bigint decimals) unless a double is involved.

import { decArith, MAX_SCALE, pow10 } from './Decimal.js';
import { asExact, asReal, numClass, numDecimals, type Expr, type Ty } from './Types.js';

export function negate(e: Expr): Expr {
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

export function arith(op: string, l: Expr, r: Expr): Expr {
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
