import { Box, Stack, Typography } from '@mui/material';
import type { BinlogPosition } from '../../shared/position.js';
import { formatDuration, formatLag, formatNumber } from '../format.js';
import type { StreamView } from './liveState.js';

export function positionText(p: BinlogPosition): string {
  return p.gtid ? `${p.file}:${p.pos} (GTID ${p.gtid})` : `${p.file}:${p.pos}`;
}

export function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography component="div">{value}</Typography>
    </Box>
  );
}

function StreamFigures({ view }: { view: StreamView }) {
  const s = view.status;
  const long = s.lagMs !== null && s.lagMs >= 60_000;
  return (
    <Stack spacing={1}>
      <Typography variant="subtitle2" component="h4">
        Stream {view.stream}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline' }}>
        <Typography variant="h5" component="p">
          {`Lag ${formatLag(s.lagMs)}`}
        </Typography>
        {long && s.lagMs !== null && (
          <Typography color="warning.main">({formatDuration(s.lagMs / 1000)} behind)</Typography>
        )}
      </Stack>
      <Stack direction="row" spacing={3} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
        <Figure label="p50" value={formatLag(s.lagP50Ms)} />
        <Figure label="p99" value={formatLag(s.lagP99Ms)} />
        <Figure label="Transactions" value={`${formatNumber(s.eventsPerSecond)} txn/s`} />
        <Figure label="Rows" value={`${formatNumber(s.rowsPerSecond)} rows/s`} />
        <Figure label="In flight" value={formatNumber(s.inFlight)} />
        <Figure
          label="Applied in all"
          value={`${formatNumber(s.transactionsApplied)} txn, ${formatNumber(s.rowsApplied)} rows`}
        />
      </Stack>
      <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
        Position {positionText(s.applied)}
      </Typography>
      {s.lagSource === 'event-time' && (
        <Typography variant="caption" color="text.secondary">
          Lag from binlog event times, to the second: the heartbeat table is not in use.
        </Typography>
      )}
    </Stack>
  );
}

/** Lag and pace of each change stream from the source. */
export function StreamPanel({
  streams,
  afterCopy,
}: {
  streams: StreamView[];
  /** The task copies first, so its stream starts only after the copy. */
  afterCopy: boolean;
}) {
  if (streams.length === 0) {
    return (
      <Typography color="text.secondary">
        {afterCopy
          ? 'The change stream starts after the full copy; its lag shows here.'
          : 'The change stream’s lag shows here once it runs.'}
      </Typography>
    );
  }
  return (
    <Stack spacing={2}>
      {streams.map((s) => (
        <StreamFigures key={s.stream} view={s} />
      ))}
    </Stack>
  );
}
