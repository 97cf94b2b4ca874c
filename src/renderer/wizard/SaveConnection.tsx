import { Button, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import type { Side } from './endpointForm.js';
import { useWizardStore } from './useWizardStore.js';

/** "Save as": keeps the side's details, password sealed by the engine, under a name. */
export function SaveConnection({ side, disabled }: { side: Side; disabled: boolean }) {
  const connection = useWizardStore((s) => s.endpoints[side].connection);
  const save = useWizardStore((s) => s.saves[side]);
  const saveConnection = useWizardStore((s) => s.saveConnection);
  const [name, setName] = useState<string | null>(null);
  const value = name ?? connection ?? '';
  return (
    <Stack spacing={0.5} sx={{ flex: 1 }}>
      <Stack direction="row" spacing={1}>
        <TextField
          label={`Save ${side} as`}
          size="small"
          value={value}
          onChange={(e) => setName(e.target.value)}
          sx={{ flex: 1 }}
        />
        <Button
          variant="outlined"
          aria-label={`Save ${side} connection`}
          disabled={disabled || value.trim() === '' || save.status === 'saving'}
          onClick={() => void saveConnection(side, value)}
        >
          Save
        </Button>
      </Stack>
      {save.status === 'saved' && (
        <Typography variant="body2" color="success.main" role="status">
          {`Saved as "${save.name}".`}
        </Typography>
      )}
      {save.status === 'failed' && (
        <Typography variant="body2" color="error" role="alert">
          {save.error.message}
          {save.error.fix ? ` ${save.error.fix}` : ''}
        </Typography>
      )}
    </Stack>
  );
}
