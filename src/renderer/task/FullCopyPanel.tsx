import { LinearProgress, Stack, Typography } from '@mui/material';
import { formatNumber, percentOf } from '../format.js';
import { fullProgressText } from './progressText.js';
import { TablesProgress } from './TablesProgress.js';
import type { FullCopyProgress } from './throughput.js';
import type { TableProgress } from './liveState.js';

export interface FullCopyPanelProps {
  progress: FullCopyProgress;
  tables: TableProgress[];
  now: number;
}

/** The full copy in all, then table by table. */
export function FullCopyPanel({ progress, tables, now }: FullCopyPanelProps) {
  const percent = progress.fraction === null ? 0 : percentOf(progress.fraction);
  return (
    <Stack spacing={1}>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label="Full migration progress"
        sx={{ height: 10, borderRadius: 1 }}
      />
      <Typography>{fullProgressText(progress)}</Typography>
      {progress.tables > 0 && (
        <Typography variant="body2" color="text.secondary">
          {formatNumber(progress.tablesDone)} of {formatNumber(progress.tables)} tables copied
        </Typography>
      )}
      <TablesProgress tables={tables} now={now} />
    </Stack>
  );
}
