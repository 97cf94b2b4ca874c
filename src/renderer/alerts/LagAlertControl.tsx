import {
  Alert,
  Button,
  FormControlLabel,
  Stack,
  Switch,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useNotificationAccess, type NotificationAccess } from './desktopNotifications.js';
import { REARM_FRACTION, type LagAlertSetting } from './lagAlarm.js';
import { settingOf, useLagAlertSettings } from './lagAlertSettings.js';
import { formatThreshold, parseThreshold, thresholdText } from './thresholdForm.js';

export interface LagAlertControlProps {
  task: string;
  /** A reverse task alerts by default. */
  reverse: boolean;
}

function describe(task: string, setting: LagAlertSetting): string {
  if (!setting.on) return `No lag alert for ${task}.`;
  const rearm = formatThreshold(setting.thresholdMs * REARM_FRACTION);
  return `Alerts when the lag passes ${formatThreshold(setting.thresholdMs)}; once it has, again only after it fell below ${rearm}.`;
}

function AccessHint({ access, onAllow }: { access: NotificationAccess; onAllow: () => void }) {
  switch (access) {
    case 'granted':
      return null;
    case 'default':
      return (
        <Stack direction="row">
          <Button size="small" onClick={onAllow}>
            Allow desktop notifications
          </Button>
        </Stack>
      );
    case 'denied':
      return (
        <Alert severity="info">
          Desktop notifications are blocked for Cutover, so lag alerts show inside the window only.
          To get them on the desktop, allow notifications for this page in the browser’s site
          settings, or for Cutover in the system’s notification settings.
        </Alert>
      );
    case 'unsupported':
      return (
        <Alert severity="info">
          This browser cannot show desktop notifications: lag alerts show inside the window only.
        </Alert>
      );
  }
}

/** A task's lag alert: on or off, and its threshold; kept in this browser or app. */
export function LagAlertControl({ task, reverse }: LagAlertControlProps) {
  const saved = useLagAlertSettings((s) => s.saved);
  const save = useLagAlertSettings((s) => s.save);
  const access = useNotificationAccess((s) => s.access);
  const request = useNotificationAccess((s) => s.request);
  // What the person typed; until they type, the field shows the saved threshold.
  const [text, setText] = useState<string | null>(null);
  const setting = settingOf(saved, task, reverse);
  const value = text ?? thresholdText(setting.thresholdMs);
  const parsed = parseThreshold(value);

  const toggle = (on: boolean): void => {
    save(task, { ...setting, on });
    if (on) void request();
  };

  return (
    <Stack spacing={1}>
      <FormControlLabel
        control={<Switch checked={setting.on} onChange={(e) => toggle(e.target.checked)} />}
        label="Alert when the lag passes the threshold"
      />
      <Stack
        component="form"
        direction={{ xs: 'column', sm: 'row' }}
        spacing={2}
        sx={{ alignItems: { sm: 'flex-start' } }}
        onSubmit={(e) => {
          e.preventDefault();
          if (!parsed.ok) return;
          save(task, { ...setting, thresholdMs: parsed.ms });
          setText(null);
        }}
      >
        <TextField
          label="Lag threshold (seconds)"
          size="small"
          value={value}
          onChange={(e) => setText(e.target.value)}
          error={!parsed.ok}
          helperText={parsed.ok ? 'Such as 10 or 2.5' : parsed.message}
          slotProps={{ htmlInput: { inputMode: 'decimal' } }}
        />
        <Button
          type="submit"
          variant="outlined"
          disabled={!parsed.ok || parsed.ms === setting.thresholdMs}
        >
          Set threshold
        </Button>
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {describe(task, setting)}
      </Typography>
      {setting.on && <AccessHint access={access} onAllow={() => void request()} />}
    </Stack>
  );
}
