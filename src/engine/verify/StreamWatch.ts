import { setTimeout as sleep } from 'node:timers/promises';
import { compareBinlog, type BinlogCoordinates } from '../cdc/BinlogCoordinates.js';
import { BINLOG_STREAM } from '../cdc/IncrementalSync.js';
import type { Endpoint } from '../connect/Endpoint.js';
import { readBinlogPosition } from '../snapshot/BinlogPositionReader.js';
import { CheckpointRepository } from '../store/CheckpointRepository.js';
import type { Store } from '../store/Store.js';
import type { StreamWatch } from './TableVerifier.js';

const POLL_MS = 200;
/** How long verification waits for the stream to catch up with one point before reporting. */
const PATIENCE_MS = 60_000;

/**
 * Follows the change stream of a task running in another process through its state store (opened
 * read-only): the stream's checkpoint is where everything before is applied on the target.
 */
export function storeStreamWatch(source: Endpoint, store: Store, taskId: string): StreamWatch {
  const checkpoints = new CheckpointRepository(store.db);
  return {
    sourcePosition: () => readBinlogPosition(source),
    async caughtUpTo(position: BinlogCoordinates, signal: AbortSignal): Promise<boolean> {
      const deadline = Date.now() + PATIENCE_MS;
      while (!signal.aborted && Date.now() < deadline) {
        const applied = checkpoints.get(taskId, BINLOG_STREAM)?.position as
          BinlogCoordinates | undefined;
        if (applied && compareBinlog(applied, position) >= 0) return true;
        await sleep(POLL_MS);
      }
      return false;
    },
  };
}
