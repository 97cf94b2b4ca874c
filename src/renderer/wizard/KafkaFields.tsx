import {
  Alert,
  Box,
  Button,
  CircularProgress,
  FormControlLabel,
  Stack,
  Switch,
  TextField,
  Typography,
} from '@mui/material';
import { ErrorAlert } from '../ErrorAlert.js';
import {
  kafkaErrors,
  MECHANISM_LABELS,
  type Compression,
  type KafkaField,
  type SaslMechanism,
} from './kafkaForm.js';
import { MessageFormatField } from './MessageFormatField.js';
import { useWizardStore } from './useWizardStore.js';

/**
 * The Kafka target: brokers, message format, topics, compression, SASL and TLS, and a test of
 * the brokers with those settings.
 */
export function KafkaFields() {
  const form = useWizardStore((s) => s.kafka);
  const edit = useWizardStore((s) => s.editKafka);
  const testing = useWizardStore((s) => s.kafkaTest.status === 'testing');
  const test = useWizardStore((s) => s.testKafka);
  const errors = kafkaErrors(form);
  // Errors show once something was typed: an empty new form is not a mistake yet.
  const shown = (field: KafkaField, value: string) => (value === '' ? undefined : errors[field]);

  return (
    <>
      <TextField
        label="Kafka brokers"
        size="small"
        value={form.brokers}
        onChange={(e) => edit({ brokers: e.target.value })}
        error={shown('brokers', form.brokers) !== undefined}
        helperText={shown('brokers', form.brokers) ?? 'host:port, separated by commas.'}
        placeholder="kafka1:9092, kafka2:9092"
        slotProps={{ htmlInput: { spellCheck: false } }}
      />
      <MessageFormatField />
      {form.format === 'debezium' && (
        <FormControlLabel
          control={
            <Switch
              size="small"
              checked={form.schema}
              onChange={(e) => edit({ schema: e.target.checked })}
            />
          }
          label="Kafka Connect schemas (Debezium's schema and payload)"
        />
      )}
      <TextField
        label="Topic template"
        size="small"
        value={form.topic}
        onChange={(e) => edit({ topic: e.target.value })}
        error={errors.topic !== undefined}
        helperText={
          errors.topic ??
          "{database} and {table} become each table's target names; without them, one topic takes every table."
        }
        slotProps={{ htmlInput: { spellCheck: false } }}
      />
      <TextField
        select
        label="Compression"
        size="small"
        value={form.compression}
        onChange={(e) => edit({ compression: e.target.value as Compression })}
        slotProps={{ select: { native: true } }}
      >
        <option value="none">None</option>
        <option value="gzip">gzip</option>
      </TextField>
      <FormControlLabel
        control={
          <Switch
            size="small"
            checked={form.sasl}
            onChange={(e) => edit({ sasl: e.target.checked })}
          />
        }
        label="SASL authentication"
      />
      {form.sasl && (
        <Stack spacing={1.5} sx={{ pl: 2 }}>
          <TextField
            select
            label="SASL mechanism"
            size="small"
            value={form.mechanism}
            onChange={(e) => edit({ mechanism: e.target.value as SaslMechanism })}
            slotProps={{ select: { native: true } }}
          >
            {(Object.keys(MECHANISM_LABELS) as SaslMechanism[]).map((m) => (
              <option key={m} value={m}>
                {MECHANISM_LABELS[m]}
              </option>
            ))}
          </TextField>
          <TextField
            label="SASL user"
            size="small"
            value={form.username}
            onChange={(e) => edit({ username: e.target.value })}
            error={shown('username', form.username) !== undefined}
            helperText={shown('username', form.username)}
            slotProps={{ htmlInput: { spellCheck: false, autoComplete: 'off' } }}
          />
          <TextField
            label="SASL password"
            type="password"
            size="small"
            value={form.password}
            onChange={(e) => edit({ password: e.target.value })}
            helperText="Sealed by the engine with the task, never stored in clear text."
            slotProps={{ htmlInput: { autoComplete: 'new-password' } }}
          />
        </Stack>
      )}
      <FormControlLabel
        control={
          <Switch
            size="small"
            checked={form.tls}
            onChange={(e) => edit({ tls: e.target.checked })}
          />
        }
        label="TLS"
      />
      {form.tls && (
        <TextField
          label="TLS CA file"
          size="small"
          value={form.ca}
          onChange={(e) => edit({ ca: e.target.value })}
          helperText="Path to a PEM file on the machine running Cutover; empty uses the system's CAs."
          sx={{ ml: 2 }}
          slotProps={{ htmlInput: { spellCheck: false } }}
        />
      )}
      <Box>
        <Button
          variant="outlined"
          onClick={() => void test()}
          disabled={errors.brokers !== undefined || testing}
        >
          Test brokers
        </Button>
      </Box>
      <KafkaTestResult />
    </>
  );
}

/** What the broker test found, as the database connections' test shows theirs. */
function KafkaTestResult() {
  const test = useWizardStore((s) => s.kafkaTest);
  return (
    <Box aria-live="polite">
      {test.status === 'testing' && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <CircularProgress size={16} />
          <Typography variant="body2">Connecting to the brokers…</Typography>
        </Stack>
      )}
      {test.status === 'ok' && (
        <Alert severity="success">
          {`The cluster answered in ${test.ms} ms with ${test.brokers.length} ${test.brokers.length === 1 ? 'broker' : 'brokers'}: `}
          <strong>{test.brokers.join(', ')}</strong>
        </Alert>
      )}
      {test.status === 'failed' && <ErrorAlert error={test.error} />}
    </Box>
  );
}
