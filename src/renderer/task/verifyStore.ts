import { create } from 'zustand';
import type { CutoverApi, VerifyResult } from '../../shared/api.js';
import { shownError, type ShownError } from '../errors.js';

export interface VerifyRun {
  /** What is running now: a comparison, or repairs followed by one. */
  running: 'verify' | 'repair' | null;
  result: VerifyResult | null;
  error: ShownError | null;
  /** The table (source `db.table`) whose differing rows are shown. */
  selected: string | null;
}

export const IDLE: VerifyRun = { running: null, result: null, error: null, selected: null };

export interface VerifyStore {
  /** Per task, so a verification that takes minutes survives leaving the screen. */
  runs: Record<string, VerifyRun>;
  verify(task: string, repair: boolean): Promise<void>;
  select(task: string, table: string | null): void;
}

export function createVerifyStore(engine: () => CutoverApi) {
  return create<VerifyStore>((set, get) => {
    const update = (task: string, change: Partial<VerifyRun>): void =>
      set((s) => ({ runs: { ...s.runs, [task]: { ...(s.runs[task] ?? IDLE), ...change } } }));
    return {
      runs: {},
      async verify(task, repair) {
        if (get().runs[task]?.running) return;
        update(task, { running: repair ? 'repair' : 'verify', error: null });
        try {
          const result = await engine().invoke('task:verify', task, { repair });
          const selected = get().runs[task]?.selected ?? null;
          const stillThere = result.report.tables.some((t) => t.source === selected);
          update(task, { running: null, result, selected: stillThere ? selected : null });
        } catch (e) {
          update(task, { running: null, error: shownError(e) });
        }
      },
      select(task, table) {
        update(task, { selected: table });
      },
    };
  });
}
