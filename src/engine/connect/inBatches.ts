import type { Readable } from 'node:stream';

/**
 * The rows a stream holds, a batch at a time: one await per batch instead of one per row,
 * which for millions of small rows is much of the reader's cost. A batch is at most the
 * stream's highWaterMark.
 */
export async function* inBatches<T>(stream: Readable): AsyncGenerator<T[]> {
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    wake?.();
    wake = null;
  };
  stream.on('readable', notify);
  stream.once('end', () => {
    ended = true;
    notify();
  });
  stream.once('error', (e) => {
    failure = e;
    notify();
  });
  for (;;) {
    const batch: T[] = [];
    let row: T | null;
    while ((row = stream.read() as T | null) !== null) batch.push(row);
    if (batch.length > 0) {
      yield batch;
      continue;
    }
    if (failure !== null) throw failure;
    if (ended) return;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}
