import { TextField } from '@mui/material';
import { SIDE_LABELS, type Side } from './endpointForm.js';
import { useWizardStore } from './useWizardStore.js';

/** Fills the side from a saved connection, whose password stays in the engine. */
export function SavedConnectionPicker({ side }: { side: Side }) {
  const saved = useWizardStore((s) => s.saved);
  const savedError = useWizardStore((s) => s.savedError);
  const connection = useWizardStore((s) => s.endpoints[side].connection);
  const pick = useWizardStore((s) => s.pickSaved);
  return (
    <TextField
      select
      label={`Saved ${side} connection`}
      size="small"
      value={connection ?? ''}
      onChange={(e) => pick(side, e.target.value === '' ? null : e.target.value)}
      error={savedError !== null}
      helperText={
        savedError
          ? `Saved connections could not be listed: ${savedError.message}`
          : saved.length === 0
            ? `No saved connections yet: fill in the ${SIDE_LABELS[side].toLowerCase()} below and save it.`
            : undefined
      }
      // An empty value is a real choice here ("none"), so the label must not sit over it.
      slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
    >
      <option value="">None: enter the details</option>
      {saved.map((c) => (
        <option key={c.id} value={c.name}>
          {`${c.name} (${c.user}@${c.host}:${c.port})`}
        </option>
      ))}
    </TextField>
  );
}
