import type { TaskEvent } from '../../shared/events.js';

/**
 * At most one progress or stream update per task every `intervalMs` reaches a window (the
 * latest of each item is kept and sent at the next tick); state changes and log lines pass at
 * once. A copy emits hundreds of progress events a second; a screen needs four.
 */
export class EventThrottle {
  private readonly pending = new Map<string, Map<string, TaskEvent>>();
  private readonly last = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly send: (event: TaskEvent) => void,
    private readonly intervalMs = 250,
  ) {}

  push(event: TaskEvent): void {
    if (event.type !== 'progress' && event.type !== 'stream') {
      this.send(event);
      return;
    }
    const item = event.type === 'progress' ? `p:${event.step}:${event.item}` : `s:${event.stream}`;
    let items = this.pending.get(event.task);
    if (!items) this.pending.set(event.task, (items = new Map()));
    items.set(item, event);
    this.schedule(event.task);
  }

  private schedule(task: string): void {
    if (this.timers.has(task)) return;
    const wait = Math.max(0, (this.last.get(task) ?? 0) + this.intervalMs - Date.now());
    const timer = setTimeout(() => this.flush(task), wait);
    timer.unref();
    this.timers.set(task, timer);
  }

  private flush(task: string): void {
    this.timers.delete(task);
    this.last.set(task, Date.now());
    const items = this.pending.get(task);
    this.pending.delete(task);
    for (const event of items?.values() ?? []) this.send(event);
  }

  /** Sends what is pending now: a run ended. */
  drain(): void {
    for (const [task, timer] of this.timers) {
      clearTimeout(timer);
      this.flush(task);
    }
  }
}
