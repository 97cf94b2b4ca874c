import { AppBar, Box, Button, IconButton, Toolbar, Tooltip, Typography } from '@mui/material';
import { LagAlertWatcher } from './alerts/LagAlertWatcher.js';
import { Dashboard } from './dashboard/Dashboard.js';
import { TaskView } from './task/TaskView.js';
import { Wizard } from './wizard/Wizard.js';
import { useNavigation } from './navigation.js';
import { useThemeMode } from './theme.js';

export function App() {
  const view = useNavigation((s) => s.view);
  const go = useNavigation((s) => s.go);
  const { mode, toggle } = useThemeMode();
  return (
    <Box>
      <AppBar position="static" elevation={0}>
        <Toolbar>
          <Typography variant="h6" component="h1" sx={{ flexGrow: 1 }}>
            Cutover
          </Typography>
          <Button color="inherit" onClick={() => go({ kind: 'dashboard' })}>
            Tasks
          </Button>
          <Button color="inherit" onClick={() => go({ kind: 'wizard' })}>
            New task
          </Button>
          <Tooltip title={mode === 'dark' ? 'Light theme' : 'Dark theme'}>
            <IconButton
              color="inherit"
              aria-label={
                mode === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme'
              }
              onClick={toggle}
            >
              {mode === 'dark' ? '☀' : '☾'}
            </IconButton>
          </Tooltip>
        </Toolbar>
      </AppBar>
      <Box component="main" sx={{ p: 3 }}>
        {view.kind === 'dashboard' && <Dashboard />}
        {view.kind === 'wizard' && <Wizard />}
        {view.kind === 'task' && <TaskView name={view.name} tab={view.tab ?? 'run'} />}
      </Box>
      <LagAlertWatcher />
    </Box>
  );
}
