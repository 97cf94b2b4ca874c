export type ParsedThreshold = { ok: true; ms: number } | { ok: false; message: string };

/** A lag threshold as typed, in seconds: "10", "2.5"; spaces and a decimal comma allowed. */
export function parseThreshold(text: string): ParsedThreshold {
  const cleaned = text.replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) {
    return { ok: false, message: 'Enter a number of seconds, such as 10 or 2.5.' };
  }
  const ms = Math.round(Number(cleaned) * 1000);
  if (ms <= 0) return { ok: false, message: 'Enter a threshold above 0 seconds.' };
  if (!Number.isSafeInteger(ms)) return { ok: false, message: 'That number is too large.' };
  return { ok: true, ms };
}

/** "10 s", "2.5 s", "800 ms": a threshold as the person would type it, without trailing zeros. */
export function formatThreshold(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** The threshold in the field's unit, seconds. */
export function thresholdText(ms: number): string {
  return String(ms / 1000);
}
