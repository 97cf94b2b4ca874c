// Dates, datetimes and times: the server's lenient parsing and comparable keys.

export interface DateTime {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  us: number;
}

export const ZERO_DATETIME: DateTime = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0, us: 0 };

function twoDigitYear(y: number, digits: number): number {
  return digits <= 2 ? (y < 70 ? 2000 + y : 1900 + y) : y;
}

function micros(frac: string | undefined): number {
  return Number((frac ?? '').slice(0, 6).padEnd(6, '0'));
}

function validTime(dt: DateTime): DateTime | null {
  return dt.mo <= 12 && dt.d <= 31 && dt.h <= 23 && dt.mi <= 59 && dt.s <= 59 ? dt : null;
}

/** YYMMDD, YYYYMMDD, YYMMDDhhmmss or YYYYMMDDhhmmss digits, as the server reads numbers. */
export function compactDateTime(digits: string, frac: string | undefined): DateTime | null {
  if (/^0+$/.test(digits)) return { ...ZERO_DATETIME, us: micros(frac) };
  const len = digits.length;
  const padded = digits.padStart(len <= 6 ? 6 : len <= 8 ? 8 : len <= 12 ? 12 : 14, '0');
  if (padded.length > 14) return null;
  const yearDigits = padded.length === 6 || padded.length === 12 ? 2 : 4;
  const num = (from: number, n: number): number => Number(padded.slice(from, from + n) || '0');
  const y = twoDigitYear(num(0, yearDigits), yearDigits);
  const at = yearDigits;
  return validTime({
    y,
    mo: num(at, 2),
    d: num(at + 2, 2),
    h: num(at + 4, 2),
    mi: num(at + 6, 2),
    s: num(at + 8, 2),
    us: micros(frac),
  });
}

/** The server's lenient string → DATETIME: any punctuation as delimiter, trailing text ignored. */
export function parseDateTime(text: string): DateTime | null {
  const t = text.replace(/^\s+/, '');
  const compact = /^(\d{5,14})(?:\.(\d*))?(?!\d)/.exec(t);
  if (compact && !/^\d{5,14}[\p{P}\p{S}]\d/u.test(t)) {
    return compactDateTime(compact[1] ?? '', compact[2]);
  }
  const m =
    /^(\d{1,4})[\p{P}\p{S}](\d{1,2})[\p{P}\p{S}](\d{1,2})(?:(?:T|\s+)(\d{1,2})[\p{P}\p{S}](\d{1,2})(?:[\p{P}\p{S}](\d{1,2})(?:\.(\d*))?)?)?/u.exec(
      t,
    );
  if (!m) return null;
  const yearText = m[1] ?? '0';
  return validTime({
    y: twoDigitYear(Number(yearText), yearText.length),
    mo: Number(m[2]),
    d: Number(m[3]),
    h: Number(m[4] ?? 0),
    mi: Number(m[5] ?? 0),
    s: Number(m[6] ?? 0),
    us: micros(m[7]),
  });
}

/** DATE() and friends refuse impossible days (2024-02-30), comparisons do not. */
export function realDate(dt: DateTime | null): DateTime | null {
  if (!dt) return null;
  if (dt.mo === 0 || dt.d === 0) return dt;
  const days = new Date(Date.UTC(2000, dt.mo, 0)).getUTCDate();
  const leap = dt.y % 4 === 0 && (dt.y % 100 !== 0 || dt.y % 400 === 0);
  return dt.d <= (dt.mo === 2 ? (leap ? 29 : 28) : days) ? dt : null;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function dateText(dt: DateTime): string {
  return `${pad(dt.y, 4)}-${pad(dt.mo, 2)}-${pad(dt.d, 2)}`;
}

export function dateTimeKey(dt: DateTime): string {
  return `${dateText(dt)} ${pad(dt.h, 2)}:${pad(dt.mi, 2)}:${pad(dt.s, 2)}.${pad(dt.us, 6)}`;
}

/** TIME as signed microseconds: [-][D ]HH:MM[:SS][.frac], HHMMSS digits, or a datetime's time. */
export function parseTime(text: string): number | null {
  const t = text.replace(/^\s+/, '');
  if (/^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,2}/.test(t)) {
    const dt = parseDateTime(t);
    return dt ? ((dt.h * 60 + dt.mi) * 60 + dt.s) * 1e6 + dt.us : null;
  }
  const m = /^(-)?(?:(\d+)\s+)?(\d+):(\d{1,2})(?::(\d{1,2}))?(?:\.(\d*))?/.exec(t);
  if (m) {
    const [mi, s] = [Number(m[4]), Number(m[5] ?? 0)];
    if (mi > 59 || s > 59) return null;
    const total = ((Number(m[2] ?? 0) * 24 + Number(m[3])) * 60 + mi) * 60 + s;
    return (m[1] ? -1 : 1) * (total * 1e6 + micros(m[6]));
  }
  const n = /^(-)?(\d+)(?:\.(\d*))?/.exec(t);
  return n ? numberToTime(n[1] === '-', n[2] ?? '0', n[3]) : null;
}

export function numberToTime(
  neg: boolean,
  digits: string,
  frac: string | undefined,
): number | null {
  const v = Number(digits);
  const [h, mi, s] = [Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100];
  if (mi > 59 || s > 59) return null;
  return (neg ? -1 : 1) * (((h * 60 + mi) * 60 + s) * 1e6 + micros(frac));
}
