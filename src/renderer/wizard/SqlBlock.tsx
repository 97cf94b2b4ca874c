import { Box, Button, Stack } from '@mui/material';
import { useState } from 'react';

/** SQL to read and to run by hand: monospace, as-is, with a button that copies it. */
export function SqlBlock({ sql }: { sql: string }) {
  const [copied, setCopied] = useState<boolean | 'failed'>(false);
  const copy = () => {
    navigator.clipboard.writeText(sql).then(
      () => setCopied(true),
      () => setCopied('failed'),
    );
  };
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
      <Box
        component="pre"
        sx={{
          m: 0,
          p: 1,
          flex: 1,
          overflowX: 'auto',
          fontFamily: 'monospace',
          fontSize: 13,
          bgcolor: 'action.hover',
          borderRadius: 1,
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-word',
        }}
      >
        {sql}
      </Box>
      <Button size="small" variant="outlined" onClick={copy} sx={{ flexShrink: 0 }}>
        Copy SQL
      </Button>
      <Box component="span" role="status" sx={{ fontSize: 12, minWidth: 48, pt: 0.75 }}>
        {copied === true ? 'Copied' : copied === 'failed' ? 'Copy failed' : ''}
      </Box>
    </Stack>
  );
}
