import { Alert, Button, IconButton, Snackbar, Stack } from '@mui/material';
import { useEffect, useState } from 'react';
import { api } from '../api.js';
import { useNavigation } from '../navigation.js';
import { askOnce, notify } from './desktopNotifications.js';
import { alertText, LagAlarm } from './lagAlarm.js';
import { settingOf, useLagAlertSettings } from './lagAlertSettings.js';

interface Notice {
  id: number;
  task: string;
  text: string;
}

const openTask = (task: string): void =>
  useNavigation.getState().go({ kind: 'task', name: task, tab: 'run' });

/**
 * Watches the lag of every task's change stream, whichever screen is open, and alerts when it
 * passes the task's threshold: a desktop notification, and the same alert in the window, since
 * notifications may be blocked or missed.
 */
export function LagAlertWatcher() {
  const [notices, setNotices] = useState<Notice[]>([]);

  useEffect(() => {
    const alarm = new LagAlarm();
    // Which tasks are reverse tasks: events do not say, the task list does.
    const forwardOf = new Map<string, string | null>();
    let listing = false;
    let nextId = 0;

    const learn = async (): Promise<void> => {
      if (listing) return;
      listing = true;
      try {
        const tasks = await api().invoke('tasks:list');
        for (const t of tasks) forwardOf.set(t.name, t.reverseOf);
        const { saved } = useLagAlertSettings.getState();
        if (tasks.some((t) => t.reverseOf !== null && settingOf(saved, t.name, true).on)) askOnce();
      } catch {
        // The screens show why the engine cannot be reached; the next stream event asks again.
      } finally {
        listing = false;
      }
    };

    void learn();
    return api().on('task:event', (event) => {
      if (event.type !== 'stream' || event.status.lagMs === null) return;
      const forward = forwardOf.get(event.task);
      if (forward === undefined) {
        void learn();
        return;
      }
      const { task } = event;
      const lagMs = event.status.lagMs;
      const reverse = forward !== null;
      const setting = settingOf(useLagAlertSettings.getState().saved, task, reverse);
      if (!alarm.observe(task, lagMs, setting)) return;
      const text = alertText(task, lagMs, setting.thresholdMs, reverse);
      notify(text, 'Click to open the task in Cutover.', () => openTask(task));
      const id = nextId++;
      setNotices((shown) => [...shown.filter((n) => n.task !== task), { id, task, text }]);
    });
  }, []);

  const dismiss = (id: number): void => setNotices((shown) => shown.filter((n) => n.id !== id));

  return (
    <Snackbar open={notices.length > 0} anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}>
      <Stack spacing={1}>
        {notices.map((n) => (
          <Alert
            key={n.id}
            severity="warning"
            variant="filled"
            action={
              <>
                <Button
                  color="inherit"
                  size="small"
                  aria-label={`Show ${n.task}`}
                  onClick={() => {
                    dismiss(n.id);
                    openTask(n.task);
                  }}
                >
                  Show
                </Button>
                <IconButton
                  color="inherit"
                  size="small"
                  aria-label={`Dismiss the lag alert of ${n.task}`}
                  onClick={() => dismiss(n.id)}
                >
                  ×
                </IconButton>
              </>
            }
          >
            {n.text}
          </Alert>
        ))}
      </Stack>
    </Snackbar>
  );
}
