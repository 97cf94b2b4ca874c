import { Alert, Button, CircularProgress, Stack } from '@mui/material';
import { groupChecks } from './checkGroups.js';
import { CheckGroupView } from './CheckGroupView.js';
import { draftOf, precheckKey } from './currentTask.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { isCurrent, lastResult } from './reviewSlice.js';
import { useWizardStore } from './useWizardStore.js';

export function PrecheckStep() {
  const precheck = useWizardStore((s) => s.precheck);
  const current = useWizardStore((s) => isCurrent(s.precheck, precheckKey(draftOf(s))));
  const runPrecheck = useWizardStore((s) => s.runPrecheck);
  const results = lastResult(precheck);
  const running = precheck.status === 'running';
  const ran = precheck.status === 'done' || precheck.status === 'failed' || results !== null;

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Button variant="contained" onClick={() => void runPrecheck()} disabled={running}>
          {ran ? 'Run precheck again' : 'Run precheck'}
        </Button>
        {running && <CircularProgress size={20} aria-label="Running the precheck" />}
      </Stack>
      {precheck.status !== 'idle' && !running && !current && (
        <Alert severity="warning">
          The task changed since this precheck ran: run it again before going on.
        </Alert>
      )}
      {precheck.status === 'failed' && (
        <ErrorAlert error={precheck.error} title="The precheck could not run" />
      )}
      {results && (
        <Stack spacing={1} sx={{ opacity: running ? 0.6 : 1 }} aria-busy={running}>
          {groupChecks(results).map((group) => (
            <CheckGroupView key={group.status} group={group} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}
