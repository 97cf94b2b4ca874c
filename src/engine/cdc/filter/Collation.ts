// Collations: how strings compare and match LIKE patterns, and their byte encodings.

import { LATIN1_WEIGHTS } from './Latin1Weights.js';

export interface Coll {
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

/** Bytes 0x80–0x9F of the server's latin1 (cp1252), for values decoded as Windows-1252. */
const CP1252 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

function latin1Byte(cp: number): number {
  if (cp <= 0xff) return cp;
  const i = CP1252.indexOf(String.fromCodePoint(cp));
  return i >= 0 ? 0x80 + i : 0x3f;
}

const collations = new Map<string, Coll>();

export function collationOf(name: string | null, charset: string | null): Coll {
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

export function compareText(a: string, b: string, coll: Coll): number {
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
export function likeMatch(subject: string, pattern: string, escape: string, coll: Coll): boolean {
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

export function utf8Bytes(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

export function fromBytes(s: string): string {
  return Buffer.from(s, 'latin1').toString('utf8');
}

export function byteLength(s: string, charset: string): number {
  const cs = charset.toLowerCase();
  if (['latin1', 'ascii', 'cp1252', 'latin2', 'cp1250', 'cp1251', 'koi8r', 'greek'].includes(cs)) {
    return s.length;
  }
  if (cs === 'ucs2') return s.length * 2;
  if (cs === 'utf16' || cs === 'utf16le') return s.length * 2;
  if (cs === 'utf32') return Array.from(s).length * 4;
  return Buffer.byteLength(s, 'utf8');
}
