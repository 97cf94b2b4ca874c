import {
  Alert,
  Box,
  Button,
  Checkbox,
  Chip,
  CircularProgress,
  FormControlLabel,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
  type ChipProps,
} from '@mui/material';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SwitchoverStepName, SwitchoverStepView, SwitchoverView } from '../../shared/api.js';
import { api } from '../api.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { shownError, type ShownError } from '../errors.js';
import { formatDateTime, formatLag } from '../format.js';
import { useNavigation } from '../navigation.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { Refresher } from './Refresher.js';
import { Section } from './Section.js';
import {
  checklistRows,
  lagLimitMs,
  runLabel,
  stepTitle,
  switchoverControls,
} from './switchoverView.js';

/** Faster than the task screen's poll: during a switchover the applications are waiting. */
const POLL_MS = 1000;

const CHIP_COLORS: Record<SwitchoverStepView['state'], ChipProps['color']> = {
  pending: 'default',
  running: 'primary',
  done: 'success',
  failed: 'error',
};

/** Polls `switchover:get` while mounted; the returned function asks for a fetch now. */
function useSwitchover(name: string): {
  view: SwitchoverView | null;
  loadError: ShownError | null;
  refresh: () => void;
} {
  const [view, setView] = useState<SwitchoverView | null>(null);
  const [loadError, setLoadError] = useState<ShownError | null>(null);
  const refresher = useRef<Refresher | null>(null);
  useEffect(() => {
    const r = new Refresher(
      async () => {
        setView(await api().invoke('switchover:get', name));
        setLoadError(null);
      },
      {
        intervalMs: POLL_MS,
        isVisible: () => document.visibilityState !== 'hidden',
        onError: (e) => setLoadError(shownError(e)),
      },
    );
    refresher.current = r;
    r.start();
    return () => {
      r.stop();
      refresher.current = null;
    };
  }, [name]);
  const refresh = useCallback(() => refresher.current?.request(), []);
  return { view, loadError, refresh };
}

