import { Alert, Link, Stack, Typography } from '@mui/material';
import { LagAlertControl } from '../alerts/LagAlertControl.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { formatClock, formatLag, formatNumber } from '../format.js';
import { useNavigation } from '../navigation.js';
import type { TaskLive } from './liveState.js';
import { reverseView } from './reverseView.js';
import { Section } from './Section.js';
import { Figure, positionText } from './StreamPanel.js';
import { shownState } from './taskActions.js';

export interface ReversePanelProps {
  live: TaskLive;
  /** The forward task this one syncs back for. */
  forward: string;
}

function problemsText(count: number): string {
  if (count === 0) return 'No warnings or errors in the log.';
  return count === 1
    ? '1 warning or error in the log.'
    : `${count} warnings and errors in the log.`;
}

/**
 * A reverse task keeps the way back open: whether it does, how far behind it is, and what went
 * wrong, in one place.
 */
export function ReversePanel({ live, forward }: ReversePanelProps) {
  const go = useNavigation((s) => s.go);
  const view = reverseView(live);
  const { summary } = live;
  const stream = view.stream;
  return (
    <Section title="Reverse sync">
      <Stack spacing={2}>
        <Typography>
          This stream carries the writes made on the target, the new primary
          {summary ? ` (${summary.source})` : ''}, back to the old source
          {summary ? ` (${summary.target})` : ''}, so that a rollback stays possible.
        </Typography>
        <Typography>
          Forward task:{' '}
          <Link
            component="button"
            type="button"
            aria-label={`Open the forward task ${forward}`}
            onClick={() => go({ kind: 'task', name: forward, tab: 'switchover' })}
          >
            {forward}
          </Link>
          . Roll back from its Switchover tab.
        </Typography>
        {view.stalled && summary && (
          <Alert severity="warning">
            The reverse stream is not running ({shownState(summary)}): writes made on the target
            meanwhile do not reach the old source. Resume it to keep a rollback possible.
          </Alert>
        )}
        {stream ? (
          <Stack spacing={1}>
            <Stack direction="row" spacing={3} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
              <Figure label="Reverse lag" value={formatLag(stream.lagMs)} />
              <Figure label="Reverse lag p99" value={formatLag(stream.lagP99Ms)} />
              <Figure
                label="Transactions"
                value={`${formatNumber(stream.eventsPerSecond)} txn/s`}
              />
              <Figure label="Rows" value={`${formatNumber(stream.rowsPerSecond)} rows/s`} />
            </Stack>
            <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
              Applied up to {positionText(stream.applied)}
            </Typography>
          </Stack>
        ) : (
          <Typography color="text.secondary">
            The reverse stream has not measured its lag yet; it shows here once it runs.
          </Typography>
        )}
        <Stack spacing={1}>
          <Typography variant="subtitle2" component="h4">
            Errors
          </Typography>
          {live.failure && <ErrorAlert error={live.failure} title="The reverse stream failed" />}
          <Typography variant="body2">{problemsText(view.problems)}</Typography>
          {view.latestProblem && (
            <Typography variant="body2" color="text.secondary">
              Latest, at {formatClock(view.latestProblem.ts)}: {view.latestProblem.message}
            </Typography>
          )}
        </Stack>
        <Stack spacing={1}>
          <Typography variant="subtitle2" component="h4">
            Lag alert
          </Typography>
          <LagAlertControl task={live.name} reverse />
        </Stack>
      </Stack>
    </Section>
  );
}
