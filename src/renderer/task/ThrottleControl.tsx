import { Alert, Button, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import type { ThrottleLimits } from '../../shared/api.js';
import { api } from '../api.js';
import { shownError, type ShownError } from '../errors.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { describeLimits, parseLimit } from './throttleForm.js';

export interface ThrottleControlProps {
  name: string;
  /** The limits in force, as the store has them; null until the task has loaded. */
  current: ThrottleLimits | null;
  onApplied: () => void;
}

/** Limits on the copy's pace, changed while it runs: 0 lifts a limit. */
export function ThrottleControl({ name, current, onApplied }: ThrottleControlProps) {
  // What the person typed; until they type, the fields follow the store.
  const [rowsText, setRowsText] = useState<string | null>(null);
  const [bytesText, setBytesText] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [applied, setApplied] = useState<ThrottleLimits | null>(null);

  const rowsValue = rowsText ?? String(current?.rowsPerSecond ?? 0);
  const bytesValue = bytesText ?? String(current?.bytesPerSecond ?? 0);
  const rows = parseLimit(rowsValue);
  const bytes = parseLimit(bytesValue);

  const apply = async (): Promise<void> => {
    if (!rows.ok || !bytes.ok) return;
    setBusy(true);
    setError(null);
    setApplied(null);
    try {
      const limits = await api().invoke('task:throttle', name, {
        rowsPerSecond: rows.value,
        bytesPerSecond: bytes.value,
      });
      setApplied(limits);
      setRowsText(null);
      setBytesText(null);
      onApplied();
    } catch (e) {
      setError(shownError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack spacing={1}>
      <Stack
        component="form"
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        sx={{ alignItems: { sm: 'flex-start' } }}
        onSubmit={(e) => {
          e.preventDefault();
          void apply();
        }}
      >
        <TextField
          label="Rows per second limit"
          size="small"
          value={rowsValue}
          onChange={(e) => setRowsText(e.target.value)}
          error={!rows.ok}
          helperText={rows.ok ? '0 = unlimited' : rows.message}
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
        />
        <TextField
          label="Bytes per second limit"
          size="small"
          value={bytesValue}
          onChange={(e) => setBytesText(e.target.value)}
          error={!bytes.ok}
          helperText={bytes.ok ? '0 = unlimited' : bytes.message}
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
        />
        <Button type="submit" variant="outlined" disabled={busy || !rows.ok || !bytes.ok}>
          Apply throttle
        </Button>
      </Stack>
      {current && (
        <Typography variant="body2" color="text.secondary">
          In force: {describeLimits(current)}
        </Typography>
      )}
      {applied && (
        <Alert severity="success" onClose={() => setApplied(null)}>
          Throttle applied: {describeLimits(applied)}.
        </Alert>
      )}
      {error && <ErrorAlert error={error} onClose={() => setError(null)} />}
    </Stack>
  );
}
