// Figures the benchmarks print: the median of a few runs (robust on a noisy machine), its spread,
// and numbers formatted the same way in every report.

/** Median, min and max of `values`, or undefined when there are none. */
export function summarize(values) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** `12.34 s`, or `2 min 05 s` for long runs. */
export function formatSeconds(seconds) {
  if (seconds < 120) return `${seconds.toFixed(2)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

/** `1,234,567` */
export function formatCount(n) {
  return Math.round(n).toLocaleString('en-US');
}

/** Rounds to `digits` decimals for the JSON output, keeping it a number. */
export function round(n, digits = 3) {
  return Number(n.toFixed(digits));
}
