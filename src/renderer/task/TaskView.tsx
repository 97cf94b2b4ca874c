import { Box, Button, CircularProgress, Stack, Tab, Tabs } from '@mui/material';
import { useEffect } from 'react';
import { api } from '../api.js';
import { shownError } from '../errors.js';
import { useNavigation, type TaskTab } from '../navigation.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { RunTab } from './RunTab.js';
import { SwitchoverTab } from './SwitchoverTab.js';
import { TaskHeader } from './TaskHeader.js';
import { useTaskStore } from './taskStore.js';
import { useRefresher } from './useRefresher.js';
import { VerifyTab } from './VerifyTab.js';

export interface TaskViewProps {
  name: string;
  tab: TaskTab;
}

/** One task: how its run goes, and whether its copy matches the source. */
export function TaskView({ name, tab }: TaskViewProps) {
  return <TaskScreen key={name} name={name} tab={tab} />;
}

function TaskScreen({ name, tab }: TaskViewProps) {
  const go = useNavigation((s) => s.go);
  const loaded = useTaskStore((s) => s.loaded && s.live.name === name);
  const summary = useTaskStore((s) => (s.live.name === name ? s.live.summary : null));
  const error = useTaskStore((s) => s.error);
  // Verification and the switchover need a database target: a Kafka task has its run alone.
  const kafka = useTaskStore((s) => s.live.name === name && s.live.spec?.target.kind === 'kafka');
  const shown: TaskTab = kafka ? 'run' : tab;

  useEffect(() => {
    useTaskStore.getState().open(name);
  }, [name]);

  const refresh = useRefresher(
    async () => {
      const asOf = Date.now();
      const detail = await api().invoke('task:get', name);
      useTaskStore.getState().detail(detail, asOf);
    },
    (e) => useTaskStore.getState().fail(shownError(e)),
  );

  useEffect(
    () =>
      api().on('task:event', (event) => {
        if (event.task !== name) return;
        useTaskStore.getState().event(event);
        // A state change moves more than the event says (current step, times): fetch it all.
        if (event.type === 'task' || event.type === 'step') refresh();
      }),
    [name, refresh],
  );

  const tabId = (t: TaskTab): string => `task-tab-${t}`;
  const panelId = (t: TaskTab): string => `task-panel-${t}`;

  return (
    <Stack spacing={2}>
      <TaskHeader name={name} summary={summary} onChanged={refresh} />
      {error && <ErrorAlert error={error} />}
      {!loaded && !error && <CircularProgress aria-label="Loading task" />}
      {!loaded && error && (
        <Box>
          <Button onClick={() => go({ kind: 'dashboard' })}>Back to tasks</Button>
        </Box>
      )}
      {loaded && (
        <>
          <Tabs
            value={shown}
            onChange={(_e, t: TaskTab) => go({ kind: 'task', name, tab: t })}
            aria-label="Task views"
          >
            <Tab label="Run" value="run" id={tabId('run')} aria-controls={panelId('run')} />
            {!kafka && (
              <Tab
                label="Verification"
                value="verify"
                id={tabId('verify')}
                aria-controls={panelId('verify')}
              />
            )}
            {!kafka && (
              <Tab
                label="Switchover"
                value="switchover"
                id={tabId('switchover')}
                aria-controls={panelId('switchover')}
              />
            )}
          </Tabs>
          <Box role="tabpanel" id={panelId(shown)} aria-labelledby={tabId(shown)}>
            {shown === 'run' && <RunTab onChanged={refresh} />}
            {shown === 'verify' && <VerifyTab name={name} onChanged={refresh} />}
            {shown === 'switchover' && <SwitchoverTab name={name} />}
          </Box>
        </>
      )}
    </Stack>
  );
}
