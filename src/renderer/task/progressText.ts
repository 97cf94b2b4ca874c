import {
  formatBytesPerSecond,
  formatEta,
  formatNumber,
  formatPercent,
  formatRowsPerSecond,
} from '../format.js';
import type { TableProgress } from './liveState.js';
import { STALE_MS } from './samples.js';
import type { FullCopyProgress } from './throughput.js';

const joined = (parts: (string | null)[]): string =>
  parts.filter((p): p is string => p !== null).join(' · ');

/** "1,234 / 5,000 rows (24%) · 12,000 rows/s · 3.1 MiB/s · ETA 3 s" */
export function fullProgressText(p: FullCopyProgress): string {
  if (p.fraction === null) return p.tables === 0 ? 'Not started' : 'Counting rows…';
  const counts = `${formatNumber(p.rowsDone)} / ${formatNumber(p.rowsTotal)} rows (${formatPercent(p.fraction)})`;
  if (!p.moving || p.fraction >= 1) return counts;
  return joined([
    counts,
    formatRowsPerSecond(p.rowsPerSecond),
    p.bytesPerSecond ? formatBytesPerSecond(p.bytesPerSecond) : null,
    formatEta(p.etaSeconds),
  ]);
}

export function tableFraction(t: TableProgress): number {
  if (t.state === 'done') return 1;
  const total = Math.max(t.total ?? 0, t.done);
  return total > 0 ? t.done / total : 0;
}

/** "1,234 / 5,000 rows · 1,000 rows/s · ETA 4 s" while it copies; its state otherwise. */
export function tableProgressText(t: TableProgress, now: number): string {
  const total = t.total === null ? '?' : formatNumber(Math.max(t.total, t.done));
  const counts = `${formatNumber(t.done)} / ${total} rows`;
  if (t.state === 'done') return `${formatNumber(t.done)} rows · done`;
  if (t.state === 'failed') return `${counts} · failed`;
  if (t.state === 'pending') return `${counts} · waiting`;
  const rate = t.rate && now - t.rateAt < STALE_MS ? t.rate : null;
  if (!rate) return counts;
  return joined([counts, formatRowsPerSecond(rate.rowsPerSecond), formatEta(rate.etaSeconds)]);
}

const STATE_ORDER: Record<TableProgress['state'], number> = {
  running: 0,
  failed: 1,
  pending: 2,
  done: 3,
};

/** Tables being copied first, then failures, then the ones waiting, then the finished. */
export function orderTables(tables: readonly TableProgress[], search: string): TableProgress[] {
  const needle = search.trim().toLowerCase();
  return tables
    .filter(
      (t) =>
        needle === '' ||
        t.source.toLowerCase().includes(needle) ||
        (t.target?.toLowerCase().includes(needle) ?? false),
    )
    .sort(
      (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.source.localeCompare(b.source),
    );
}

/** Up to this many tables show on one page; more are paged so the screen stays quick. */
export const PAGINATE_ABOVE = 200;
export const PAGE_SIZE = 100;

export function pageOf<T>(items: readonly T[], page: number): T[] {
  if (items.length <= PAGINATE_ABOVE) return [...items];
  return items.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
}
