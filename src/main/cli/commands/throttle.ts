import type { AnyTaskSpec } from '../../../shared/task.js';
import { writeThrottle } from '../../../engine/task/ThrottleControl.js';
import { EXIT } from '../ExitCodes.js';
import type { Output } from '../Output.js';

export interface ThrottleArgs {
  rowsPerSecond: number;
  bytesPerSecond: number;
}

/** `cutover throttle`: changes the row and byte limits of a task, also while it runs. */
export function throttleCommand(
  spec: AnyTaskSpec,
  stateDir: string,
  out: Output,
  args: ThrottleArgs,
): number {
  writeThrottle(stateDir, spec.name, args);
  const show = (n: number, unit: string): string => (n > 0 ? `${n} ${unit}/s` : 'unlimited');
  out.line(
    `Throttle of ${spec.name}: ${show(args.rowsPerSecond, 'rows')}, ${show(args.bytesPerSecond, 'bytes')}. A running task applies it within a second.`,
  );
  out.record({ type: 'throttle', task: spec.name, ...args });
  return EXIT.ok;
}
