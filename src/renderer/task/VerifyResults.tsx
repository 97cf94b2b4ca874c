import {
  Button,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { TableVerification } from '../../shared/verify.js';
import { formatNumber, formatSeconds } from '../format.js';
import { differs, verdict } from './verificationView.js';

export interface VerifyResultsProps {
  tables: TableVerification[];
  selected: string | null;
  onSelect: (source: string) => void;
}

/** One row per compared table: counts on each side, chunks, differences and the verdict. */
export function VerifyResults({ tables, selected, onSelect }: VerifyResultsProps) {
  return (
    <TableContainer>
      <Table aria-label="Verification results" size="small">
        <TableHead>
          <TableRow>
            <TableCell>Source → target</TableCell>
            <TableCell align="right">Rows (source)</TableCell>
            <TableCell align="right">Rows (target)</TableCell>
            <TableCell align="right">Chunks</TableCell>
            <TableCell align="right">Differences</TableCell>
            <TableCell>Verdict</TableCell>
            <TableCell align="right">Seconds</TableCell>
            <TableCell>Rows</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {tables.map((t) => {
            const different = differs(t);
            return (
              <TableRow key={t.source} selected={t.source === selected}>
                <TableCell sx={{ fontFamily: 'monospace' }}>
                  {t.source} → {t.target}
                </TableCell>
                <TableCell align="right">{formatNumber(t.rowsSource)}</TableCell>
                <TableCell align="right">{formatNumber(t.rowsTarget)}</TableCell>
                <TableCell align="right">
                  {formatNumber(t.chunks)}
                  {t.chunksDiffering > 0 && ` (${formatNumber(t.chunksDiffering)} differ)`}
                </TableCell>
                <TableCell align="right">{formatNumber(t.differenceCount)}</TableCell>
                <TableCell>
                  <Typography
                    variant="body2"
                    color={different ? 'error' : 'success.main'}
                    sx={{ fontWeight: 600 }}
                  >
                    {verdict(t)}
                  </Typography>
                </TableCell>
                <TableCell align="right">{formatSeconds(t.seconds)}</TableCell>
                <TableCell>
                  {different && (
                    <Button
                      size="small"
                      aria-label={`Show differing rows of ${t.source}`}
                      aria-pressed={t.source === selected}
                      onClick={() => onSelect(t.source)}
                    >
                      Show
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
