import { Accordion, AccordionDetails, AccordionSummary, Stack, Typography } from '@mui/material';
import type { CheckGroup } from './checkGroups.js';
import { CheckItem } from './CheckItem.js';

const HEADING_COLORS = { fail: 'error.main', warn: 'warning.main', pass: 'success.main' } as const;

/** One group of checks; passed ones start closed, as there is nothing to do about them. */
export function CheckGroupView({ group }: { group: CheckGroup }) {
  return (
    <Accordion defaultExpanded={group.status !== 'pass'} disableGutters variant="outlined">
      <AccordionSummary expandIcon={<span aria-hidden>▾</span>}>
        <Typography sx={{ fontWeight: 600, color: HEADING_COLORS[group.status] }}>
          {group.heading}
        </Typography>
      </AccordionSummary>
      <AccordionDetails>
        {group.checks.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            None.
          </Typography>
        ) : (
          <Stack spacing={2}>
            {group.checks.map((check) => (
              <CheckItem key={check.id} check={check} />
            ))}
          </Stack>
        )}
      </AccordionDetails>
    </Accordion>
  );
}
