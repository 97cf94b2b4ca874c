/**
 * A bounded queue between one producer and several consumers: the producer waits while the
 * queue is full, consumers wait while it is empty, and close() or fail() ends it for everyone.
 * It lets chunks be cut ahead of the workers without cutting the whole table into memory.
 */
export class WorkQueue<T> {
  private readonly items: T[] = [];
  private readonly takers: ((item: IteratorResult<T>) => void)[] = [];
  private readonly rejecters: ((e: unknown) => void)[] = [];
  private space: (() => void) | null = null;
  private closed = false;
  private error: unknown = null;

  constructor(private readonly capacity: number) {}

  /** Resolves once the item is queued, waiting while the queue is full. */
  async put(item: T): Promise<void> {
    while (this.items.length >= this.capacity && !this.closed) {
      await new Promise<void>((resolve) => (this.space = resolve));
    }
    if (this.closed) return;
    const taker = this.takers.shift();
    this.rejecters.shift();
    if (taker) taker({ value: item, done: false });
    else this.items.push(item);
  }

  /** The next item, or done once the queue is closed and empty. */
  async take(): Promise<IteratorResult<T>> {
    if (this.error !== null) throw this.error;
    const item = this.items.shift();
    if (item !== undefined) {
      this.space?.();
      this.space = null;
      return { value: item, done: false };
    }
    if (this.closed) return { value: undefined, done: true };
    return new Promise((resolve, reject) => {
      this.takers.push(resolve);
      this.rejecters.push(reject);
    });
  }

  /** No more items: waiting consumers get done once the queue drains. */
  close(): void {
    this.closed = true;
    this.space?.();
    for (const taker of this.takers.splice(0)) taker({ value: undefined, done: true });
    this.rejecters.length = 0;
  }

  /** The producer failed: every consumer, waiting or not, gets the error. */
  fail(e: unknown): void {
    this.error = e;
    this.closed = true;
    this.items.length = 0;
    this.space?.();
    for (const reject of this.rejecters.splice(0)) reject(e);
    this.takers.length = 0;
  }
}
