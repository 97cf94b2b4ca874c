import { Box, Button, Checkbox, FormControlLabel, Popover, Typography } from '@mui/material';
import { useState } from 'react';
import type { BrowseTable } from '../../shared/api.js';
import { useWizardStore } from './useWizardStore.js';

/** The subset of a table's columns to copy; the last one left cannot be unticked. */
export function ColumnPicker({
  database,
  table,
  chosen,
}: {
  database: string;
  table: BrowseTable;
  chosen: readonly string[] | null;
}) {
  const updateTable = useWizardStore((s) => s.updateTable);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const total = table.columns.length;
  const path = `${database}.${table.name}`;
  const label = chosen === null ? `All ${total} columns` : `${chosen.length} of ${total} columns`;
  const isOn = (column: string) => chosen === null || chosen.includes(column);
  const count = chosen?.length ?? total;

  const toggle = (column: string, on: boolean) => {
    const current = chosen ?? table.columns.map((c) => c.name);
    const next = on ? [...current, column] : current.filter((c) => c !== column);
    const ordered = table.columns.map((c) => c.name).filter((c) => next.includes(c));
    updateTable(database, table.name, { columns: ordered.length === total ? null : ordered });
  };

  return (
    <>
      <Button
        size="small"
        aria-label={`${label} of ${path}`}
        aria-haspopup="dialog"
        onClick={(e) => setAnchor(e.currentTarget)}
        sx={{ textTransform: 'none', whiteSpace: 'nowrap' }}
      >
        {label}
      </Button>
      <Popover
        open={anchor !== null}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
      >
        <Box
          role="dialog"
          aria-label={`Columns of ${path}`}
          sx={{ p: 1.5, maxHeight: 400, overflowY: 'auto', minWidth: 260 }}
        >
          <FormControlLabel
            label="All columns"
            control={
              <Checkbox
                size="small"
                checked={chosen === null}
                indeterminate={chosen !== null}
                disabled={chosen === null}
                onChange={() => updateTable(database, table.name, { columns: null })}
              />
            }
          />
          {table.columns.map((column) => (
            <Box key={column.name}>
              <FormControlLabel
                label={
                  <>
                    {column.name}
                    <Typography
                      component="span"
                      variant="body2"
                      color="text.secondary"
                      sx={{ ml: 1, fontFamily: 'monospace' }}
                    >
                      {column.columnType}
                    </Typography>
                  </>
                }
                control={
                  <Checkbox
                    size="small"
                    checked={isOn(column.name)}
                    disabled={isOn(column.name) && count === 1}
                    onChange={(e) => toggle(column.name, e.target.checked)}
                  />
                }
              />
            </Box>
          ))}
        </Box>
      </Popover>
    </>
  );
}
