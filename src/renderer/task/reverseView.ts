import type { StreamStatus } from '../../shared/stream.js';
import type { TaskLive } from './liveState.js';
import type { LogLine } from './logLines.js';

/** What the reverse sync panel shows of a reverse task. */
export interface ReverseView {
  /** The reverse stream's latest figures; null before it first ran. */
  stream: StreamStatus | null;
  /** Not streaming: the target's new writes are not reaching the old source. */
  stalled: boolean;
  /** Warnings and errors in the log the window holds. */
  problems: number;
  latestProblem: LogLine | null;
}

export function reverseView(live: TaskLive): ReverseView {
  const problems = live.log.filter((l) => l.level !== 'info');
  return {
    // A reverse task has one stream, from the target's binlog.
    stream: Object.values(live.streams)[0]?.status ?? null,
    // Only a run in this process streams: the state dir admits one process at a time.
    stalled: live.summary?.active !== true,
    problems: problems.length,
    latestProblem: problems[problems.length - 1] ?? null,
  };
}
