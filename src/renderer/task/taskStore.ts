import { create } from 'zustand';
import type { TaskDetail } from '../../shared/api.js';
import type { TaskEvent } from '../../shared/events.js';
import type { ShownError } from '../errors.js';
import { applyEvent } from './liveEvents.js';
import { applyDetail, initialLive, type TaskLive } from './liveState.js';

export interface TaskStore {
  live: TaskLive;
  /** Whether a detail has arrived for the open task. */
  loaded: boolean;
  /** The last `task:get` failure; cleared by the next success. */
  error: ShownError | null;
  /** Starts over for another task; the same task keeps what it has (charts, log). */
  open(name: string): void;
  detail(detail: TaskDetail, asOf: number): void;
  event(event: TaskEvent): void;
  fail(error: ShownError | null): void;
}

export function createTaskStore(clock: () => number = Date.now) {
  return create<TaskStore>((set, get) => ({
    live: initialLive(''),
    loaded: false,
    error: null,
    open(name) {
      if (get().live.name === name) return;
      set({ live: initialLive(name), loaded: false, error: null });
    },
    detail(detail, asOf) {
      const { live } = get();
      if (detail.summary.name !== live.name) return;
      set({ live: applyDetail(live, detail, asOf, clock()), loaded: true, error: null });
    },
    event(event) {
      const { live } = get();
      const next = applyEvent(live, event, clock());
      if (next !== live) set({ live: next });
    },
    fail(error) {
      set({ error });
    },
  }));
}

/** The task screen's state: one task at a time. */
export const useTaskStore = createTaskStore();
