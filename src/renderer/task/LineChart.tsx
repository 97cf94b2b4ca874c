import { Box, useTheme } from '@mui/material';
import { type ChartBox, scaleChart } from './chartScale.js';
import type { Sample } from './samples.js';

const BOX: ChartBox = { width: 480, height: 180, left: 56, right: 12, top: 12, bottom: 28 };

export interface LineChartProps {
  /** The chart's accessible name, e.g. "Throughput chart". */
  label: string;
  /** Says what the axis measures, e.g. "rows/s". */
  unit: string;
  samples: readonly Sample[];
  now: number;
  windowMs: number;
  formatValue: (v: number) => string;
  /** A sentence for screen readers: the latest value, since the line itself says nothing. */
  description: string;
}

/** A time series over the last few minutes, drawn to scale and coloured by the theme. */
export function LineChart(props: LineChartProps) {
  const theme = useTheme();
  const chart = scaleChart(props.samples, props.now, props.windowMs, BOX, props.formatValue);
  const { x0, x1, y0, y1 } = chart.plot;
  const text = theme.palette.text.secondary;
  return (
    <Box
      component="svg"
      role="img"
      aria-label={props.label}
      viewBox={`0 0 ${BOX.width} ${BOX.height}`}
      sx={{ width: '100%', maxWidth: BOX.width, height: 'auto', display: 'block' }}
    >
      <desc>{props.description}</desc>
      {chart.yTicks.map((tick) => (
        <g key={`y${tick.value}`}>
          <line x1={x0} x2={x1} y1={tick.at} y2={tick.at} stroke={theme.palette.divider} />
          <text
            x={x0 - 6}
            y={tick.at}
            fill={text}
            fontSize={11}
            textAnchor="end"
            dominantBaseline="middle"
          >
            {tick.label}
          </text>
        </g>
      ))}
      {chart.xTicks.map((tick) => (
        <text
          key={`x${tick.label}`}
          x={tick.at}
          y={y1 + 18}
          fill={text}
          fontSize={11}
          textAnchor="middle"
        >
          {tick.label}
        </text>
      ))}
      <line x1={x0} x2={x0} y1={y0} y2={y1} stroke={theme.palette.text.disabled} />
      <line x1={x0} x2={x1} y1={y1} y2={y1} stroke={theme.palette.text.disabled} />
      <text x={x0} y={y0 - 2} fill={text} fontSize={10}>
        {props.unit}
      </text>
      {chart.path && (
        <path
          d={chart.path}
          fill="none"
          stroke={theme.palette.primary.main}
          strokeWidth={2}
          strokeLinejoin="round"
        />
      )}
    </Box>
  );
}
