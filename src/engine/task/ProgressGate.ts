import type { TaskEvent } from '../../shared/events.js';

/**
 * Lets through at most one progress event per item every `intervalMs`, and always the one that
 * finishes an item, so hosts see smooth progress without an event per batch.
 */
export class ProgressGate {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly intervalMs = 250,
    private readonly now: () => number = Date.now,
  ) {}

  pass(event: TaskEvent): boolean {
    if (event.type !== 'progress') return true;
    const key = `${event.step}\u0000${event.item}`;
    if (event.finished) {
      this.last.delete(key);
      return true;
    }
    const t = this.now();
    const previous = this.last.get(key);
    if (previous !== undefined && t - previous < this.intervalMs) return false;
    this.last.set(key, t);
    return true;
  }
}
