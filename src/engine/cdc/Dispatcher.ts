import { CutoverError } from '../errors.js';
import type { ApplyItem } from './ChangePlanner.js';
import { fnv1a } from './Hash.js';
import type { ApplyWorker } from './ApplyWorker.js';

interface Owner {
  worker: number;
  pending: number;
}

/**
 * Spreads changes over the workers so that any two changes touching the same row or the same
 * unique value go to the same worker, in stream order. Each pending key remembers its worker;
 * a change whose keys are held by two workers (a row moving to a unique value another worker is
 * still writing) waits until those workers are idle, which is rare.
 */
export class Dispatcher {
  private readonly owners = new Map<string, Owner>();

  constructor(private readonly workers: ApplyWorker[]) {}

  async dispatch(item: ApplyItem): Promise<void> {
    let chosen = this.ownersOf(item);
    while (chosen.size > 1) {
      // A stopped worker never releases its keys: the step is ending, and waiting would spin.
      if ([...chosen].some((w) => this.workers[w]?.stopped)) {
        throw new CutoverError('INTERRUPTED', 'The apply workers stopped.', '');
      }
      await Promise.all([...chosen].map((w) => this.workers[w]?.idle()));
      chosen = this.ownersOf(item);
    }
    const [held] = chosen;
    const index = held ?? fnv1a(item.conflicts[0] ?? '') % this.workers.length;
    for (const key of item.conflicts) {
      const owner = this.owners.get(key);
      if (owner) owner.pending += 1;
      else this.owners.set(key, { worker: index, pending: 1 });
    }
    await this.workers[index]?.push(item);
  }

  /** Called when items are committed on the target: their keys are free again. */
  release(items: ApplyItem[]): void {
    for (const item of items) {
      for (const key of item.conflicts) {
        const owner = this.owners.get(key);
        if (!owner) continue;
        owner.pending -= 1;
        if (owner.pending <= 0) this.owners.delete(key);
      }
    }
  }

  /** Resolves when every change dispatched so far is applied. */
  async drain(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.idle()));
  }

  private ownersOf(item: ApplyItem): Set<number> {
    const found = new Set<number>();
    for (const key of item.conflicts) {
      const owner = this.owners.get(key);
      if (owner) found.add(owner.worker);
    }
    return found;
  }
}
