import { Alert, AlertTitle, Box } from '@mui/material';
import type { ShownError } from './errors.js';

/** A failure as the engine explained it: what went wrong, then what to do about it. */
export function ErrorAlert({
  error,
  title,
  onClose,
}: {
  error: ShownError;
  title?: string;
  onClose?: () => void;
}) {
  return (
    <Alert severity="error" {...(onClose ? { onClose } : {})}>
      {title && <AlertTitle>{title}</AlertTitle>}
      <Box component="span" sx={{ display: 'block', fontWeight: title ? undefined : 500 }}>
        {error.message}
      </Box>
      {error.fix && (
        <Box component="span" sx={{ display: 'block', mt: 0.5 }}>
          <strong>Fix:</strong> {error.fix}
        </Box>
      )}
    </Alert>
  );
}
