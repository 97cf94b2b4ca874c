import type { Sample } from './samples.js';
import { STALE_MS } from './samples.js';

export interface ChartBox {
  width: number;
  height: number;
  /** Room for the axis labels. */
  left: number;
  bottom: number;
  top: number;
  right: number;
}

export interface Tick {
  value: number;
  /** Where it goes along its axis, in chart units. */
  at: number;
  label: string;
}

export interface ScaledChart {
  /** An SVG path; a gap in the data (a pause) breaks the line instead of bridging it. */
  path: string;
  yMax: number;
  yTicks: Tick[];
  xTicks: Tick[];
  plot: { x0: number; x1: number; y0: number; y1: number };
}

/** The smallest of 1, 2 or 5 times a power of ten that is at least `v`: a round top. */
export function niceCeiling(v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) return 1;
  const power = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= v) return step * power;
  }
  return 10 * power;
}

const round = (n: number): number => Math.round(n * 10) / 10;

function minuteLabel(minutesAgo: number): string {
  return minutesAgo === 0 ? 'now' : `−${minutesAgo} min`;
}

/**
 * Fits the samples of the last `windowMs` (up to `now`) into the box: time runs left to
 * right, zero at the bottom, the top rounded up from the largest value.
 */
export function scaleChart(
  samples: readonly Sample[],
  now: number,
  windowMs: number,
  box: ChartBox,
  formatValue: (v: number) => string,
): ScaledChart {
  const start = now - windowMs;
  const shown = samples.filter((s) => s.t >= start && s.t <= now);
  const yMax = niceCeiling(Math.max(0, ...shown.map((s) => s.v)));
  const plot = {
    x0: box.left,
    x1: box.width - box.right,
    y0: box.top,
    y1: box.height - box.bottom,
  };
  const x = (t: number): number => plot.x0 + ((t - start) / windowMs) * (plot.x1 - plot.x0);
  const y = (v: number): number => plot.y1 - (Math.max(0, v) / yMax) * (plot.y1 - plot.y0);
  let path = '';
  let previous: Sample | null = null;
  for (const s of shown) {
    const move = previous === null || s.t - previous.t > STALE_MS;
    path += `${path ? ' ' : ''}${move ? 'M' : 'L'}${round(x(s.t))} ${round(y(s.v))}`;
    previous = s;
  }
  const yTicks = [0, yMax / 2, yMax].map((value) => ({
    value,
    at: round(y(value)),
    label: formatValue(value),
  }));
  const minutes = Math.floor(windowMs / 60_000);
  const xTicks: Tick[] = [];
  for (let m = minutes; m >= 0; m--) {
    const t = now - m * 60_000;
    xTicks.push({ value: t, at: round(x(t)), label: minuteLabel(m) });
  }
  return { path, yMax, yTicks, xTicks, plot };
}
