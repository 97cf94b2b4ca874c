import { setTimeout as sleep } from 'node:timers/promises';

export interface ThrottleLimits {
  /** 0 = unlimited. */
  rowsPerSecond: number;
  bytesPerSecond: number;
}

/** How far ahead of the rate a burst may run, so short stalls are made up without a spike. */
const BURST_SECONDS = 1;

/**
 * A shared rate limit on rows and bytes for every copy worker of a task. Each take() books its
 * share of the budget and waits until the booked time; limits can change while running, from
 * the next take() on.
 */
export class Throttler {
  private limits: ThrottleLimits;
  private rowsFreeAt = -Infinity;
  private bytesFreeAt = -Infinity;
  /** Aborted when the limits change, so batches waiting under the old ones book again. */
  private changed = new AbortController();

  constructor(
    limits: ThrottleLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...limits };
  }

  get current(): ThrottleLimits {
    return { ...this.limits };
  }

  setLimits(limits: ThrottleLimits): void {
    this.limits = { ...limits };
    const t = this.now();
    this.rowsFreeAt = Math.min(this.rowsFreeAt, t);
    this.bytesFreeAt = Math.min(this.bytesFreeAt, t);
    this.changed.abort();
    this.changed = new AbortController();
  }

  /** Milliseconds the caller must wait before sending `rows` rows of `bytes` bytes. */
  book(rows: number, bytes: number): number {
    const t = this.now();
    const floor = t - BURST_SECONDS * 1000;
    let wait = 0;
    if (this.limits.rowsPerSecond > 0) {
      const start = Math.max(this.rowsFreeAt, floor);
      this.rowsFreeAt = start + (rows / this.limits.rowsPerSecond) * 1000;
      wait = Math.max(wait, start - t);
    }
    if (this.limits.bytesPerSecond > 0) {
      const start = Math.max(this.bytesFreeAt, floor);
      this.bytesFreeAt = start + (bytes / this.limits.bytesPerSecond) * 1000;
      wait = Math.max(wait, start - t);
    }
    return wait;
  }

  async take(rows: number, bytes: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const wait = this.book(rows, bytes);
      if (wait <= 0) return;
      const changed = this.changed.signal;
      try {
        await sleep(wait, undefined, {
          signal: signal ? AbortSignal.any([signal, changed]) : changed,
        });
        return;
      } catch (e) {
        if (signal?.aborted) throw e;
      }
    }
  }
}
