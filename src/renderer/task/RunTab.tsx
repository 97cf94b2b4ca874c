import { Stack } from '@mui/material';
import { ErrorAlert } from '../ErrorAlert.js';
import { FullCopyPanel } from './FullCopyPanel.js';
import { LiveCharts } from './LiveCharts.js';
import { LogPanel } from './LogPanel.js';
import { Section } from './Section.js';
import { stepRows } from './stepRows.js';
import { StepsTimeline } from './StepsTimeline.js';
import { StreamPanel } from './StreamPanel.js';
import { useTaskStore } from './taskStore.js';
import { ThrottleControl } from './ThrottleControl.js';
import { fullCopyProgress, fullTables } from './throughput.js';
import { useNow } from './useNow.js';

/** The run as it happens: steps, copy progress, change stream, charts, throttle and log. */
export function RunTab({ onChanged }: { onChanged: () => void }) {
  const live = useTaskStore((s) => s.live);
  const now = useNow();
  const steps = live.spec?.steps ?? live.summary?.steps ?? [];
  const copies = steps.includes('full');
  const streams = steps.includes('incremental');
  return (
    <Stack spacing={2}>
      {live.failure && <ErrorAlert error={live.failure} />}
      <Section title="Steps">
        <StepsTimeline rows={stepRows(live, now)} />
      </Section>
      {copies && (
        <Section title="Full copy">
          <FullCopyPanel
            progress={fullCopyProgress(live, now)}
            tables={fullTables(live)}
            now={now}
          />
        </Section>
      )}
      {streams && (
        <Section title="Change stream">
          <StreamPanel streams={Object.values(live.streams)} />
        </Section>
      )}
      <Section title="Throughput and lag">
        <LiveCharts throughput={live.throughput} lag={live.lag} now={now} />
      </Section>
      {(copies || streams) && (
        <Section title="Throttle">
          <ThrottleControl name={live.name} current={live.throttle} onApplied={onChanged} />
        </Section>
      )}
      <Section title="Log">
        <LogPanel lines={live.log} />
      </Section>
    </Stack>
  );
}
