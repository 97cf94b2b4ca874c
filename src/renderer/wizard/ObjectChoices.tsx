import { Stack, TextField, Typography } from '@mui/material';
import type { SchemaPlan } from '../../shared/schema.js';
import type { ObjectChoice } from '../../shared/task.js';
import { catalogDatabases } from './objectsSlice.js';
import { kindsByDatabase } from './planView.js';
import { objectChoice, type ObjectKind } from './selection.js';
import { useWizardStore } from './useWizardStore.js';

const KIND_TITLES: Record<ObjectKind, string> = {
  views: 'Views',
  triggers: 'Triggers',
  routines: 'Routines',
  events: 'Events',
};

/** Per database, whether its views, triggers, routines and events go to the target. */
export function ObjectChoices({ plan }: { plan: SchemaPlan }) {
  const catalog = useWizardStore((s) => s.catalog);
  const selection = useWizardStore((s) => s.selection);
  const setObjectChoice = useWizardStore((s) => s.setObjectChoice);
  const databases = catalogDatabases(catalog).map((db) => db.name);
  const rows = kindsByDatabase(plan, databases);
  if (rows.length === 0) return null;
  return (
    <Stack spacing={1} component="section" aria-label="Other objects">
      <Typography variant="subtitle1" component="h3">
        Views, triggers, routines and events
      </Typography>
      {rows.map(({ database, kinds }) => (
        <Stack key={database} direction="row" spacing={2} sx={{ alignItems: 'center' }}>
          <Typography sx={{ minWidth: 160, fontFamily: 'monospace' }}>{database}</Typography>
          {kinds.map((kind) => (
            <TextField
              key={kind}
              select
              size="small"
              label={`${KIND_TITLES[kind]} of ${database}`}
              value={objectChoice(selection, database, kind)}
              onChange={(e) => void setObjectChoice(database, kind, e.target.value as ObjectChoice)}
              slotProps={{ select: { native: true } }}
              sx={{ minWidth: 160 }}
            >
              <option value="migrate">migrate</option>
              <option value="skip">skip</option>
            </TextField>
          ))}
        </Stack>
      ))}
    </Stack>
  );
}
