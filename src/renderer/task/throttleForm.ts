import type { ThrottleLimits } from '../../shared/api.js';
import { formatBytesPerSecond, formatRowsPerSecond } from '../format.js';

export type ParsedLimit = { ok: true; value: number } | { ok: false; message: string };

/** A limit as typed: a whole number, 0 for none; thousands separators and spaces allowed. */
export function parseLimit(text: string): ParsedLimit {
  const cleaned = text.replace(/[\s,_]/g, '');
  if (cleaned === '') return { ok: false, message: 'Enter a number (0 = unlimited).' };
  if (!/^\d+$/.test(cleaned)) return { ok: false, message: 'Enter a whole number of 0 or more.' };
  const value = Number(cleaned);
  if (!Number.isSafeInteger(value)) return { ok: false, message: 'That number is too large.' };
  return { ok: true, value };
}

export function describeLimits(limits: ThrottleLimits): string {
  const rows =
    limits.rowsPerSecond > 0 ? formatRowsPerSecond(limits.rowsPerSecond) : 'unlimited rows/s';
  const bytes =
    limits.bytesPerSecond > 0 ? formatBytesPerSecond(limits.bytesPerSecond) : 'unlimited bytes/s';
  return `${rows}, ${bytes}`;
}
