import { Button, Stack, Typography } from '@mui/material';
import { stepBlocker } from './gating.js';
import { useWizardStore } from './useWizardStore.js';
import { WIZARD_STEPS } from './wizardStore.js';

/** Back and Next, and why Next is off when it is. */
export function WizardNav() {
  const step = useWizardStore((s) => s.step);
  const goTo = useWizardStore((s) => s.goTo);
  const blocker = useWizardStore((s) => stepBlocker(s, s.step));
  const last = step === WIZARD_STEPS.length - 1;
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
      <Button variant="outlined" disabled={step === 0} onClick={() => goTo(step - 1)}>
        Back
      </Button>
      {!last && (
        <Button
          variant="contained"
          disabled={blocker !== null}
          onClick={() => goTo(step + 1)}
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
