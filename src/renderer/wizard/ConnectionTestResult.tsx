import { Alert, Box, CircularProgress, Stack, Typography } from '@mui/material';
import { ErrorAlert } from '../ErrorAlert.js';
import type { Side } from './endpointForm.js';
import { serverLabel } from './serverLabel.js';
import { useWizardStore } from './useWizardStore.js';

export function ConnectionTestResult({ side }: { side: Side }) {
  const test = useWizardStore((s) => s.tests[side]);
  return (
    <Box aria-live="polite">
      {test.status === 'testing' && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <CircularProgress size={16} />
          <Typography variant="body2">Connecting…</Typography>
        </Stack>
      )}
      {test.status === 'ok' && (
        <Alert severity="success">
          Connected: <strong>{serverLabel(test.server)}</strong>
          <Typography component="span" variant="body2" color="text.secondary" sx={{ ml: 1 }}>
            {test.server.versionString}
          </Typography>
        </Alert>
      )}
      {test.status === 'failed' && <ErrorAlert error={test.error} />}
    </Box>
  );
}
