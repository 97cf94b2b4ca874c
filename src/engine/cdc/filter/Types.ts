// Static types of filter expressions and conversions of runtime values between them.

import type { ColumnDef } from '../../../shared/catalog.js';
import { collationOf, fromBytes, utf8Bytes, type Coll } from './Collation.js';
import {
  dec,
  decText,
  decToNumber,
  parseDec,
  parseReal,
  pow10,
  realText,
  type Dec,
} from './Decimal.js';
import { parseDateTime, parseTime, ZERO_DATETIME } from './Temporal.js';

/**
 * A column value as the evaluator sees it: integers and floats as numbers; DECIMAL and 64-bit
 * integers beyond 2^53 as exact decimal strings; temporal values as the server prints them; text,
 * ENUM labels and SET lists as strings; binary strings as latin1 strings; NULL as null.
 */
export type FilterValue = string | number | null;
export type FilterRow = Record<string, FilterValue>;

export interface StrTy {
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

export type TemporalKind = 'date' | 'datetime' | 'time';

export type Ty =
  | { k: 'null' }
  | { k: 'int' }
  | { k: 'dec'; d: number }
  | { k: 'real' }
  | StrTy
  | { k: 'temporal'; tk: TemporalKind; fsp: number };

/** Runtime values by type: int bigint, dec Dec, real number, str and temporal string. */
export type V = bigint | Dec | number | string | null;

export interface Expr {
  ty: Ty;
  /** No column is read: the value is the same for every row. */
  konst: boolean;
  /** The column, when the expression is a bare column reference. */
  field: ColumnDef | null;
  ev: (row: FilterRow) => V;
}

export const GENERAL = (): Coll => collationOf('utf8mb4_general_ci', 'utf8mb4');
export const BINARY = (): Coll => collationOf('binary', 'binary');

export function strTy(coll: Coll, der: number, charset: string, extra: Partial<StrTy> = {}): StrTy {
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
export function asStrTy(ty: Ty): StrTy {
  if (ty.k === 'str') return ty;
  return strTy(GENERAL(), ty.k === 'null' ? 6 : 5, 'utf8mb4');
}

export function plain(ty: StrTy): StrTy {
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
export function asExact(v: V, ty: Ty): Dec | null {
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

export function asReal(v: V, ty: Ty): number | null {
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
export function asText(v: V, ty: Ty): string | null {
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
export function textIn(v: V, from: Ty, to: StrTy): string | null {
  const s = asText(v, from);
  if (s === null) return null;
  const fromBinary = from.k === 'str' && from.binary;
  if (to.binary && !fromBinary) return utf8Bytes(s);
  if (!to.binary && fromBinary) return fromBytes(s);
  return s;
}

export function truth(v: V, ty: Ty): boolean | null {
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
export function declared(ty: Ty): number | null {
  if (ty.k === 'int') return 0;
  if (ty.k === 'dec') return ty.d;
  if (ty.k === 'temporal') return ty.fsp;
  return null;
}

/** int, dec or real: how the value takes part in arithmetic. */
export function numClass(ty: Ty): 'int' | 'dec' | 'real' {
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

export function numDecimals(ty: Ty): number {
  return ty.k === 'dec' ? ty.d : ty.k === 'temporal' ? ty.fsp : 0;
}

export const BOOL: Ty = { k: 'int' };
export const boolValue = (t: boolean | null): V => (t === null ? null : t ? 1n : 0n);
