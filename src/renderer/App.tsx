import { useEffect } from 'react';
import {
  Alert,
  AppBar,
  Box,
  Button,
  Chip,
  Container,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Toolbar,
  Typography,
} from '@mui/material';
import type { TaskSummary } from '../shared/api.js';
import { useTasks } from './tasksStore.js';

const STATE_COLOR: Record<
  TaskSummary['state'],
  'default' | 'primary' | 'success' | 'error' | 'warning'
> = {
  new: 'default',
  running: 'primary',
  paused: 'warning',
  stopped: 'warning',
  failed: 'error',
  done: 'success',
};

export function App() {
  const { info, tasks, error, loading, refresh } = useTasks();
  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <Box>
      <AppBar position="static" elevation={0}>
        <Toolbar>
          <Typography variant="h6" component="h1" sx={{ flexGrow: 1 }}>
            Cutover
          </Typography>
          <Button color="inherit" onClick={() => void refresh()} disabled={loading}>
            Refresh
          </Button>
        </Toolbar>
      </AppBar>
      <Container sx={{ py: 3 }}>
        {error && <Alert severity="error">{error}</Alert>}
        <Typography variant="h5" component="h2" gutterBottom>
          Tasks
        </Typography>
        {tasks.length === 0 ? (
          <Typography color="text.secondary">
            No tasks yet. Run one with <code>npx cutover run task.json</code>; it appears here.
          </Typography>
        ) : (
          <Table size="small" aria-label="Tasks">
            <TableHead>
              <TableRow>
                <TableCell>Name</TableCell>
                <TableCell>State</TableCell>
                <TableCell>Step</TableCell>
                <TableCell>Updated</TableCell>
                <TableCell>Last error</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {tasks.map((t) => (
                <TableRow key={t.name}>
                  <TableCell>{t.name}</TableCell>
                  <TableCell>
                    <Chip size="small" label={t.state} color={STATE_COLOR[t.state]} />
                  </TableCell>
                  <TableCell>{t.currentStep ?? '—'}</TableCell>
                  <TableCell>{new Date(t.updatedAt).toLocaleString()}</TableCell>
                  <TableCell>{t.error ?? ''}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {info && (
          <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 3 }}>
            Cutover {info.version} · state in {info.stateDir}
          </Typography>
        )}
      </Container>
    </Box>
  );
}
