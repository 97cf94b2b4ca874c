import { Box, Stack, TextField, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { memo, useEffect, useRef, useState } from 'react';
import type { LogLevel } from '../../shared/events.js';
import { formatClock } from '../format.js';
import { filterLog, type LogFilterLevel, type LogLine } from './logLines.js';

const LEVELS: { value: LogFilterLevel; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'info', label: 'Info' },
  { value: 'warn', label: 'Warnings' },
  { value: 'error', label: 'Errors' },
];

const LEVEL_COLOR: Record<LogLevel, string> = {
  info: 'text.secondary',
  warn: 'warning.main',
  error: 'error.main',
};

/** Within this many pixels of the bottom, new lines keep the view at the bottom. */
const FOLLOW_SLACK = 24;

/** The task's log, newest last, filtered by level and text. */
export const LogPanel = memo(function LogPanel({ lines }: { lines: readonly LogLine[] }) {
  const [level, setLevel] = useState<LogFilterLevel>('all');
  const [search, setSearch] = useState('');
  const box = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const shown = filterLog(lines, level, search);
  const lastId = shown[shown.length - 1]?.id;

  useEffect(() => {
    const el = box.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [lastId]);

  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={level}
          aria-label="Log level"
          onChange={(_e, v: LogFilterLevel | null) => {
            if (v) setLevel(v);
          }}
        >
          {LEVELS.map((l) => (
            <ToggleButton key={l.value} value={l.value}>
              {l.label}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <TextField
          label="Search log"
          size="small"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <Typography variant="body2" color="text.secondary">
          {shown.length === lines.length
            ? `${lines.length} lines`
            : `${shown.length} of ${lines.length} lines`}
        </Typography>
      </Stack>
      <Box
        ref={box}
        role="log"
        aria-label="Log"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          following.current = el.scrollHeight - el.scrollTop - el.clientHeight < FOLLOW_SLACK;
        }}
        sx={{
          maxHeight: 320,
          overflow: 'auto',
          fontFamily: 'monospace',
          fontSize: 13,
          bgcolor: 'action.hover',
          borderRadius: 1,
          p: 1,
        }}
      >
        {shown.length === 0 && (
          <Typography variant="body2" color="text.secondary">
            {lines.length === 0 ? 'Nothing logged yet.' : 'No line matches.'}
          </Typography>
        )}
        {shown.map((line) => (
          <Box key={line.id} sx={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            <Box component="span" sx={{ color: 'text.secondary' }}>
              {formatClock(line.ts)}{' '}
            </Box>
            <Box component="span" sx={{ color: LEVEL_COLOR[line.level], fontWeight: 600 }}>
              {line.level.toUpperCase()}
            </Box>{' '}
            {line.message}
            {line.code && (
              <Box component="span" sx={{ color: 'text.secondary' }}>
                {' '}
                [{line.code}]
              </Box>
            )}
          </Box>
        ))}
      </Box>
    </Stack>
  );
});