function StepsTable({ steps }: { steps: SwitchoverStepView[] }) {
  return (
    <Table size="small" aria-label="Switchover steps">
      <TableHead>
        <TableRow>
          <TableCell>Step</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Started</TableCell>
          <TableCell>Finished</TableCell>
          <TableCell>Lag</TableCell>
          <TableCell>Detail</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {checklistRows(steps).map((s, i) => (
          <TableRow key={s.step}>
            <TableCell>
              {i + 1}. {stepTitle(s.step)}
            </TableCell>
            <TableCell>
              <Chip size="small" variant="outlined" label={s.state} color={CHIP_COLORS[s.state]} />
            </TableCell>
            <TableCell>{s.startedAt ? formatDateTime(s.startedAt) : '—'}</TableCell>
            <TableCell>{s.finishedAt ? formatDateTime(s.finishedAt) : '—'}</TableCell>
            <TableCell>{formatLag(s.lagMs)}</TableCell>
            <TableCell sx={{ whiteSpace: 'pre-wrap' }}>{s.detail ?? ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** The switchover checklist: stop the source, drain, verify, and move the applications over. */
export function SwitchoverTab({ name }: { name: string }) {
  const go = useNavigation((s) => s.go);
  const { view, loadError, refresh } = useSwitchover(name);
  const [setReadOnly, setSetReadOnly] = useState(true);
  const [superReadOnly, setSuperReadOnly] = useState(false);
  const [maxLagSeconds, setMaxLagSeconds] = useState('5');
  const [finalVerification, setFinalVerification] = useState<'changed' | 'full'>('changed');
  const maxLagMs = lagLimitMs(maxLagSeconds);
  const [busy, setBusy] = useState(false);
  const [callError, setCallError] = useState<ShownError | null>(null);
  const [confirmingRollback, setConfirmingRollback] = useState(false);
  // "Not yet" only hides the question here: the engine keeps waiting, and Continue asks again.
  const [dismissed, setDismissed] = useState<string | null>(null);

  const call = (work: () => Promise<unknown>): void => {
    setBusy(true);
    setCallError(null);
    work()
      .catch((e: unknown) => setCallError(shownError(e)))
      .finally(() => {
        setBusy(false);
        refresh();
      });
  };
  const run = (confirmed: SwitchoverStepName[]): void =>
    call(() =>
      api().invoke('switchover:run', name, {
        setReadOnly,
        superReadOnly: setReadOnly && superReadOnly,
        ...(maxLagMs === null ? {} : { maxLagMs }),
        finalVerification,
        confirmed,
      }),
    );

  if (!view) {
    return loadError ? (
      <ErrorAlert error={loadError} />
    ) : (
      <CircularProgress aria-label="Loading switchover" />
    );
  }
  const controls = switchoverControls(view, busy);
  const reverseTask = view.reverseTask;
  const question = controls.question;
  const questionKey = question ? `${question.step}:${question.text}` : null;

  return (
    <Stack spacing={2}>
      <Typography variant="body2" color="text.secondary">
        The switchover stops writes on the source, lets the change stream catch up, verifies the
        target, creates the deferred objects, prepares a reverse sync back to the source, and then
        you move the applications. Each step is recorded, so after a crash it continues where it
        stopped.
      </Typography>
      {loadError && <ErrorAlert error={loadError} />}
      {callError && <ErrorAlert error={callError} />}
      {view.error && <ErrorAlert error={view.error} />}
      {view.switchedOver && reverseTask && (
        <Alert
          severity="success"
          action={
            <Button color="inherit" onClick={() => go({ kind: 'task', name: reverseTask })}>
              Open {reverseTask}
            </Button>
          }
        >
          Switched over. The reverse task {reverseTask} keeps the old source current.
        </Alert>
      )}
      {view.rolledBack && (
        <Alert severity="info">Rolled back: the source is the primary again.</Alert>
      )}
      {question && questionKey !== dismissed && (
        <Alert
          severity="info"
          action={
            <Stack direction="row" spacing={1}>
              <Button color="inherit" variant="outlined" onClick={() => run([question.step])}>
                Yes, continue
              </Button>
              <Button color="inherit" onClick={() => setDismissed(questionKey)}>
                Not yet
              </Button>
            </Stack>
          }
        >
          {question.text}
        </Alert>
      )}
      <Stack spacing={1}>
        <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap' }}>
          <FormControlLabel
            control={
              <Checkbox
                checked={setReadOnly}
                disabled={controls.readOnlyLocked}
                onChange={(e) => setSetReadOnly(e.target.checked)}
              />
            }
            label="Set the source read-only"
          />
          <FormControlLabel
            control={
              <Checkbox
                checked={setReadOnly && superReadOnly}
                disabled={controls.readOnlyLocked || !setReadOnly}
                onChange={(e) => setSuperReadOnly(e.target.checked)}
              />
            }
            label="With super_read_only (MySQL 5.7.8+: stops accounts with SUPER too)"
          />
        </Stack>
        <Stack direction="row" spacing={2} sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
          <TextField
            size="small"
            label="Lag limit for the checks (s)"
            value={maxLagSeconds}
            onChange={(e) => setMaxLagSeconds(e.target.value)}
            error={maxLagMs === null}
            helperText={maxLagMs === null ? 'A number of seconds, 0 or more' : ' '}
            slotProps={{ htmlInput: { inputMode: 'decimal' } }}
            sx={{ width: 220 }}
          />
          <TextField
            select
            size="small"
            label="Final verification"
            value={finalVerification}
            onChange={(e) => setFinalVerification(e.target.value === 'full' ? 'full' : 'changed')}
            helperText=" "
            sx={{ width: 360 }}
          >
            <MenuItem value="changed">Tables changed since the last verification</MenuItem>
            <MenuItem value="full">Every table</MenuItem>
          </TextField>
        </Stack>
      </Stack>
      <Box>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Button
            variant="contained"
            disabled={!controls.canRun || maxLagMs === null}
            onClick={() => run([])}
          >
            {runLabel(view)}
          </Button>
          <Button
            variant="outlined"
            color="warning"
            disabled={!controls.canRollBack}
            onClick={() => setConfirmingRollback(true)}
          >
            Roll back
          </Button>
          {view.active && <CircularProgress size={24} aria-label="Switchover running" />}
        </Stack>
      </Box>
      <Section title="Steps">
        <StepsTable steps={view.steps} />
      </Section>
      <ConfirmDialog
        open={confirmingRollback}
        title="Roll back the switchover?"
        confirmLabel="Roll back"
        danger
        onCancel={() => setConfirmingRollback(false)}
        onConfirm={() => {
          setConfirmingRollback(false);
          call(() => api().invoke('switchover:rollback', name));
        }}
      >
        <p>
          Before the applications moved, rolling back makes the source writable again and it stays
          the primary.
        </p>
        <p>
          After they moved, the reverse stream is drained first, so the source has every change made
          on the target. The applications must have stopped writing to the target.
        </p>
      </ConfirmDialog>
    </Stack>
  );
}
