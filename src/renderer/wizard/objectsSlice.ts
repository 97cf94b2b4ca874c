import type { BrowseDatabase } from '../../shared/api.js';
import { shownError, type ShownError } from '../errors.js';
import { endpointPayload } from './endpointForm.js';
import {
  EMPTY_SELECTION,
  fitToCatalog,
  isSelected,
  selectTables,
  setTargetDatabase,
  tableSettings,
  updateTable,
  type Selection,
  type TableSettings,
} from './selection.js';
import type { SliceContext } from './wizardStore.js';

export type CatalogState =
  | { status: 'idle' }
  | { status: 'loading'; key: string }
  | { status: 'loaded'; key: string; databases: BrowseDatabase[] }
  | { status: 'failed'; key: string; error: ShownError };

/** A row filter's check: waiting for the person to stop typing, at the engine, or its verdict. */
export type FilterState =
  | { status: 'pending' }
  | { status: 'checking' }
  | { status: 'valid' }
  | { status: 'invalid'; message: string };

export interface ObjectsData {
  catalog: CatalogState;
  selection: Selection;
  search: string;
  expanded: ReadonlySet<string>;
  /** Keyed by `filterKey`; tables without a filter have none. */
  filters: Readonly<Record<string, FilterState>>;
}

export interface ObjectsActions {
  /** Reads the source's tables unless they were read from the source as it is now set. */
  browse(force?: boolean): Promise<void>;
  setSearch(search: string): void;
  toggleExpanded(database: string): void;
  selectTables(database: string, tables: readonly string[], on: boolean): void;
  updateTable(
    database: string,
    table: string,
    patch: Partial<Pick<TableSettings, 'targetName' | 'columns'>>,
  ): void;
  setWhere(database: string, table: string, where: string): void;
  setTargetDatabase(database: string, name: string): void;
  /** Stops pending filter checks (the wizard is being left or reset). */
  cancelFilterChecks(): void;
}

export function objectsData(): ObjectsData {
  return {
    catalog: { status: 'idle' },
    selection: EMPTY_SELECTION,
    search: '',
    expanded: new Set(),
    filters: {},
  };
}

export const filterKey = (database: string, table: string): string => `${database}\u0000${table}`;

/** Small databases start open; large ones closed, so they do not bury the others. */
const OPEN_UP_TO_TABLES = 50;

const keyOf = (catalog: CatalogState): string | null =>
  catalog.status === 'idle' ? null : catalog.key;

const NO_DATABASES: readonly BrowseDatabase[] = [];

/** The loaded databases; the same empty list each time before, so selectors stay stable. */
export function catalogDatabases(catalog: CatalogState): readonly BrowseDatabase[] {
  return catalog.status === 'loaded' ? catalog.databases : NO_DATABASES;
}

export function objectsActions(
  { set, get, client }: SliceContext,
  filterDelayMs: number,
): ObjectsActions {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const setFilter = (key: string, state: FilterState | null): void =>
    set((s) => {
      const filters = { ...s.filters };
      if (state === null) delete filters[key];
      else filters[key] = state;
      return { filters };
    });

  async function checkFilter(database: string, table: string): Promise<void> {
    const key = filterKey(database, table);
    const expression = tableSettings(get().selection, database, table).where;
    setFilter(key, { status: 'checking' });
    let verdict: FilterState;
    try {
      const source = endpointPayload(get().endpoints.source);
      const result = await client().invoke('filter:check', source, database, table, expression);
      verdict = result.ok ? { status: 'valid' } : { status: 'invalid', message: result.message };
    } catch (e) {
      verdict = { status: 'invalid', message: `Could not check it: ${shownError(e).message}` };
    }
    // A verdict on an expression since changed would wrongly pass or block the new one.
    if (tableSettings(get().selection, database, table).where !== expression) return;
    setFilter(key, verdict);
  }

  function scheduleCheck(database: string, table: string): void {
    const key = filterKey(database, table);
    const previous = timers.get(key);
    if (previous !== undefined) clearTimeout(previous);
    timers.delete(key);
    if (tableSettings(get().selection, database, table).where.trim() === '') {
      setFilter(key, null);
      return;
    }
    setFilter(key, { status: 'pending' });
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        void checkFilter(database, table);
      }, filterDelayMs),
    );
  }

  /** A setting only means something for a table that is copied, so giving one selects it. */
  const selectIfSet = (selection: Selection, database: string, table: string, given: boolean) =>
    given && !isSelected(selection, database, table)
      ? selectTables(selection, database, [table], true)
      : selection;

  return {
    async browse(force = false) {
      const source = endpointPayload(get().endpoints.source);
      const key = JSON.stringify(source);
      const { catalog } = get();
      if (!force && catalog.status !== 'failed' && keyOf(catalog) === key) return;
      set({ catalog: { status: 'loading', key } });
      try {
        const databases = await client().invoke('catalog:browse', source);
        // The source was changed while this one was read.
        if (keyOf(get().catalog) !== key) return;
        const firstLoad = get().expanded.size === 0;
        set((s) => ({
          catalog: { status: 'loaded', key, databases },
          selection: fitToCatalog(s.selection, databases),
          expanded: firstLoad
            ? new Set(
                databases
                  .filter((db) => db.tables.length <= OPEN_UP_TO_TABLES)
                  .map((db) => db.name),
              )
            : s.expanded,
          filters: {},
        }));
        // Filters were checked against the source as it was; check them against this one.
        const { selection } = get();
        for (const db of databases) {
          for (const t of db.tables) {
            if (tableSettings(selection, db.name, t.name).where.trim() !== '') {
              scheduleCheck(db.name, t.name);
            }
          }
        }
      } catch (e) {
        if (keyOf(get().catalog) !== key) return;
        set({ catalog: { status: 'failed', key, error: shownError(e) } });
      }
    },

    setSearch: (search) => set({ search }),

    toggleExpanded: (database) =>
      set((s) => {
        const expanded = new Set(s.expanded);
        if (!expanded.delete(database)) expanded.add(database);
        return { expanded };
      }),

    selectTables: (database, tables, on) =>
      set((s) => ({ selection: selectTables(s.selection, database, tables, on) })),

    updateTable: (database, table, patch) =>
      set((s) => {
        const meaningful =
          (patch.targetName !== undefined && patch.targetName.trim() !== '') ||
          (patch.columns !== undefined && patch.columns !== null);
        const updated = updateTable(s.selection, database, table, patch);
        return { selection: selectIfSet(updated, database, table, meaningful) };
      }),

    setWhere(database, table, where) {
      set((s) => {
        const updated = updateTable(s.selection, database, table, { where });
        return { selection: selectIfSet(updated, database, table, where.trim() !== '') };
      });
      scheduleCheck(database, table);
    },

    setTargetDatabase: (database, name) =>
      set((s) => ({ selection: setTargetDatabase(s.selection, database, name) })),

    cancelFilterChecks() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
