/** A point of a live chart: when (ms) and how much. */
export interface Sample {
  t: number;
  v: number;
}

/** A rate older than this no longer describes the run (a paused task sends nothing). */
export const STALE_MS = 10_000;

/** The charts show the last five minutes. */
export const WINDOW_MS = 5 * 60 * 1000;
const BUCKET_MS = 1000;

/**
 * Adds a point, keeping one per second (the latest value wins) and none older than the
 * window, so a series stays at about 300 points however often events come.
 */
export function addSample(series: readonly Sample[], t: number, v: number): Sample[] {
  const kept = series.filter((s) => s.t > t - WINDOW_MS);
  const last = kept[kept.length - 1];
  if (last && Math.floor(last.t / BUCKET_MS) === Math.floor(t / BUCKET_MS)) {
    kept[kept.length - 1] = { t, v };
  } else {
    kept.push({ t, v });
  }
  return kept;
}
