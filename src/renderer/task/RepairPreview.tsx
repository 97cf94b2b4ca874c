import { Box, Button, Stack, Typography } from '@mui/material';
import type { RepairPreview as Repairs } from '../../shared/api.js';
import { formatNumber } from '../format.js';
import { repairCounts, repairCountsText } from './verificationView.js';

/** Statements shown per table; a table missing millions of rows would not fit on a screen. */
const SHOWN = 500;

export interface RepairPreviewProps {
  repairs: Repairs[];
  busy: boolean;
  onApply: () => void;
}

/** What repair would run on the target, table by table, and the button that runs it. */
export function RepairPreview({ repairs, busy, onApply }: RepairPreviewProps) {
  const counts = repairCounts(repairs);
  if (counts.statements === 0) return null;
  return (
    <Stack spacing={1}>
      <Typography variant="subtitle1" component="h4">
        Repair preview
      </Typography>
      <Typography variant="body2">
        {repairCountsText(counts)} would make the target equal to the source.
      </Typography>
      {repairs
        .filter((r) => r.statements.length > 0)
        .map((r) => (
          <Box key={r.table}>
            <Typography variant="body2" sx={{ fontWeight: 600 }}>
              {r.table} · {formatNumber(r.statements.length)}{' '}
              {r.statements.length === 1 ? 'statement' : 'statements'}
            </Typography>
            <Box
              component="pre"
              tabIndex={0}
              aria-label={`Repair statements for ${r.table}`}
              sx={{
                fontFamily: 'monospace',
                fontSize: 13,
                bgcolor: 'action.hover',
                p: 1,
                borderRadius: 1,
                maxHeight: 240,
                overflow: 'auto',
                m: 0,
              }}
            >
              {r.statements.slice(0, SHOWN).join('\n')}
              {r.statements.length > SHOWN &&
                `\n… and ${formatNumber(r.statements.length - SHOWN)} more`}
            </Box>
          </Box>
        ))}
      <Box>
        <Button variant="contained" color="warning" disabled={busy} onClick={onApply}>
          Apply repair
        </Button>
      </Box>
    </Stack>
  );
}
