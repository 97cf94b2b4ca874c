/**
 * How numbers, sizes, rates and times read across the screens. One fixed locale, so a
 * screenshot or a bug report reads the same on every machine.
 */
const numbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatNumber(n: number): string {
  return numbers.format(n);
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : value < 10 ? 1 : 0;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

export function formatRowsPerSecond(rowsPerSecond: number): string {
  return `${formatNumber(Math.round(rowsPerSecond))} rows/s`;
}

export function formatBytesPerSecond(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/**
 * Whole percent, rounded down, so 99.9% never reads as done. `fraction` is 0–1.
 */
export function formatPercent(fraction: number): string {
  return `${percentOf(fraction)}%`;
}

export function percentOf(fraction: number): number {
  if (!Number.isFinite(fraction)) return 0;
  return Math.min(100, Math.max(0, Math.floor(fraction * 100)));
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "45 s", "3 min 20 s", "2 h 5 min", "1 d 3 h": the two largest units are enough to plan by. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < MINUTE) return `${s} s`;
  const pair = (big: number, bigUnit: string, small: number, smallUnit: string): string =>
    small > 0 ? `${big} ${bigUnit} ${small} ${smallUnit}` : `${big} ${bigUnit}`;
  if (s < HOUR) return pair(Math.floor(s / MINUTE), 'min', s % MINUTE, 's');
  if (s < DAY) return pair(Math.floor(s / HOUR), 'h', Math.floor((s % HOUR) / MINUTE), 'min');
  return pair(Math.floor(s / DAY), 'd', Math.floor((s % DAY) / HOUR), 'h');
}

/** null while there is no pace to estimate by. */
export function formatEta(etaSeconds: number | null): string | null {
  if (etaSeconds === null || !Number.isFinite(etaSeconds)) return null;
  return `ETA ${formatDuration(etaSeconds)}`;
}

/** Milliseconds below a second (the heartbeat measures them), seconds with a tenth above. */
export function formatLag(lagMs: number | null): string {
  if (lagMs === null || !Number.isFinite(lagMs)) return '—';
  if (lagMs < 1000) return `${Math.max(0, Math.round(lagMs))} ms`;
  return `${(lagMs / 1000).toFixed(1)} s`;
}

/** "just now", "12 s ago", "3 min ago", … for an ISO time; `now` in ms. */
export function formatAgo(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 5) return 'just now';
  return `${formatDuration(seconds)} ago`;
}

/** Local date and time, for tooltips and the step timeline. */
export function formatDateTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleString();
}

/** Local time of day, for log lines. */
export function formatClock(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleTimeString();
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** "950", "12K", "3.5M": for axis labels, where room is short. */
export function formatCompact(n: number): string {
  return compact.format(n);
}

/** Tenths below a minute (a table often verifies in under a second), then as a duration. */
export function formatSeconds(seconds: number): string {
  return seconds < 60 ? `${Math.max(0, seconds).toFixed(1)} s` : formatDuration(seconds);
}
