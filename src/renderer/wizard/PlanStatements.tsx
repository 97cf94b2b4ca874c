import { Box, Checkbox, Chip, Stack, Typography } from '@mui/material';
import type { PlannedStatement, SchemaPlan } from '../../shared/schema.js';
import { statementsByPhase } from './planView.js';
import { SqlBlock } from './SqlBlock.js';
import { useWizardStore } from './useWizardStore.js';

/** A statement's heading, opening onto its SQL; a table's CREATE can be unticked. */
function StatementRow({ statement, excluded }: { statement: PlannedStatement; excluded: boolean }) {
  const setTableCreated = useWizardStore((s) => s.setTableCreated);
  const renamed = statement.sourceObject !== statement.object;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
      {statement.kind === 'table' ? (
        <Checkbox
          size="small"
          checked={!excluded}
          onChange={(e) => void setTableCreated(statement, e.target.checked)}
          slotProps={{ input: { 'aria-label': `Create ${statement.object}` } }}
          sx={{ p: 0.5 }}
        />
      ) : (
        <Box sx={{ width: 30, flexShrink: 0 }} />
      )}
      <Box component="details" sx={{ flex: 1, minWidth: 0, py: 0.5 }}>
        <Box component="summary" sx={{ cursor: 'pointer' }}>
          <Typography component="span" variant="body2" color="text.secondary" sx={{ mr: 1 }}>
            {statement.kind}
          </Typography>
          <Typography component="span" sx={{ fontFamily: 'monospace' }}>
            {statement.object}
          </Typography>
          {renamed && (
            <Typography component="span" variant="body2" color="text.secondary" sx={{ ml: 1 }}>
              {`from ${statement.sourceObject}`}
            </Typography>
          )}
          {excluded && <Chip size="small" label="left out" sx={{ ml: 1 }} />}
          {!excluded && statement.skipped && (
            <Chip
              size="small"
              color="warning"
              variant="outlined"
              label={`skipped: ${statement.skipReason ?? 'no reason given'}`}
              sx={{ ml: 1, maxWidth: '100%' }}
            />
          )}
        </Box>
        <Box sx={{ mt: 1 }}>
          <SqlBlock sql={statement.sql} />
        </Box>
      </Box>
    </Stack>
  );
}

export function PlanStatements({
  plan,
  excluded,
}: {
  plan: SchemaPlan;
  excluded: readonly PlannedStatement[];
}) {
  return (
    <Stack spacing={2}>
      {statementsByPhase(plan).map((group) => (
        <Box key={group.phase} component="section" aria-label={group.title}>
          <Typography variant="subtitle1" component="h3">
            {`${group.title} (${group.statements.length})`}
          </Typography>
          {group.statements.map((statement) => (
            <StatementRow
              key={`${statement.kind}:${statement.object}`}
              statement={statement}
              excluded={false}
            />
          ))}
        </Box>
      ))}
      {excluded.length > 0 && (
        <Box component="section" aria-label="Tables left out">
          <Typography variant="subtitle1" component="h3">
            {`Tables left out here (${excluded.length})`}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            Tick one to copy it again.
          </Typography>
          {excluded.map((statement) => (
            <StatementRow key={statement.sourceObject} statement={statement} excluded />
          ))}
        </Box>
      )}
    </Stack>
  );
}
