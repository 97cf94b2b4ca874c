import { create } from 'zustand';
import type { AppInfo, TaskSummary } from '../shared/api.js';
import { api } from './api.js';

interface TasksState {
  info: AppInfo | null;
  tasks: TaskSummary[];
  error: string | null;
  loading: boolean;
  refresh(): Promise<void>;
}

export const useTasks = create<TasksState>((set) => ({
  info: null,
  tasks: [],
  error: null,
  loading: false,
  async refresh() {
    set({ loading: true });
    try {
      const [info, tasks] = await Promise.all([
        api().invoke('app:info'),
        api().invoke('tasks:list'),
      ]);
      set({ info, tasks, error: null, loading: false });
    } catch (e) {
      set({ error: e instanceof Error ? e.message : String(e), loading: false });
    }
  },
}));
