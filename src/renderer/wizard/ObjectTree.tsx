import { Box } from '@mui/material';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import type { BrowseDatabase } from '../../shared/api.js';
import { DatabaseRow } from './DatabaseRow.js';
import { checkState, isSelected } from './selection.js';
import { TableRow } from './TableRow.js';
import { parentRowIndex, treeRows, type TreeRow } from './treeRows.js';
import { rowSx, TREE_MIN_WIDTH, TreeHeader } from './treeLayout.js';
import { useWizardStore } from './useWizardStore.js';

const ROW_HEIGHT = 44;
const PAGE_ROWS = 10;

const rowKey = (row: TreeRow): string =>
  row.kind === 'database' ? `d:${row.database.name}` : `t:${row.database}\u0000${row.table.name}`;

/**
 * The source's databases and tables as a virtualised tree grid: only the rows in view are
 * rendered, so thousands of tables scroll and filter smoothly. Rows take focus one at a time
 * (arrows, Home/End, PageUp/PageDown move it; Right/Left open and close; Space ticks).
 */
export const ObjectTree = memo(function ObjectTree({
  databases,
}: {
  databases: readonly BrowseDatabase[];
}) {
  const typed = useWizardStore((s) => s.search);
  // Typing stays responsive while a large tree is filtered behind it.
  const search = useDeferredValue(typed);
  const expanded = useWizardStore((s) => s.expanded);
  const toggleExpanded = useWizardStore((s) => s.toggleExpanded);
  const rows = useMemo(() => treeRows(databases, search, expanded), [databases, search, expanded]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const pendingFocus = useRef<number | null>(null);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (i) => {
      const row = rows[i];
      return row ? rowKey(row) : i;
    },
    overscan: 8,
  });

  const current = Math.min(active, Math.max(rows.length - 1, 0));

  // A row scrolled into view by the keyboard exists only after the render that follows.
  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const element = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (element) {
      pendingFocus.current = null;
      element.focus();
    }
  });

  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(rows.length - 1, index));
    setActive(target);
    pendingFocus.current = target;
    virtualizer.scrollToIndex(target);
  };

  const toggleRow = (row: TreeRow) => {
    const state = useWizardStore.getState();
    if (row.kind === 'database') {
      const names = row.tables.map((t) => t.name);
      const on = checkState(state.selection, row.database.name, names) !== 'checked';
      state.selectTables(row.database.name, names, on);
    } else {
      const on = !isSelected(state.selection, row.database, row.table.name);
      state.selectTables(row.database, [row.table.name], on);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>, index: number) => {
    // Keys typed into a row's own fields stay theirs.
    if (e.target !== e.currentTarget) return;
    const row = rows[index];
    if (!row) return;
    const isDatabase = row.kind === 'database';
    switch (e.key) {
      case 'ArrowDown':
        focusRow(index + 1);
        break;
      case 'ArrowUp':
        focusRow(index - 1);
        break;
      case 'PageDown':
        focusRow(index + PAGE_ROWS);
        break;
      case 'PageUp':
        focusRow(index - PAGE_ROWS);
        break;
      case 'Home':
        focusRow(0);
        break;
      case 'End':
        focusRow(rows.length - 1);
        break;
      case 'ArrowRight':
        if (isDatabase && !row.expanded) toggleExpanded(row.database.name);
        else if (isDatabase) focusRow(index + 1);
        break;
      case 'ArrowLeft':
        if (isDatabase && row.expanded && search.trim() === '') toggleExpanded(row.database.name);
        else if (!isDatabase) focusRow(parentRowIndex(rows, index));
        break;
      case 'Enter':
        if (isDatabase && search.trim() === '') toggleExpanded(row.database.name);
        break;
      case ' ':
        toggleRow(row);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <Box sx={{ overflowX: 'auto', border: 1, borderColor: 'divider', borderRadius: 1 }}>
      <Box
        role="treegrid"
        aria-label="Tables to migrate"
        aria-rowcount={rows.length + 1}
        sx={{ minWidth: TREE_MIN_WIDTH }}
      >
        <TreeHeader />
        <Box ref={scrollRef} sx={{ height: 'min(60vh, 640px)', minHeight: 240, overflowY: 'auto' }}>
          <Box role="rowgroup" sx={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index];
              if (!row) return null;
              return (
                <Box
                  key={item.key}
                  ref={virtualizer.measureElement}
                  data-index={item.index}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-level={row.kind === 'database' ? 1 : 2}
                  aria-expanded={row.kind === 'database' ? row.expanded : undefined}
                  tabIndex={item.index === current ? 0 : -1}
                  onKeyDown={(e) => onKeyDown(e, item.index)}
                  onFocus={() => setActive(item.index)}
                  sx={{
                    ...rowSx,
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    width: '100%',
                    transform: `translateY(${item.start}px)`,
                    borderBottom: 1,
                    borderColor: 'divider',
                    bgcolor: row.kind === 'database' ? 'action.hover' : undefined,
                    '&:focus-visible': {
                      outline: 2,
                      outlineColor: 'primary.main',
                      outlineOffset: -2,
                    },
                  }}
                >
                  {row.kind === 'database' ? (
                    <DatabaseRow row={row} searching={search.trim() !== ''} />
                  ) : (
                    <TableRow database={row.database} table={row.table} />
                  )}
                </Box>
              );
            })}
          </Box>
        </Box>
      </Box>
    </Box>
  );
});
