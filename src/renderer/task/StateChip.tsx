import { Chip, type ChipProps } from '@mui/material';
import type { ShownState } from './taskActions.js';

const COLORS: Record<ShownState, ChipProps['color']> = {
  new: 'default',
  running: 'primary',
  paused: 'warning',
  stopped: 'default',
  failed: 'error',
  done: 'success',
  interrupted: 'warning',
};

export function StateChip({ state }: { state: ShownState }) {
  return <Chip size="small" label={state} color={COLORS[state]} variant="outlined" />;
}
