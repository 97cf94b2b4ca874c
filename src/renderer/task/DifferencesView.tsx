import {
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import type { TableVerification } from '../../shared/verify.js';
import { formatNumber } from '../format.js';
import { keyText, KIND_LABELS } from './verificationView.js';

const PAGE = 50;

/** The rows of one table that differ: which side lacks them, their key, the columns that differ. */
export function DifferencesView({ table }: { table: TableVerification }) {
  const [page, setPage] = useState(0);
  const rows = table.differences.slice(page * PAGE, (page + 1) * PAGE);
  const listed = table.differences.length;
  return (
    <Stack spacing={1}>
      <Typography variant="subtitle1" component="h4">
        Differing rows of {table.source}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {listed < table.differenceCount
          ? `The first ${formatNumber(listed)} of ${formatNumber(table.differenceCount)} differences.`
          : `${formatNumber(table.differenceCount)} differences.`}{' '}
        Keys are in canonical text: numbers as digits, strings as hex.
      </Typography>
      <TableContainer>
        <Table size="small" aria-label={`Differing rows of ${table.source}`}>
          <TableHead>
            <TableRow>
              <TableCell>Kind</TableCell>
              <TableCell>Key</TableCell>
              <TableCell>Differing columns</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((d, i) => (
              <TableRow key={`${page}:${i}`}>
                <TableCell>{KIND_LABELS[d.kind]}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
                  {keyText(d.key)}
                </TableCell>
                <TableCell>{d.kind === 'changed' ? d.columns.join(', ') : '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {listed > PAGE && (
        <TablePagination
          component="div"
          count={listed}
          page={page}
          rowsPerPage={PAGE}
          rowsPerPageOptions={[PAGE]}
          onPageChange={(_e, p) => setPage(p)}
        />
      )}
    </Stack>
  );
}
