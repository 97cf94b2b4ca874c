import { Box, Checkbox, Tooltip, Typography } from '@mui/material';
import { memo } from 'react';
import type { BrowseTable } from '../../shared/api.js';
import { ColumnPicker } from './ColumnPicker.js';
import { CompactInput } from './CompactInput.js';
import { formatBytes } from '../format.js';
import { formatRows } from './estimates.js';
import { RowFilterField } from './RowFilterField.js';
import { isSelected, tableSettings } from './selection.js';
import { Cell } from './treeLayout.js';
import { useWizardStore } from './useWizardStore.js';

const NO_KEY =
  'No primary key or NOT NULL unique key: this table copies and syncs slower, since rows are ' +
  'matched on every column. Add a key on the source if you can.';

/** A table: ticked or not, and where and how it is copied. */
export const TableRow = memo(function TableRow({
  database,
  table,
}: {
  database: string;
  table: BrowseTable;
}) {
  const path = `${database}.${table.name}`;
  const selected = useWizardStore((s) => isSelected(s.selection, database, table.name));
  const settings = useWizardStore((s) => tableSettings(s.selection, database, table.name));
  const selectTables = useWizardStore((s) => s.selectTables);
  const updateTable = useWizardStore((s) => s.updateTable);

  return (
    <>
      <Cell />
      <Cell indent={2}>
        <Checkbox
          size="small"
          tabIndex={-1}
          checked={selected}
          onChange={(e) => selectTables(database, [table.name], e.target.checked)}
          slotProps={{ input: { 'aria-label': path } }}
        />
        <Typography
          component="span"
          noWrap
          title={path}
          color={selected ? 'text.primary' : 'text.secondary'}
        >
          {table.name}
        </Typography>
      </Cell>
      <Cell>
        {!table.hasKey && (
          <Tooltip title={NO_KEY}>
            <Box component="span" role="img" sx={{ color: 'warning.main' }}>
              ⚠
            </Box>
          </Tooltip>
        )}
      </Cell>
      <Cell align="right">{formatRows(table.estimatedRows)}</Cell>
      <Cell align="right">{formatBytes(table.dataBytes)}</Cell>
      <Cell>
        <CompactInput
          label={`Target name of ${path}`}
          placeholder={table.name}
          value={settings.targetName}
          onChange={(e) => updateTable(database, table.name, { targetName: e.target.value })}
        />
      </Cell>
      <Cell>
        <ColumnPicker database={database} table={table} chosen={settings.columns} />
      </Cell>
      <Cell>
        <RowFilterField database={database} table={table.name} where={settings.where} />
      </Cell>
    </>
  );
});
