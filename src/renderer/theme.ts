import { create } from 'zustand';

export type ThemeMode = 'light' | 'dark';

const KEY = 'cutover.theme';

function initialMode(): ThemeMode {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  const prefersDark =
    typeof window !== 'undefined' && window.matchMedia?.('(prefers-color-scheme: dark)').matches;
  return prefersDark ? 'dark' : 'light';
}

interface ThemeState {
  mode: ThemeMode;
  toggle(): void;
}

/** The person's choice of theme, kept across starts; the system's preference until they choose. */
export const useThemeMode = create<ThemeState>((set, get) => ({
  mode: initialMode(),
  toggle() {
    const mode: ThemeMode = get().mode === 'dark' ? 'light' : 'dark';
    localStorage.setItem(KEY, mode);
    set({ mode });
  },
}));
