import { describe, expect, it } from 'vitest';
import {
  actionsFor,
  shownState,
  unfinishedTasks,
} from '../../../../src/renderer/task/taskActions.js';
import type { TaskState } from '../../../../src/shared/events.js';
import { summary } from './fixtures.js';

describe('task actions', () => {
  it('pauses and stops only a run of this host, and never deletes it', () => {
    expect(actionsFor({ state: 'running', active: true })).toEqual({
      resume: false,
      pause: true,
      stop: true,
      delete: false,
    });
  });

  it('treats a running record with nothing running it as interrupted and resumable', () => {
    const task = { state: 'running' as const, active: false };
    expect(shownState(task)).toBe('interrupted');
    expect(actionsFor(task)).toEqual({ resume: true, pause: false, stop: false, delete: true });
  });

  it.each<TaskState>(['paused', 'stopped', 'failed', 'new'])('resumes a %s task', (state) => {
    const allowed = actionsFor({ state, active: false });
    expect(allowed.resume).toBe(true);
    expect(allowed.delete).toBe(true);
    expect(allowed.pause || allowed.stop).toBe(false);
  });

  it('offers only delete for a finished task', () => {
    expect(actionsFor({ state: 'done', active: false })).toEqual({
      resume: false,
      pause: false,
      stop: false,
      delete: true,
    });
  });

  it('counts as unfinished what is neither done nor running here', () => {
    const tasks = [
      summary({ name: 'a', state: 'done', active: false }),
      summary({ name: 'b', state: 'running', active: true }),
      summary({ name: 'c', state: 'running', active: false }),
      summary({ name: 'd', state: 'paused', active: false }),
    ];
    expect(unfinishedTasks(tasks).map((t) => t.name)).toEqual(['c', 'd']);
  });
});
