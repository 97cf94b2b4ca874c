import { Alert, Button, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import type { TaskSummary } from '../../shared/api.js';
import { shownError, type ShownError } from '../errors.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { ReportButton } from './ReportButton.js';
import { StateChip } from './StateChip.js';
import { STEP_LABELS } from './stepRows.js';
import { actionsFor, shownState } from './taskActions.js';
import { sendCommand, type TaskCommand } from './taskCommands.js';

export interface TaskHeaderProps {
  name: string;
  summary: TaskSummary | null;
  /** Asks for fresh data once a command went through. */
  onChanged: () => void;
}

/** The task's name and state, and the commands its state allows. */
export function TaskHeader({ name, summary, onChanged }: TaskHeaderProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const allowed = summary
    ? actionsFor(summary)
    : { resume: false, pause: false, stop: false, delete: false };

  const send = async (command: TaskCommand): Promise<void> => {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      setNote(await sendCommand(command, name));
    } catch (e) {
      setError(shownError(e));
    } finally {
      setBusy(false);
      onChanged();
    }
  };

  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h2">
          {name}
        </Typography>
        {summary && <StateChip state={shownState(summary)} />}
        {summary?.currentStep && (
          <Typography color="text.secondary">{STEP_LABELS[summary.currentStep]}</Typography>
        )}
        <Stack direction="row" spacing={1} sx={{ ml: 'auto' }}>
          <ReportButton name={name} onError={setError} />
          <Button
            variant="outlined"
            disabled={busy || !allowed.pause}
            onClick={() => void send('pause')}
          >
            Pause
          </Button>
          <Button
            variant="contained"
            disabled={busy || !allowed.resume}
            onClick={() => void send('resume')}
          >
            Resume
          </Button>
          <Button
            variant="outlined"
            color="error"
            disabled={busy || !allowed.stop}
            onClick={() => void send('stop')}
          >
            Stop
          </Button>
        </Stack>
      </Stack>
      {summary && (
        <Typography variant="body2" color="text.secondary">
          {summary.source} → {summary.target}
        </Typography>
      )}
      {error && <ErrorAlert error={error} onClose={() => setError(null)} />}
      {note && (
        <Alert severity="info" onClose={() => setNote(null)}>
          {note}
        </Alert>
      )}
    </Stack>
  );
}
