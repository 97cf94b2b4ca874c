/** Rows and bytes per second over a sliding window, and the time left at that pace. */
export class RateMeter {
  private readonly samples: { t: number; rows: number; bytes: number }[] = [];

  constructor(
    private readonly windowMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  add(rows: number, bytes: number): void {
    const t = this.now();
    this.samples.push({ t, rows, bytes });
    while (this.samples.length > 1 && (this.samples[0]?.t ?? t) < t - this.windowMs) {
      this.samples.shift();
    }
  }

  rates(): { rowsPerSecond: number; bytesPerSecond: number } {
    const t = this.now();
    const recent = this.samples.filter((s) => s.t >= t - this.windowMs);
    const first = recent[0];
    if (!first) return { rowsPerSecond: 0, bytesPerSecond: 0 };
    // The window runs from the first sample's start: at least one second, so a single early
    // sample does not read as an enormous rate.
    const span = Math.max(1000, t - first.t);
    const rows = recent.reduce((n, s) => n + s.rows, 0);
    const bytes = recent.reduce((n, s) => n + s.bytes, 0);
    return { rowsPerSecond: (rows * 1000) / span, bytesPerSecond: (bytes * 1000) / span };
  }

  /** Seconds to copy `remainingRows` at the current pace; null while there is no pace yet. */
  etaSeconds(remainingRows: number): number | null {
    const { rowsPerSecond } = this.rates();
    if (rowsPerSecond <= 0) return null;
    return Math.max(0, remainingRows) / rowsPerSecond;
  }
}
