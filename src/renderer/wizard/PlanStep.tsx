import { Button, CircularProgress, Stack, Typography } from '@mui/material';
import { useEffect, useMemo } from 'react';
import { draftOf, taskKey } from './currentTask.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { ObjectChoices } from './ObjectChoices.js';
import { PlanChanges } from './PlanChanges.js';
import { PlanStatements } from './PlanStatements.js';
import { catalogDatabases } from './objectsSlice.js';
import { stillExcluded } from './planView.js';
import { isCurrent, lastResult } from './reviewSlice.js';
import { useWizardStore } from './useWizardStore.js';

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** What will be created on the target, in which phase, and what was changed to fit it. */
export function PlanStep() {
  const plan = useWizardStore((s) => s.plan);
  const current = useWizardStore((s) => isCurrent(s.plan, taskKey(draftOf(s))));
  const planExcluded = useWizardStore((s) => s.planExcluded);
  const selection = useWizardStore((s) => s.selection);
  const catalog = useWizardStore((s) => s.catalog);
  const runPlan = useWizardStore((s) => s.runPlan);
  const result = lastResult(plan);
  const running = plan.status === 'running';
  const excluded = useMemo(
    () =>
      stillExcluded(
        planExcluded,
        selection,
        catalogDatabases(catalog).map((db) => db.name),
      ),
    [planExcluded, selection, catalog],
  );

  useEffect(() => {
    if (!current) void runPlan();
  }, [current, runPlan]);

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <Button variant="outlined" onClick={() => void runPlan()} disabled={running}>
          Plan again
        </Button>
        {running && <CircularProgress size={20} aria-label="Planning the schema" />}
        {result && (
          <Typography variant="body2" color="text.secondary">
            {`${count(result.statements.length, 'statement')}, ${count(result.changes.length, 'change')}`}
          </Typography>
        )}
      </Stack>
      {plan.status === 'failed' && (
        <ErrorAlert error={plan.error} title="The schema could not be planned" />
      )}
      {result && (
        <Stack spacing={3} sx={{ opacity: running ? 0.6 : 1 }} aria-busy={running}>
          <ObjectChoices plan={result} />
          <PlanStatements plan={result} excluded={excluded} />
          <PlanChanges changes={result.changes} />
        </Stack>
      )}
    </Stack>
  );
}
