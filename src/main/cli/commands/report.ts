import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AnyTaskSpec } from '../../../shared/task.js';
import { buildReport } from '../../../engine/report/CutoverReport.js';
import type { Store } from '../../../engine/store/Store.js';
import { EXIT } from '../ExitCodes.js';
import type { Output } from '../Output.js';

/**
 * `cutover report`: the task's cutover report as one HTML file, from the state store alone, so
 * it works after the switchover too, when the source may be read-only or gone.
 */
export function reportCommand(
  spec: AnyTaskSpec,
  store: Store,
  out: Output,
  file: string | undefined,
): number {
  const report = buildReport(store, spec.name);
  const path = resolve(file ?? report.fileName);
  writeFileSync(path, report.html);
  out.line(path);
  out.record({ type: 'report', task: spec.name, path });
  return EXIT.ok;
}
