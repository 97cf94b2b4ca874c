import { TextField } from '@mui/material';
import type { KafkaFormat } from '../../shared/task.js';
import { FORMAT_LABELS } from './kafkaForm.js';
import { useWizardStore } from './useWizardStore.js';

const FORMAT_TEXT: Record<KafkaFormat, string> = {
  debezium: "Debezium's change event envelope, as its MySQL connector sends it.",
  canal: "Canal's flat message, one row per message, every value a string.",
  json: 'The row and its operation, nothing more.',
};

/** The Kafka target's message format: on the connections step and beside the sample message. */
export function MessageFormatField() {
  const format = useWizardStore((s) => s.kafka.format);
  const editKafka = useWizardStore((s) => s.editKafka);
  return (
    <TextField
      select
      label="Message format"
      size="small"
      value={format}
      onChange={(e) => editKafka({ format: e.target.value as KafkaFormat })}
      helperText={FORMAT_TEXT[format]}
      slotProps={{ select: { native: true } }}
    >
      {(Object.keys(FORMAT_LABELS) as KafkaFormat[]).map((f) => (
        <option key={f} value={f}>
          {FORMAT_LABELS[f]}
        </option>
      ))}
    </TextField>
  );
}
