import {
  Chip,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { SchemaChange } from '../../shared/schema.js';

/** Every change made to fit the target, with the reason for it. */
export function PlanChanges({ changes }: { changes: readonly SchemaChange[] }) {
  return (
    <section aria-label="Changes">
      <Typography variant="subtitle1" component="h3">
        {`Changes (${changes.length})`}
      </Typography>
      {changes.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          The schema is created as it is on the source.
        </Typography>
      ) : (
        <TableContainer sx={{ maxHeight: 480 }}>
          <Table size="small" stickyHeader>
            <TableHead>
              <TableRow>
                <TableCell>Object</TableCell>
                <TableCell>Action</TableCell>
                <TableCell>Reason</TableCell>
                <TableCell>Severity</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {changes.map((change, i) => (
                <TableRow key={`${change.object}:${change.rule}:${i}`}>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{change.object}</TableCell>
                  <TableCell>{change.action}</TableCell>
                  <TableCell>{change.reason}</TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      variant="outlined"
                      color={change.severity === 'warn' ? 'warning' : 'default'}
                      label={change.severity}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </section>
  );
}
