import { Box, Button, CircularProgress, Stack, Typography } from '@mui/material';
import { useEffect } from 'react';
import { ErrorAlert } from '../ErrorAlert.js';
import { draftOf, sampleKey } from './currentTask.js';
import { MessageFormatField } from './MessageFormatField.js';
import { isCurrent, lastResult } from './reviewSlice.js';
import { useWizardStore } from './useWizardStore.js';

const CODE_SX = {
  m: 0,
  p: 1.5,
  maxHeight: 420,
  overflow: 'auto',
  fontFamily: 'monospace',
  fontSize: 13,
  bgcolor: 'action.hover',
  borderRadius: 1,
} as const;

/**
 * A message the task would send for a row of the source, in the chosen format, so the person
 * sees what consumers will get before anything is sent; read again whenever the task changes.
 */
export function SamplePreview() {
  const sample = useWizardStore((s) => s.sample);
  const current = useWizardStore((s) => isCurrent(s.sample, sampleKey(draftOf(s))));
  const runSample = useWizardStore((s) => s.runSample);
  const result = lastResult(sample);
  const running = sample.status === 'running';

  useEffect(() => {
    if (!current) void runSample();
  }, [current, runSample]);

  return (
    <Box component="section" aria-label="Sample message">
      <Stack spacing={1.5}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Typography variant="subtitle1" component="h3">
            Sample message
          </Typography>
          <Button
            size="small"
            variant="outlined"
            onClick={() => void runSample()}
            disabled={running}
          >
            Read the sample again
          </Button>
          {running && <CircularProgress size={20} aria-label="Reading a sample row" />}
        </Stack>
        <Box sx={{ maxWidth: 420 }}>
          <MessageFormatField />
        </Box>
        {sample.status === 'failed' && (
          <ErrorAlert error={sample.error} title="No sample message could be made" />
        )}
        {result && (
          <Stack spacing={1} sx={{ opacity: running ? 0.6 : 1 }} aria-busy={running}>
            <Typography variant="body2">
              {'A row of '}
              <strong>{result.table}</strong>
              {' as the full copy sends it, to topic '}
              <strong>{result.topic}</strong>
              {'.'}
            </Typography>
            <Typography variant="body2" component="div">
              {'Key: '}
              {result.key === null ? (
                <em>none (the table has no primary or unique key)</em>
              ) : (
                <Box
                  component="code"
                  aria-label="Sample message key"
                  sx={{ fontFamily: 'monospace' }}
                >
                  {result.key}
                </Box>
              )}
            </Typography>
            <Box component="pre" aria-label="Sample message value" sx={CODE_SX}>
              {result.value}
            </Box>
          </Stack>
        )}
      </Stack>
    </Box>
  );
}
