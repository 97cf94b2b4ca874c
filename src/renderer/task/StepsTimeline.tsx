import { Chip, type ChipProps, List, ListItem, ListItemText, Stack } from '@mui/material';
import type { StepState } from '../../shared/events.js';
import { formatClock, formatDuration, formatNumber } from '../format.js';
import type { StepRow } from './stepRows.js';

const COLORS: Record<StepState, ChipProps['color']> = {
  pending: 'default',
  running: 'primary',
  done: 'success',
  failed: 'error',
  skipped: 'default',
};

function timesText(row: StepRow): string {
  const parts: string[] = [];
  if (row.startedAt) parts.push(`started ${formatClock(row.startedAt)}`);
  if (row.finishedAt) parts.push(`finished ${formatClock(row.finishedAt)}`);
  if (row.seconds !== null) {
    parts.push(
      `${row.state === 'running' ? 'running for' : 'took'} ${formatDuration(row.seconds)}`,
    );
  }
  if (row.counters && row.state === 'running') {
    parts.push(
      `${formatNumber(row.counters.done)} / ${formatNumber(row.counters.total)} ${row.counters.unit}`,
    );
  }
  return parts.length > 0 ? parts.join(' · ') : 'not started';
}

/** The task's steps in order, each with its state and times. */
export function StepsTimeline({ rows }: { rows: StepRow[] }) {
  return (
    <List aria-label="Steps" dense disablePadding>
      {rows.map((row, i) => (
        <ListItem key={row.step} divider={i < rows.length - 1}>
          <ListItemText
            primary={
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <span>
                  {i + 1}. {row.label}
                </span>
                <Chip
                  size="small"
                  label={row.state}
                  color={COLORS[row.state]}
                  variant={row.state === 'running' ? 'filled' : 'outlined'}
                />
              </Stack>
            }
            secondary={timesText(row)}
          />
        </ListItem>
      ))}
    </List>
  );
}
