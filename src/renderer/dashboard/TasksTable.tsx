import {
  Box,
  Button,
  Chip,
  LinearProgress,
  Link,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@mui/material';
import type { TaskSummary } from '../../shared/api.js';
import { formatAgo, formatDateTime, formatLag, formatPercent, percentOf } from '../format.js';
import { StateChip } from '../task/StateChip.js';
import { STEP_LABELS } from '../task/stepRows.js';
import { actionsFor, shownState } from '../task/taskActions.js';
import type { TaskCommand } from '../task/taskCommands.js';

export interface TasksTableProps {
  tasks: TaskSummary[];
  now: number;
  /** Tasks with a command on its way: their buttons wait for it. */
  busy: ReadonlySet<string>;
  onOpen: (name: string) => void;
  onCommand: (command: TaskCommand, name: string) => void;
  onDelete: (name: string) => void;
}

function FullProgressCell({ task }: { task: TaskSummary }) {
  if (task.fullProgress === null) return <>—</>;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', minWidth: 140 }}>
      <LinearProgress
        variant="determinate"
        value={percentOf(task.fullProgress)}
        aria-label={`Full copy progress of ${task.name}`}
        sx={{ flexGrow: 1 }}
      />
      <Typography variant="body2">{formatPercent(task.fullProgress)}</Typography>
    </Stack>
  );
}

function RowActions({
  task,
  busy,
  onCommand,
  onDelete,
}: { task: TaskSummary } & Pick<TasksTableProps, 'onCommand' | 'onDelete'> & { busy: boolean }) {
  const allowed = actionsFor(task);
  const command = (name: TaskCommand, label: string) => (
    <Button
      size="small"
      disabled={busy}
      aria-label={`${label} ${task.name}`}
      onClick={() => onCommand(name, task.name)}
    >
      {label}
    </Button>
  );
  return (
    <Stack direction="row" spacing={0.5}>
      {allowed.resume && command('resume', 'Resume')}
      {allowed.pause && command('pause', 'Pause')}
      {allowed.stop && command('stop', 'Stop')}
      {allowed.delete && (
        <Button
          size="small"
          color="error"
          disabled={busy}
          aria-label={`Delete ${task.name}`}
          onClick={() => onDelete(task.name)}
        >
          Delete
        </Button>
      )}
    </Stack>
  );
}

/** Every task in the store, with what a person most often does next. */
export function TasksTable({ tasks, now, busy, onOpen, onCommand, onDelete }: TasksTableProps) {
  return (
    <TableContainer>
      <Table aria-label="Tasks" size="small">
        <TableHead>
          <TableRow>
            <TableCell>Task</TableCell>
            <TableCell>State</TableCell>
            <TableCell>Step</TableCell>
            <TableCell>Full copy</TableCell>
            <TableCell>Lag</TableCell>
            <TableCell>Source → target</TableCell>
            <TableCell>Updated</TableCell>
            <TableCell>Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {tasks.map((task) => (
            <TableRow key={task.name} hover>
              <TableCell>
                <Link
                  component="button"
                  type="button"
                  variant="body2"
                  aria-label={`Open ${task.name}`}
                  onClick={() => onOpen(task.name)}
                >
                  {task.name}
                </Link>
                {task.reverseOf && (
                  <Tooltip
                    title={`Carries the target's writes back to the source of ${task.reverseOf}`}
                  >
                    <Chip size="small" label="Reverse" variant="outlined" sx={{ ml: 1 }} />
                  </Tooltip>
                )}
                {task.error && (
                  <Typography variant="caption" color="error" sx={{ display: 'block' }}>
                    {task.error}
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                <StateChip state={shownState(task)} />
              </TableCell>
              <TableCell>{task.currentStep ? STEP_LABELS[task.currentStep] : '—'}</TableCell>
              <TableCell>
                <FullProgressCell task={task} />
              </TableCell>
              <TableCell>{task.lagMs === null ? '—' : formatLag(task.lagMs)}</TableCell>
              <TableCell>
                <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
                  {task.source} → {task.target}
                </Box>
              </TableCell>
              <TableCell>
                <Tooltip title={formatDateTime(task.updatedAt)}>
                  <span>{formatAgo(task.updatedAt, now)}</span>
                </Tooltip>
              </TableCell>
              <TableCell>
                <RowActions
                  task={task}
                  busy={busy.has(task.name)}
                  onCommand={onCommand}
                  onDelete={onDelete}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
