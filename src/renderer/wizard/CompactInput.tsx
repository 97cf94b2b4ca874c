import { InputBase, type InputBaseProps } from '@mui/material';

type CompactInputProps = Omit<InputBaseProps, 'inputProps' | 'slotProps' | 'sx'> & {
  /** The input's accessible name. */
  label: string;
  describedBy?: string;
  monospace?: boolean;
};

/**
 * A bordered one-line input for the tree's rows: far lighter to mount than a TextField, which
 * matters when scrolling mounts a screenful of rows at a time.
 */
export function CompactInput({
  label,
  describedBy,
  monospace = false,
  ...props
}: CompactInputProps) {
  return (
    <InputBase
      {...props}
      fullWidth
      slotProps={{
        input: {
          'aria-label': label,
          'aria-describedby': describedBy,
          'aria-invalid': props.error ? true : undefined,
          spellCheck: false,
        },
      }}
      sx={{
        px: 1,
        height: 32,
        fontSize: 14,
        fontFamily: monospace ? 'monospace' : undefined,
        border: 1,
        borderColor: props.error ? 'error.main' : 'divider',
        borderRadius: 1,
        bgcolor: 'background.paper',
        '&.Mui-focused': { borderColor: props.error ? 'error.main' : 'primary.main' },
      }}
    />
  );
}
