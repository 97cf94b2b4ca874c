import { Stack } from '@mui/material';
import { formatCompact, formatLag, formatRowsPerSecond } from '../format.js';
import { LineChart } from './LineChart.js';
import { type Sample, WINDOW_MS } from './samples.js';

export interface LiveChartsProps {
  throughput: readonly Sample[];
  lag: readonly Sample[];
  now: number;
}

function latest(samples: readonly Sample[]): Sample | null {
  return samples[samples.length - 1] ?? null;
}

/** Rows a second and change-stream lag over the last five minutes. */
export function LiveCharts({ throughput, lag, now }: LiveChartsProps) {
  const lastRate = latest(throughput);
  const lastLag = latest(lag);
  return (
    <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
      <LineChart
        label="Throughput chart"
        unit="rows/s"
        samples={throughput}
        now={now}
        windowMs={WINDOW_MS}
        formatValue={formatCompact}
        description={
          lastRate
            ? `Rows per second over the last 5 minutes; latest ${formatRowsPerSecond(lastRate.v)}.`
            : 'Rows per second over the last 5 minutes; no data yet.'
        }
      />
      <LineChart
        label="Lag chart"
        unit="lag"
        samples={lag}
        now={now}
        windowMs={WINDOW_MS}
        formatValue={formatLag}
        description={
          lastLag
            ? `Change stream lag over the last 5 minutes; latest ${formatLag(lastLag.v)}.`
            : 'Change stream lag over the last 5 minutes; no data yet.'
        }
      />
    </Stack>
  );
}
