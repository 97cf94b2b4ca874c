import { create } from 'zustand';

/** The views of one task's screen. */
export type TaskTab = 'run' | 'verify' | 'switchover';

/** Which screen the window shows. */
export type View =
  { kind: 'dashboard' } | { kind: 'wizard' } | { kind: 'task'; name: string; tab?: TaskTab };

interface NavigationState {
  view: View;
  go(view: View): void;
}

export const useNavigation = create<NavigationState>((set) => ({
  view: { kind: 'dashboard' },
  go: (view) => set({ view }),
}));
