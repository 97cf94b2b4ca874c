import { Button, Paper, Stack, TextField, Typography } from '@mui/material';
import { ConnectionTestResult } from './ConnectionTestResult.js';
import { endpointErrors, SIDE_LABELS, type EndpointKind, type Side } from './endpointForm.js';
import { KafkaFields } from './KafkaFields.js';
import { SaveConnection } from './SaveConnection.js';
import { SavedConnectionPicker } from './SavedConnectionPicker.js';
import { useWizardStore } from './useWizardStore.js';

const KIND_LABELS: Record<EndpointKind, string> = {
  mysql: 'MySQL or MariaDB',
  oceanbase: 'OceanBase (MySQL mode)',
};

/** The kind select's value for Kafka, which is a target type rather than a database kind. */
const KAFKA = 'kafka';

/** One side's connection: saved or typed, tested on demand; the target may be Kafka instead. */
export function EndpointPanel({ side }: { side: Side }) {
  const kafka = useWizardStore((s) => side === 'target' && s.targetType === 'kafka');
  const setTargetType = useWizardStore((s) => s.setTargetType);
  const kind = useWizardStore((s) => s.endpoints[side].kind);
  const edit = useWizardStore((s) => s.editEndpoint);
  const label = SIDE_LABELS[side];

  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Stack spacing={1.5}>
        <Typography variant="subtitle1" component="h3">
          {label}
        </Typography>
        {!kafka && <SavedConnectionPicker side={side} />}
        <TextField
          select
          label={`${label} kind`}
          size="small"
          value={kafka ? KAFKA : kind}
          onChange={(e) => {
            const chosen = e.target.value;
            if (side === 'target') setTargetType(chosen === KAFKA ? 'kafka' : 'database');
            if (chosen !== KAFKA) edit(side, { kind: chosen as EndpointKind });
          }}
          slotProps={{ select: { native: true } }}
        >
          {(Object.keys(KIND_LABELS) as EndpointKind[]).map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
          {side === 'target' && <option value={KAFKA}>Kafka (change streams)</option>}
        </TextField>
        {kafka ? <KafkaFields /> : <DatabaseFields side={side} />}
      </Stack>
    </Paper>
  );
}

/** Host, port, user and password, with Test and Save. */
function DatabaseFields({ side }: { side: Side }) {
  const form = useWizardStore((s) => s.endpoints[side]);
  const testing = useWizardStore((s) => s.tests[side].status === 'testing');
  const edit = useWizardStore((s) => s.editEndpoint);
  const test = useWizardStore((s) => s.testConnection);
  const label = SIDE_LABELS[side];
  const errors = endpointErrors(form);
  const complete = Object.keys(errors).length === 0;
  // Errors show once something was typed: an empty new form is not a mistake yet.
  const shown = (field: keyof typeof errors, value: string) =>
    value === '' ? undefined : errors[field];

  return (
    <>
      <Stack direction="row" spacing={1}>
        <TextField
          label={`${label} host`}
          size="small"
          value={form.host}
          onChange={(e) => edit(side, { host: e.target.value })}
          error={shown('host', form.host) !== undefined}
          helperText={shown('host', form.host)}
          sx={{ flex: 1 }}
          slotProps={{ htmlInput: { spellCheck: false } }}
        />
        <TextField
          label={`${label} port`}
          size="small"
          value={form.port}
          onChange={(e) => edit(side, { port: e.target.value })}
          error={errors.port !== undefined}
          helperText={errors.port}
          sx={{ width: 120 }}
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
        />
      </Stack>
      <TextField
        label={`${label} user`}
        size="small"
        value={form.user}
        onChange={(e) => edit(side, { user: e.target.value })}
        error={shown('user', form.user) !== undefined}
        helperText={shown('user', form.user)}
        slotProps={{ htmlInput: { spellCheck: false, autoComplete: 'off' } }}
      />
      <TextField
        label={`${label} password`}
        type="password"
        size="small"
        value={form.password}
        onChange={(e) => edit(side, { password: e.target.value })}
        helperText={
          form.connection
            ? `The password saved with "${form.connection}" is used unless you type one.`
            : undefined
        }
        slotProps={{ htmlInput: { autoComplete: 'new-password' } }}
      />
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Button variant="outlined" onClick={() => void test(side)} disabled={!complete || testing}>
          {`Test ${side}`}
        </Button>
        <SaveConnection side={side} disabled={!complete} />
      </Stack>
      <ConnectionTestResult side={side} />
    </>
  );
}
