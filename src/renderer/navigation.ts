import { create } from 'zustand';

/** Which screen the window shows. */
export type View =
  | { kind: 'dashboard' }
  | { kind: 'wizard' }
  | { kind: 'task'; name: string; tab?: 'run' | 'verify' };

interface NavigationState {
  view: View;
  go(view: View): void;
}

export const useNavigation = create<NavigationState>((set) => ({
  view: { kind: 'dashboard' },
  go: (view) => set({ view }),
}));
