import {
  Box,
  LinearProgress,
  List,
  ListItem,
  Stack,
  TablePagination,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { percentOf } from '../format.js';
import type { TableProgress } from './liveState.js';
import {
  orderTables,
  PAGE_SIZE,
  PAGINATE_ABOVE,
  pageOf,
  tableFraction,
  tableProgressText,
} from './progressText.js';

function TableRow({ table, now }: { table: TableProgress; now: number }) {
  return (
    <ListItem divider sx={{ display: 'block' }}>
      <Stack direction="row" spacing={2} sx={{ justifyContent: 'space-between' }}>
        <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
          {table.source}
          {table.target && table.target !== table.source ? ` → ${table.target}` : ''}
        </Typography>
        <Typography
          variant="body2"
          color={table.state === 'failed' ? 'error' : 'text.secondary'}
          sx={{ whiteSpace: 'nowrap' }}
        >
          {tableProgressText(table, now)}
        </Typography>
      </Stack>
      <LinearProgress
        variant="determinate"
        value={percentOf(tableFraction(table))}
        color={table.state === 'failed' ? 'error' : table.state === 'done' ? 'success' : 'primary'}
        aria-label={`${table.source} progress`}
        sx={{ mt: 0.5 }}
      />
    </ListItem>
  );
}

/** Each table of the full copy; paged when there are too many to draw at once. */
export function TablesProgress({ tables, now }: { tables: TableProgress[]; now: number }) {
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(0);
  const ordered = orderTables(tables, search);
  const paged = ordered.length > PAGINATE_ABOVE;
  const lastPage = Math.max(0, Math.ceil(ordered.length / PAGE_SIZE) - 1);
  const current = Math.min(page, lastPage);
  if (tables.length === 0) {
    return <Typography color="text.secondary">No table has been counted yet.</Typography>;
  }
  return (
    <Box>
      {tables.length > 10 && (
        <TextField
          label="Filter tables"
          size="small"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(0);
          }}
          sx={{ mb: 1 }}
        />
      )}
      <List aria-label="Table progress" dense disablePadding>
        {pageOf(ordered, current).map((t) => (
          <TableRow key={`${t.step}:${t.source}`} table={t} now={now} />
        ))}
      </List>
      {paged && (
        <TablePagination
          component="div"
          count={ordered.length}
          page={current}
          rowsPerPage={PAGE_SIZE}
          rowsPerPageOptions={[PAGE_SIZE]}
          onPageChange={(_e, p) => setPage(p)}
        />
      )}
    </Box>
  );
}
