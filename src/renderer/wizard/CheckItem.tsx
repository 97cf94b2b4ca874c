import { Box, Typography } from '@mui/material';
import type { CheckResult } from '../../shared/precheck.js';
import { SqlBlock } from './SqlBlock.js';

/** How many concerned objects are named before the rest are counted. */
const OBJECTS_SHOWN = 20;

export function CheckItem({ check }: { check: CheckResult }) {
  const objects = check.objects ?? [];
  return (
    <Box component="article" aria-label={check.title}>
      <Typography sx={{ fontWeight: 600 }}>{check.title}</Typography>
      <Typography variant="body2">{check.detail}</Typography>
      {check.fix && (
        <Typography variant="body2" sx={{ mt: 0.5 }}>
          <strong>Fix:</strong> {check.fix}
        </Typography>
      )}
      {objects.length > 0 && (
        <Typography
          variant="body2"
          color="text.secondary"
          sx={{ mt: 0.5, fontFamily: 'monospace' }}
        >
          {objects.slice(0, OBJECTS_SHOWN).join(', ')}
          {objects.length > OBJECTS_SHOWN ? ` and ${objects.length - OBJECTS_SHOWN} more` : ''}
        </Typography>
      )}
      {check.sql && (
        <Box sx={{ mt: 1 }}>
          <SqlBlock sql={check.sql} />
        </Box>
      )}
      <Typography variant="caption" color="text.secondary">
        {check.id}
      </Typography>
    </Box>
  );
}
