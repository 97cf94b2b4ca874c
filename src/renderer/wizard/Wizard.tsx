import { Box, Stack, Step, StepButton, Stepper, Typography } from '@mui/material';
import { useEffect } from 'react';
import { ConnectionsStep } from './ConnectionsStep.js';
import { canOpen } from './gating.js';
import { ObjectsStep } from './ObjectsStep.js';
import { PlanStep } from './PlanStep.js';
import { PrecheckStep } from './PrecheckStep.js';
import { StartStep } from './StartStep.js';
import { useWizardStore } from './useWizardStore.js';
import { offeredSteps, WIZARD_STEPS, type WizardState } from './wizardStore.js';
import { WizardNav } from './WizardNav.js';

const STEP_VIEWS = [ConnectionsStep, ObjectsStep, PrecheckStep, PlanStep, StartStep] as const;

/** How many steps, from the first, can be opened. */
function openableSteps(state: WizardState): number {
  let n = 1;
  while (n < WIZARD_STEPS.length && canOpen(state, n)) n++;
  return n;
}

/** The "New task" wizard: connections, objects, precheck, schema preview (not for Kafka), start. */
export function Wizard() {
  const step = useWizardStore((s) => s.step);
  const goTo = useWizardStore((s) => s.goTo);
  const loadSaved = useWizardStore((s) => s.loadSaved);
  const openable = useWizardStore(openableSteps);
  const targetType = useWizardStore((s) => s.targetType);
  const steps = offeredSteps({ targetType });
  const View = STEP_VIEWS[step] ?? ConnectionsStep;

  useEffect(() => {
    void loadSaved();
  }, [loadSaved]);

  return (
    <Stack spacing={2}>
      <Typography variant="h5" component="h2">
        New task
      </Typography>
      <Stepper nonLinear activeStep={steps.indexOf(step)}>
        {steps.map((i) => (
          <Step key={WIZARD_STEPS[i]} completed={i < step}>
            <StepButton onClick={() => goTo(i)} disabled={i > step && i >= openable}>
              {WIZARD_STEPS[i]}
            </StepButton>
          </Step>
        ))}
      </Stepper>
      <Box component="section" aria-label={WIZARD_STEPS[step]}>
        <View />
      </Box>
      <WizardNav />
    </Stack>
  );
}
