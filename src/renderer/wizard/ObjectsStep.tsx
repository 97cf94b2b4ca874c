import { Alert, Button, LinearProgress, Stack, TextField, Typography } from '@mui/material';
import { useEffect } from 'react';
import { ErrorAlert } from '../ErrorAlert.js';
import { catalogDatabases } from './objectsSlice.js';
import { ObjectTree } from './ObjectTree.js';
import { selectedCount } from './selection.js';
import { useWizardStore } from './useWizardStore.js';

export function ObjectsStep() {
  const catalog = useWizardStore((s) => s.catalog);
  const search = useWizardStore((s) => s.search);
  const chosen = useWizardStore((s) => selectedCount(s.selection));
  const browse = useWizardStore((s) => s.browse);
  const setSearch = useWizardStore((s) => s.setSearch);
  const databases = catalogDatabases(catalog);
  const total = databases.reduce((n, db) => n + db.tables.length, 0);

  useEffect(() => {
    void browse();
  }, [browse]);

  return (
    <Stack spacing={1.5}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
        <TextField
          label="Search tables"
          size="small"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder="shop.order*"
          helperText="Text anywhere in db.table; * and ? are wildcards"
          sx={{ width: 360 }}
          slotProps={{ htmlInput: { spellCheck: false } }}
        />
        <Typography variant="body2" role="status">
          {`${chosen} of ${total} tables selected`}
        </Typography>
        <Button onClick={() => void browse(true)} disabled={catalog.status === 'loading'}>
          Reload tables
        </Button>
      </Stack>
      {catalog.status === 'loading' && <LinearProgress aria-label="Reading the source’s tables" />}
      {catalog.status === 'failed' && (
        <ErrorAlert error={catalog.error} title="The source’s tables could not be read" />
      )}
      {catalog.status === 'loaded' && databases.length === 0 && (
        <Alert severity="info">
          The source has no databases this user can see (system schemas are left out). Grant it
          SELECT on the databases to migrate, then reload.
        </Alert>
      )}
      {databases.length > 0 && <ObjectTree databases={databases} />}
    </Stack>
  );
}
