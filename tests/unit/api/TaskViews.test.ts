import { describe, expect, it } from 'vitest';
import { TaskViews } from '../../../src/engine/api/TaskViews.js';
import { Store } from '../../../src/engine/store/Store.js';
import { TaskRepository } from '../../../src/engine/store/TaskRepository.js';
import { closeLater, sampleSpec, tempDir } from '../store/helpers.js';

function setup() {
  const store = closeLater(Store.open(tempDir()));
  return { views: new TaskViews(store), tasks: new TaskRepository(store.db) };
}

describe('TaskViews.summary reverseOf', () => {
  it('names the forward task of a reverse task', () => {
    const { views, tasks } = setup();
    const forward = tasks.createOrGet(sampleSpec('orders')).task;
    const reverse = tasks.createOrGet(sampleSpec('orders.reverse')).task;
    expect(views.summary(reverse, false).reverseOf).toBe('orders');
    expect(views.summary(forward, false).reverseOf).toBeNull();
    expect(views.detail(reverse, false).summary.reverseOf).toBe('orders');
  });

  it('is null for a task named like a reverse task without its forward task', () => {
    const { views, tasks } = setup();
    const lone = tasks.createOrGet(sampleSpec('archive.reverse')).task;
    expect(views.summary(lone, false).reverseOf).toBeNull();
  });
});
