import { Checkbox, IconButton, Typography } from '@mui/material';
import { memo, useMemo } from 'react';
import { CompactInput } from './CompactInput.js';
import { formatBytes } from '../format.js';
import { formatRows } from './estimates.js';
import { checkState, databaseSettings } from './selection.js';
import type { TreeRow } from './treeRows.js';
import { Cell } from './treeLayout.js';
import { useWizardStore } from './useWizardStore.js';

type DatabaseTreeRow = Extract<TreeRow, { kind: 'database' }>;

/** A database: its checkbox acts on the tables the search shows; its name on the target. */
export const DatabaseRow = memo(function DatabaseRow({
  row,
  searching,
}: {
  row: DatabaseTreeRow;
  searching: boolean;
}) {
  const name = row.database.name;
  const names = useMemo(() => row.tables.map((t) => t.name), [row.tables]);
  const state = useWizardStore((s) => checkState(s.selection, name, names));
  const chosen = useWizardStore((s) => s.selection.selected[name]?.size ?? 0);
  const targetDatabase = useWizardStore((s) => databaseSettings(s.selection, name).targetDatabase);
  const selectTables = useWizardStore((s) => s.selectTables);
  const toggleExpanded = useWizardStore((s) => s.toggleExpanded);
  const setTargetDatabase = useWizardStore((s) => s.setTargetDatabase);
  const totals = useMemo(
    () =>
      row.database.tables.reduce(
        (sum, t) => ({ rows: sum.rows + t.estimatedRows, bytes: sum.bytes + t.dataBytes }),
        { rows: 0, bytes: 0 },
      ),
    [row.database.tables],
  );

  return (
    <>
      <Cell>
        {!searching && (
          <IconButton
            size="small"
            tabIndex={-1}
            aria-label={`${row.expanded ? 'Collapse' : 'Expand'} ${name}`}
            onClick={() => toggleExpanded(name)}
          >
            <span aria-hidden>{row.expanded ? '▾' : '▸'}</span>
          </IconButton>
        )}
      </Cell>
      <Cell>
        <Checkbox
          size="small"
          tabIndex={-1}
          checked={state === 'checked'}
          indeterminate={state === 'indeterminate'}
          onChange={(e) => selectTables(name, names, e.target.checked)}
          slotProps={{ input: { 'aria-label': name } }}
        />
        <Typography component="span" sx={{ fontWeight: 600, mr: 1 }} noWrap>
          {name}
        </Typography>
        <Typography component="span" variant="body2" color="text.secondary" noWrap>
          {`${chosen} of ${row.database.tables.length} tables`}
          {searching ? ` (${row.tables.length} match)` : ''}
        </Typography>
      </Cell>
      <Cell />
      <Cell align="right">{formatRows(totals.rows)}</Cell>
      <Cell align="right">{formatBytes(totals.bytes)}</Cell>
      <Cell>
        <CompactInput
          label={`Target database for ${name}`}
          placeholder={name}
          value={targetDatabase}
          onChange={(e) => setTargetDatabase(name, e.target.value)}
        />
      </Cell>
      <Cell />
      <Cell />
    </>
  );
});
