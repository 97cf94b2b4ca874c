import { Button, Stack, Typography } from '@mui/material';
import { stepBlocker } from './gating.js';
import { useWizardStore } from './useWizardStore.js';
import { offeredSteps } from './wizardStore.js';

/** Back and Next, and why Next is off when it is. */
export function WizardNav() {
  const step = useWizardStore((s) => s.step);
  const goTo = useWizardStore((s) => s.goTo);
  const blocker = useWizardStore((s) => stepBlocker(s, s.step));
  const targetType = useWizardStore((s) => s.targetType);
  const steps = offeredSteps({ targetType });
  const previous = steps.filter((i) => i < step).at(-1);
  const next = steps.find((i) => i > step);
  const last = next === undefined;
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
      <Button
        variant="outlined"
        disabled={previous === undefined}
        onClick={() => goTo(previous ?? 0)}
      >
        Back
      </Button>
      {!last && (
        <Button
          variant="contained"
          disabled={blocker !== null}
          onClick={() => goTo(next)}
          aria-describedby={blocker ? 'wizard-next-blocker' : undefined}
        >
          Next
        </Button>
      )}
      {!last && blocker && (
        <Typography id="wizard-next-blocker" variant="body2" color="text.secondary">
          {blocker}
        </Typography>
      )}
    </Stack>
  );
}
