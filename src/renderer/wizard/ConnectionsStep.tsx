import { Grid, Stack, TextField } from '@mui/material';
import { EndpointPanel } from './EndpointPanel.js';
import { taskNameError } from './taskDraft.js';
import { useWizardStore } from './useWizardStore.js';

export function ConnectionsStep() {
  const name = useWizardStore((s) => s.name);
  const setName = useWizardStore((s) => s.setName);
  const error = name === '' ? null : taskNameError(name);
  return (
    <Stack spacing={2}>
      <TextField
        label="Task name"
        size="small"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={error !== null}
        helperText={error ?? 'Names the task on the dashboard and in the CLI.'}
        sx={{ maxWidth: 420 }}
        autoFocus
      />
      <Grid container spacing={3}>
        <Grid size={{ xs: 12, md: 6 }}>
          <EndpointPanel side="source" />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <EndpointPanel side="target" />
        </Grid>
      </Grid>
    </Stack>
  );
}
