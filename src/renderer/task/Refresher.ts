export interface RefresherOptions {
  intervalMs: number;
  /** Polls only while this says the window is seen: a hidden window needs no fresh numbers. */
  isVisible: () => boolean;
  onError: (e: unknown) => void;
}

/**
 * Calls `load` every interval and whenever asked, never two at once: a request during a load
 * runs one more load after it, however many requests came in. Task events arrive up to four
 * times a second per task, so without this the dashboard would queue calls faster than they
 * return.
 */
export class Refresher {
  private timer: ReturnType<typeof setInterval> | null = null;
  private loading = false;
  private again = false;
  private stopped = true;

  constructor(
    private readonly load: () => Promise<void>,
    private readonly options: RefresherOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.request();
    this.timer = setInterval(() => {
      if (this.options.isVisible()) this.request();
    }, this.options.intervalMs);
  }

  stop(): void {
    this.stopped = true;
    this.again = false;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  request(): void {
    if (this.stopped) return;
    if (this.loading) {
      this.again = true;
      return;
    }
    void this.run();
  }

  private async run(): Promise<void> {
    this.loading = true;
    try {
      await this.load();
    } catch (e) {
      if (!this.stopped) this.options.onError(e);
    } finally {
      this.loading = false;
    }
    if (this.again && !this.stopped) {
      this.again = false;
      void this.run();
    }
  }
}
