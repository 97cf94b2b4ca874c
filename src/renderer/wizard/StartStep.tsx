import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import { useNavigation } from '../navigation.js';
import { draftOf, precheckKey } from './currentTask.js';
import { downloadFile } from './downloadFile.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { stepBlocker } from './gating.js';
import { isCurrent } from './reviewSlice.js';
import { RunOptions } from './RunOptions.js';
import { SamplePreview } from './SamplePreview.js';
import { PASSWORD_ENVS, taskFile } from './taskDraft.js';
import { useWizardStore } from './useWizardStore.js';

const PRECHECK_STEP = 2;
const START_STEP = 4;

function passwordEnvs(kafka: boolean, sasl: boolean): string {
  if (!kafka) return `${PASSWORD_ENVS.source} and ${PASSWORD_ENVS.target}`;
  return sasl
    ? `${PASSWORD_ENVS.source} and ${PASSWORD_ENVS.target} (the SASL password)`
    : PASSWORD_ENVS.source;
}

export function StartStep() {
  const preview = useWizardStore((s) => JSON.stringify(taskFile(draftOf(s)), null, 2));
  const name = useWizardStore((s) => s.name.trim());
  const kafka = useWizardStore((s) => s.targetType === 'kafka');
  const sasl = useWizardStore((s) => s.kafka.sasl);
  const blocker = useWizardStore((s) => stepBlocker(s, START_STEP));
  const precheckStale = useWizardStore((s) => !isCurrent(s.precheck, precheckKey(draftOf(s))));
  const submit = useWizardStore((s) => s.submit);
  const start = useWizardStore((s) => s.start);
  const saveTask = useWizardStore((s) => s.saveTask);
  const reset = useWizardStore((s) => s.reset);
  const goTo = useWizardStore((s) => s.goTo);
  const go = useNavigation((s) => s.go);

  const onStart = async () => {
    if (!(await start())) return;
    go({ kind: 'task', name });
    reset();
  };
  const onSave = async () => {
    if (!(await saveTask())) return;
    go({ kind: 'dashboard' });
    reset();
  };

  return (
    <Stack spacing={3}>
      <RunOptions />
      {kafka && <SamplePreview />}
      {precheckStale && (
        <Alert
          severity="warning"
          action={
            <Button color="inherit" size="small" onClick={() => goTo(PRECHECK_STEP)}>
              Go to precheck
            </Button>
          }
        >
          The task changed after the precheck ran. Starting runs the precheck again and stops if a
          check fails; run it here first to see the results.
        </Alert>
      )}
      <Box component="section" aria-label="Task file">
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
          <Typography variant="subtitle1" component="h3">
            Task file
          </Typography>
          <Button
            size="small"
            variant="outlined"
            onClick={() => downloadFile(`${name || 'task'}.json`, preview)}
          >
            Download task file
          </Button>
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {`Passwords are not written to the file: set ${passwordEnvs(kafka, sasl)} before running it with "cutover run".`}
        </Typography>
        <Box
          component="pre"
          aria-label="Task file preview"
          sx={{
            m: 0,
            p: 1.5,
            maxHeight: 360,
            overflow: 'auto',
            fontFamily: 'monospace',
            fontSize: 13,
            bgcolor: 'action.hover',
            borderRadius: 1,
          }}
        >
          {preview}
        </Box>
      </Box>
      {submit.status === 'failed' && (
        <ErrorAlert error={submit.error} title="The engine did not take the task" />
      )}
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Button variant="contained" disabled={blocker !== null} onClick={() => void onStart()}>
          Start migration
        </Button>
        <Button variant="outlined" disabled={blocker !== null} onClick={() => void onSave()}>
          Save without starting
        </Button>
        {blocker && (
          <Typography variant="body2" color="text.secondary">
            {blocker}
          </Typography>
        )}
      </Stack>
    </Stack>
  );
}
