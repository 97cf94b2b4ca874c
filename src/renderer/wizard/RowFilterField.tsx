import { Box, CircularProgress, InputAdornment, Typography } from '@mui/material';
import { useId } from 'react';
import { CompactInput } from './CompactInput.js';
import { filterKey } from './objectsSlice.js';
import { useWizardStore } from './useWizardStore.js';

/** A row filter, checked by the engine against the table as the person pauses typing. */
export function RowFilterField({
  database,
  table,
  where,
}: {
  database: string;
  table: string;
  where: string;
}) {
  const filter = useWizardStore((s) => s.filters[filterKey(database, table)]);
  const setWhere = useWizardStore((s) => s.setWhere);
  const path = `${database}.${table}`;
  const invalid = filter?.status === 'invalid' ? filter.message : null;
  const messageId = useId();
  const adornment =
    filter?.status === 'checking' ? (
      <CircularProgress size={12} aria-label="Checking the filter" />
    ) : filter?.status === 'valid' ? (
      <Box
        component="span"
        role="img"
        aria-label="The filter is valid"
        sx={{ color: 'success.main' }}
      >
        ✓
      </Box>
    ) : null;
  return (
    <Box sx={{ width: '100%', py: invalid ? 0.5 : 0 }}>
      <CompactInput
        label={`Row filter for ${path}`}
        describedBy={invalid ? messageId : undefined}
        monospace
        placeholder="All rows"
        value={where}
        onChange={(e) => setWhere(database, table, e.target.value)}
        error={invalid !== null}
        endAdornment={adornment && <InputAdornment position="end">{adornment}</InputAdornment>}
      />
      {invalid && (
        <Typography id={messageId} variant="caption" color="error" sx={{ display: 'block' }}>
          {invalid}
        </Typography>
      )}
    </Box>
  );
}
