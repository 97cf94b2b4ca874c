import { Box, type SxProps, type Theme } from '@mui/material';
import type { ReactNode } from 'react';

/** Expander, object, key warning, rows, size, target name, columns, row filter. */
export const TREE_COLUMNS =
  '32px minmax(220px, 2fr) 24px 64px 76px minmax(150px, 1fr) 150px minmax(220px, 2fr)';

export const TREE_MIN_WIDTH = 1000;

export const rowSx: SxProps<Theme> = {
  display: 'grid',
  gridTemplateColumns: TREE_COLUMNS,
  columnGap: 1,
  alignItems: 'center',
  px: 1,
  minHeight: 44,
};

export function Cell({
  children,
  align = 'left',
  indent = 0,
}: {
  children?: ReactNode;
  align?: 'left' | 'right';
  /** In theme spacing units: how far a child row sits in from its parent. */
  indent?: number;
}) {
  return (
    <Box
      role="gridcell"
      sx={{
        minWidth: 0,
        display: 'flex',
        alignItems: 'center',
        justifyContent: align === 'right' ? 'flex-end' : 'flex-start',
        pl: indent,
        fontVariantNumeric: 'tabular-nums',
      }}
    >
      {children}
    </Box>
  );
}

const HEADINGS = ['', 'Object', '', 'Rows', 'Size', 'Target name', 'Columns', 'Row filter'];

export function TreeHeader() {
  return (
    <Box
      role="row"
      aria-rowindex={1}
      sx={{ ...rowSx, minHeight: 32, borderBottom: 1, borderColor: 'divider', fontWeight: 500 }}
    >
      {HEADINGS.map((h, i) => (
        <Box
          key={i}
          role="columnheader"
          sx={{ fontSize: 13, textAlign: i === 3 || i === 4 ? 'right' : 'left' }}
        >
          {h}
        </Box>
      ))}
    </Box>
  );
}
