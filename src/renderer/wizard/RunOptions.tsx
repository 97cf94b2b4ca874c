import {
  Checkbox,
  FormControlLabel,
  FormGroup,
  FormLabel,
  Grid,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import type { StepName, TaskOptions } from '../../shared/task.js';
import { stepsOffered, type TargetType, type WizardOptions } from './taskDraft.js';
import { useWizardStore } from './useWizardStore.js';

const STEP_TEXT: Record<TargetType, Partial<Record<StepName, string>>> = {
  database: {
    schema: 'create the databases, tables and other objects on the target',
    full: 'copy every selected row',
    incremental: 'stream changes from the binlog until the switchover',
    verify: 'compare every table on both sides when the copy is done',
  },
  kafka: {
    full: 'send every selected row as a read event',
    incremental: 'then send every change from the binlog, and its DDL, as it happens',
  },
};

const DDL_TEXT: Record<TaskOptions['ddl'], string> = {
  apply: 'Carried over to the target.',
  ignore: 'Skipped: the target keeps its schema.',
  pause: 'Pauses the task until you decide.',
};

const EXISTING_TEXT: Record<TaskOptions['existingTables'], string> = {
  fail: 'The schema step stops on one.',
  keep: 'Used as they are; rows are added.',
};

/** A whole number field that lets its text be cleared while typing. */
function CountField({
  field,
  label,
  help,
}: {
  field: 'concurrency' | 'applyWorkers';
  label: string;
  help: string;
}) {
  const value = useWizardStore((s) => s.run.options[field]);
  const setOptions = useWizardStore((s) => s.setOptions);
  const valid = Number.isInteger(value) && value >= 1 && value <= 64;
  return (
    <TextField
      label={label}
      type="number"
      size="small"
      value={Number.isNaN(value) ? '' : String(value)}
      onChange={(e) =>
        setOptions({ [field]: e.target.value === '' ? Number.NaN : Number(e.target.value) })
      }
      error={!valid}
      helperText={valid ? help : 'A whole number from 1 to 64.'}
      slotProps={{ htmlInput: { min: 1, max: 64, step: 1 } }}
      fullWidth
    />
  );
}

export function RunOptions() {
  const run = useWizardStore((s) => s.run);
  const setStep = useWizardStore((s) => s.setStep);
  const targetType = useWizardStore((s) => s.targetType);
  const database = targetType === 'database';
  return (
    <Stack spacing={2}>
      <FormGroup>
        <FormLabel component="legend">Steps</FormLabel>
        {stepsOffered(targetType).map((step) => (
          <FormControlLabel
            key={step}
            control={
              <Checkbox
                size="small"
                checked={run.steps.includes(step)}
                onChange={(e) => setStep(step, e.target.checked)}
              />
            }
            label={
              <>
                <strong>{step}</strong>
                <Typography component="span" variant="body2" color="text.secondary">
                  {`: ${STEP_TEXT[targetType][step] ?? ''}`}
                </Typography>
              </>
            }
          />
        ))}
      </FormGroup>
      <Grid container spacing={2} sx={{ maxWidth: 900 }}>
        <Grid size={{ xs: 12, sm: 6, md: 3 }}>
          <CountField
            field="concurrency"
            label="Concurrency"
            help={database ? 'Tables copied at once.' : 'Tables read at once.'}
          />
        </Grid>
        {database && <DatabaseOptions />}
      </Grid>
      {database && <TwoWayOption />}
    </Stack>
  );
}

/** A Kafka task writes no rows (no apply workers), sends DDL as messages, and finds no tables. */
function DatabaseOptions() {
  const run = useWizardStore((s) => s.run);
  const setOptions = useWizardStore((s) => s.setOptions);
  return (
    <>
      <Grid size={{ xs: 12, sm: 6, md: 3 }}>
        <CountField
          field="applyWorkers"
          label="Apply workers"
          help="Connections applying changes."
        />
      </Grid>
      <Grid size={{ xs: 12, sm: 6, md: 3 }}>
        <TextField
          select
          label="DDL during sync"
          size="small"
          fullWidth
          value={run.options.ddl}
          onChange={(e) => setOptions({ ddl: e.target.value as WizardOptions['ddl'] })}
          helperText={DDL_TEXT[run.options.ddl]}
          slotProps={{ select: { native: true } }}
        >
          {Object.keys(DDL_TEXT).map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </TextField>
      </Grid>
      <Grid size={{ xs: 12, sm: 6, md: 3 }}>
        <TextField
          select
          label="Existing target tables"
          size="small"
          fullWidth
          value={run.options.existingTables}
          onChange={(e) =>
            setOptions({ existingTables: e.target.value as WizardOptions['existingTables'] })
          }
          helperText={EXISTING_TEXT[run.options.existingTables]}
          slotProps={{ select: { native: true } }}
        >
          {Object.keys(EXISTING_TEXT).map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </TextField>
      </Grid>
    </>
  );
}

/** Kafka sends no writes back: two-way sync needs a database target. */
function TwoWayOption() {
  const run = useWizardStore((s) => s.run);
  const setOptions = useWizardStore((s) => s.setOptions);
  return (
    <FormControlLabel
      control={
        <Checkbox
          size="small"
          checked={run.options.twoWay === true && run.steps.includes('incremental')}
          disabled={!run.steps.includes('incremental')}
          onChange={(e) => setOptions({ twoWay: e.target.checked })}
        />
      }
      label={
        <>
          <strong>Two-way sync</strong>
          <Typography component="span" variant="body2" color="text.secondary">
            {
              ': also carry writes made on the target back to the source, for a canary. The canary must write only its own rows; a row changed on both sides at once ends up swapped.'
            }
          </Typography>
        </>
      }
    />
  );
}
