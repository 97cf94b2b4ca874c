// Exact decimal arithmetic on bigints the way the server does it, and numbers' text forms.

/** n / 10^s, carried with the server's frac count f (the scale the server thinks it has). */
export interface Dec {
  n: bigint;
  s: number;
  f: number;
}

export const MAX_SCALE = 38;

export function pow10(k: number): bigint {
  return 10n ** BigInt(k);
}

export function dec(n: bigint, s = 0, f = s): Dec {
  return { n, s, f };
}

/** The longest decimal prefix of a string (MySQL's string → DECIMAL), 0 when there is none. */
export function parseDec(text: string): Dec {
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

export function decCmp(a: Dec, b: Dec): number {
  const [x, y] = align(a, b);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Rounds half away from zero to d digits (the server's HALF_UP). */
export function decRound(a: Dec, d: number): Dec {
  if (a.s <= d) return a;
  const div = pow10(a.s - d);
  const q = a.n / div;
  const r = a.n % div;
  const twice = (r < 0n ? -r : r) * 2n;
  const n = twice >= div ? q + (a.n < 0n ? -1n : 1n) : q;
  return dec(n, d, Math.min(a.f, d));
}

/** The decimal as text with exactly d fraction digits (rounded), as the server prints it. */
export function decText(a: Dec, d: number): string {
  const r = decRound(a, d);
  const n = r.n * pow10(d - r.s);
  const neg = n < 0n;
  const digits = (neg ? -n : n).toString().padStart(d + 1, '0');
  const int = digits.slice(0, digits.length - d);
  const frac = digits.slice(digits.length - d);
  return `${neg ? '-' : ''}${int}${d > 0 ? `.${frac}` : ''}`;
}

export function decToNumber(a: Dec): number {
  return Number(decText(a, a.s));
}

export function decArith(op: string, a: Dec, b: Dec): Dec | null {
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
export function realText(x: number): string {
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
export function parseReal(text: string): number {
  const m = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/i.exec(text);
  return m ? Number(m[0]) : 0;
}
