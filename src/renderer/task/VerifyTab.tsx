import { Alert, Box, Button, CircularProgress, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { formatDateTime, formatNumber, formatSeconds } from '../format.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { DifferencesView } from './DifferencesView.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { RepairPreview } from './RepairPreview.js';
import { Section } from './Section.js';
import { useTaskStore } from './taskStore.js';
import {
  repairCounts,
  repairCountsText,
  shownVerification,
  summaryLine,
} from './verificationView.js';
import { useVerifyStore } from './useVerifyStore.js';
import { IDLE } from './verifyStore.js';
import { VerifyResults } from './VerifyResults.js';

function RunningNote({
  repairing,
  done,
  total,
}: {
  repairing: boolean;
  done: number | null;
  total: number | null;
}) {
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }} role="status">
      <CircularProgress size={24} aria-label="Verification running" />
      <Typography>
        {repairing ? 'Repairing, then comparing again…' : 'Comparing every table on both sides…'}
        {done !== null &&
          total !== null &&
          ` ${formatNumber(done)} / ${formatNumber(total)} tables.`}{' '}
        This can take minutes.
      </Typography>
    </Stack>
  );
}

/** Compares the task's tables on both sides, shows what differs, and repairs it. */
export function VerifyTab({ name, onChanged }: { name: string; onChanged: () => void }) {
  const run = useVerifyStore((s) => s.runs[name] ?? IDLE);
  const verify = useVerifyStore((s) => s.verify);
  const select = useVerifyStore((s) => s.select);
  const stored = useTaskStore((s) => s.live.verification);
  const counters = useTaskStore((s) => s.live.stepCounters.verify ?? null);
  const [confirming, setConfirming] = useState(false);
  const shown = shownVerification(run.result, stored);
  const selected = shown?.report.tables.find((t) => t.source === run.selected) ?? null;
  const counts = repairCounts(shown?.repairs ?? []);
  const live = counters && counters.done < counters.total ? counters : null;

  const start = (repair: boolean): void => {
    void verify(name, repair).then(onChanged);
  };

  return (
    <Stack spacing={2}>
      <Box>
        <Button variant="contained" disabled={run.running !== null} onClick={() => start(false)}>
          Run verification
        </Button>
      </Box>
      {run.running && (
        <RunningNote
          repairing={run.running === 'repair'}
          done={live?.done ?? null}
          total={live?.total ?? null}
        />
      )}
      {run.error && <ErrorAlert error={run.error} />}
      {!shown && !run.running && (
        <Typography color="text.secondary">
          No verification yet. Run one to compare every table of the task on the source and the
          target, chunk by chunk, and list the rows that differ.
        </Typography>
      )}
      {shown && (
        <Section
          title={run.result && shown.report === run.result.report ? 'Results' : 'Last verification'}
        >
          <Stack spacing={2}>
            <Typography variant="body2" color="text.secondary">
              Started {formatDateTime(shown.report.startedAt)} · took{' '}
              {formatSeconds(shown.report.seconds)}
            </Typography>
            {shown.repaired && (
              <Alert severity="info">
                Repairs were applied and every table was compared again.
              </Alert>
            )}
            <Alert severity={shown.report.consistent ? 'success' : 'warning'}>
              {summaryLine(shown.report)}
            </Alert>
            <VerifyResults
              tables={shown.report.tables}
              selected={selected?.source ?? null}
              onSelect={(source) => select(name, source)}
            />
            {selected && <DifferencesView key={selected.source} table={selected} />}
            {!shown.report.consistent && !shown.repaired && counts.statements === 0 && (
              <Typography variant="body2" color="text.secondary">
                Run verification from this window to preview the repairs.
              </Typography>
            )}
            {!shown.repaired && (
              <RepairPreview
                repairs={shown.repairs}
                busy={run.running !== null}
                onApply={() => setConfirming(true)}
              />
            )}
          </Stack>
        </Section>
      )}
      <ConfirmDialog
        open={confirming}
        title="Apply repair?"
        confirmLabel="Apply repair"
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          start(true);
        }}
      >
        <p>
          {repairCountsText(counts)} will run on the target, so that its rows equal the
          source&apos;s. Every table is then compared again.
        </p>
        <p>The source is not changed.</p>
      </ConfirmDialog>
    </Stack>
  );
}
