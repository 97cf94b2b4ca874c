import type { StreamStats } from '../../shared/stream.js';

const WINDOW_MS = 60_000;
const RATE_WINDOW_MS = 5_000;

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] ?? null;
}

/** Lag samples over a sliding window, and the rates of what was applied. */
export class LagMeter {
  private samples: { at: number; lag: number }[] = [];
  private applied: { at: number; txns: number; rows: number }[] = [];
  private transactions = 0;
  private rows = 0;
  private latest: number | null = null;

  constructor(private readonly source: StreamStats['lagSource']) {}

  /** A lag measurement, ms. */
  sample(lagMs: number, now = Date.now()): void {
    const lag = Math.max(0, lagMs);
    this.latest = lag;
    this.samples.push({ at: now, lag });
    if (this.samples.length > 4096 || (this.samples[0]?.at ?? now) < now - WINDOW_MS) {
      this.samples = this.samples.filter((s) => s.at >= now - WINDOW_MS).slice(-4096);
    }
  }

  /** A transaction fully applied. */
  appliedTransaction(rows: number, now = Date.now()): void {
    this.transactions += 1;
    this.rows += rows;
    const last = this.applied[this.applied.length - 1];
    const bucket = Math.floor(now / 100) * 100;
    if (last && last.at === bucket) {
      last.txns += 1;
      last.rows += rows;
    } else {
      this.applied.push({ at: bucket, txns: 1, rows });
      while ((this.applied[0]?.at ?? now) < now - RATE_WINDOW_MS) this.applied.shift();
    }
  }

  stats(now = Date.now()): StreamStats {
    const recent = this.samples.filter((s) => s.at >= now - WINDOW_MS).map((s) => s.lag);
    recent.sort((a, b) => a - b);
    const window = this.applied.filter((b) => b.at >= now - RATE_WINDOW_MS);
    const span = RATE_WINDOW_MS / 1000;
    return {
      lagMs: this.latest,
      lagP50Ms: percentile(recent, 50),
      lagP99Ms: percentile(recent, 99),
      lagSource: this.source,
      eventsPerSecond: window.reduce((n, b) => n + b.txns, 0) / span,
      rowsPerSecond: window.reduce((n, b) => n + b.rows, 0) / span,
      transactionsApplied: this.transactions,
      rowsApplied: this.rows,
    };
  }
}
