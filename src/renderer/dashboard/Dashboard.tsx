import { Alert, Box, CircularProgress, Paper, Stack, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import type { TaskSummary } from '../../shared/api.js';
import { api } from '../api.js';
import { shownError, type ShownError } from '../errors.js';
import { useNavigation } from '../navigation.js';
import { ConfirmDialog } from '../task/ConfirmDialog.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { unfinishedTasks } from '../task/taskActions.js';
import { sendCommand, type TaskCommand } from '../task/taskCommands.js';
import { useRefresher } from '../task/useRefresher.js';
import { TasksTable } from './TasksTable.js';

function unfinishedText(n: number): string {
  return n === 1 ? '1 unfinished task can be resumed.' : `${n} unfinished tasks can be resumed.`;
}

function EmptyState() {
  return (
    <Paper variant="outlined" sx={{ p: 3 }}>
      <Typography variant="h6" component="p" gutterBottom>
        No tasks yet
      </Typography>
      <Typography>
        Start a migration with <strong>New task</strong> in the top bar, or from a terminal with{' '}
        <Box component="code" sx={{ fontFamily: 'monospace' }}>
          npx cutover run task.json
        </Box>
        . Tasks started from the command line show here too.
      </Typography>
    </Paper>
  );
}

/** The tasks in the store: their state and progress, and resume, pause, stop and delete. */
export function Dashboard() {
  const go = useNavigation((s) => s.go);
  const [tasks, setTasks] = useState<TaskSummary[] | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [error, setError] = useState<ShownError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [deleting, setDeleting] = useState<string | null>(null);

  const refresh = useRefresher(
    async () => {
      const list = await api().invoke('tasks:list');
      setTasks(list);
      setNow(Date.now());
      setError(null);
    },
    (e) => setError(shownError(e)),
  );

  useEffect(() => api().on('task:event', () => refresh()), [refresh]);

  const act = async (name: string, action: () => Promise<string | null>): Promise<void> => {
    setBusy((b) => new Set(b).add(name));
    setNote(null);
    try {
      setNote(await action());
      setError(null);
    } catch (e) {
      setError(shownError(e));
    } finally {
      setBusy((b) => {
        const next = new Set(b);
        next.delete(name);
        return next;
      });
      refresh();
    }
  };

  const onCommand = (command: TaskCommand, name: string): void => {
    void act(name, () => sendCommand(command, name));
  };

  const onConfirmDelete = (): void => {
    const name = deleting;
    setDeleting(null);
    if (name === null) return;
    void act(name, async () => {
      const { deleted } = await api().invoke('task:delete', name);
      return deleted ? `Deleted ${name}.` : `${name} was already gone.`;
    });
  };

  const unfinished = tasks ? unfinishedTasks(tasks).length : 0;

  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h2">
        Tasks
      </Typography>
      {unfinished > 0 && <Alert severity="info">{unfinishedText(unfinished)}</Alert>}
      {error && <ErrorAlert error={error} onClose={() => setError(null)} />}
      {note && (
        <Alert severity="success" onClose={() => setNote(null)}>
          {note}
        </Alert>
      )}
      {tasks === null && !error && <CircularProgress aria-label="Loading tasks" />}
      {tasks?.length === 0 && <EmptyState />}
      {tasks && tasks.length > 0 && (
        <TasksTable
          tasks={tasks}
          now={now}
          busy={busy}
          onOpen={(name) => go({ kind: 'task', name, tab: 'run' })}
          onCommand={onCommand}
          onDelete={setDeleting}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting ?? ''}?`}
        confirmLabel="Delete task"
        danger
        onConfirm={onConfirmDelete}
        onCancel={() => setDeleting(null)}
      >
        <p>
          Cutover forgets this task: its record, its checkpoints and its saved passwords. It cannot
          be resumed afterwards.
        </p>
        <p>
          The target&apos;s tables are <strong>not</strong> touched: the data already copied stays
          on the target.
        </p>
      </ConfirmDialog>
    </Stack>
  );
}
