import { Stack } from '@mui/material';
import { LagAlertControl } from '../alerts/LagAlertControl.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { FullCopyPanel } from './FullCopyPanel.js';
import { LiveCharts } from './LiveCharts.js';
import { LogPanel } from './LogPanel.js';
import { ReversePanel } from './ReversePanel.js';
import { Section } from './Section.js';
import { stepRows } from './stepRows.js';
import { StepsTimeline } from './StepsTimeline.js';
import { StreamPanel } from './StreamPanel.js';
import { useTaskStore } from './taskStore.js';
import { ThrottleControl } from './ThrottleControl.js';
import { fullCopyProgress, fullTables } from './throughput.js';
import { useNow } from './useNow.js';

/**
 * The run as it happens: steps, copy progress, change stream and its lag alert, charts, throttle
 * and log; a reverse task leads with what keeps the rollback possible.
 */
export function RunTab({ onChanged }: { onChanged: () => void }) {
  const live = useTaskStore((s) => s.live);
  const now = useNow();
  const steps = live.spec?.steps ?? live.summary?.steps ?? [];
  const copies = steps.includes('full');
  const streams = steps.includes('incremental');
  const reverseOf = live.summary?.reverseOf ?? null;
  return (
    <Stack spacing={2}>
      {reverseOf !== null && <ReversePanel live={live} forward={reverseOf} />}
      {live.failure && reverseOf === null && <ErrorAlert error={live.failure} />}
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
          <StreamPanel streams={Object.values(live.streams)} afterCopy={copies} />
        </Section>
      )}
      {streams && reverseOf === null && (
        <Section title="Lag alert">
          <LagAlertControl task={live.name} reverse={false} />
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
