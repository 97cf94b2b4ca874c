import type { BinlogPosition } from './position.js';

/** Lag and throughput of a change stream, as the engine last measured them. */
export interface StreamStats {
  /** The latest measured lag, ms; null before the first measurement. */
  lagMs: number | null;
  lagP50Ms: number | null;
  lagP99Ms: number | null;
  /** 'heartbeat': the engine's own heartbeat rows (ms precision); 'event-time': binlog times (s). */
  lagSource: 'heartbeat' | 'event-time';
  /** Source transactions applied per second, over the last few seconds. */
  eventsPerSecond: number;
  rowsPerSecond: number;
  transactionsApplied: number;
  rowsApplied: number;
}

export interface StreamStatus extends StreamStats {
  /** Everything before this is applied on the target. */
  applied: BinlogPosition;
  /** Transactions read and not yet fully applied. */
  inFlight: number;
}
