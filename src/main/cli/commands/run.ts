import type { TaskEvent } from '../../../shared/events.js';
import type { AnyTaskSpec, UntilPoint } from '../../../shared/task.js';
import type { Store } from '../../../engine/store/Store.js';
import { TaskRunner } from '../../../engine/task/TaskRunner.js';
import { EXIT } from '../ExitCodes.js';
import type { Output } from '../Output.js';
import { describeStream, ProgressView } from '../ProgressView.js';

/** How often a change stream's figures are printed without a terminal. */
const PLAIN_STREAM_EVERY_MS = 10_000;

export interface RunArgs {
  until?: UntilPoint;
  skipPausedDdl?: boolean;
}

/** `cutover run`: runs (or resumes) the task; Ctrl-C stops it cleanly between objects. */
export async function runCommand(
  spec: AnyTaskSpec,
  store: Store,
  out: Output,
  args: RunArgs,
): Promise<number> {
  const runner = new TaskRunner(store, spec);
  const view = out.interactive ? new ProgressView(out) : null;
  let streamPrinted = 0;
  runner.onEvent((event: TaskEvent) => {
    out.record(event);
    if (view) view.update(event);
    else if (out.json) return;
    else if (event.type === 'stream') {
      if (Date.now() - streamPrinted < PLAIN_STREAM_EVERY_MS) return;
      streamPrinted = Date.now();
      out.line(`${event.step}: ${describeStream(event.status)}`);
    } else printPlain(out, event);
  });

  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) return;
    out.line(out.style.yellow('Stopping at the next checkpoint… (Ctrl-C again does the same)'));
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const outcome = await runner.run({
      ...(args.until ? { until: args.until } : {}),
      skipPausedDdl: args.skipPausedDdl ?? false,
      signal: controller.signal,
    });
    view?.finish();
    out.line(
      outcome === 'done'
        ? out.style.green(`Task ${spec.name} is done.`)
        : out.style.green(
            `Task ${spec.name} reached ${args.until ?? ''}; run it again to continue.`,
          ),
    );
    out.record({ type: 'result', outcome });
    return EXIT.ok;
  } finally {
    view?.finish();
    process.off('SIGINT', onSigint);
  }
}

function printPlain(out: Output, event: TaskEvent): void {
  switch (event.type) {
    case 'step':
      out.line(`step ${event.step}: ${event.state}`);
      break;
    case 'log':
      if (event.level === 'warn') out.line(`warn: ${event.message}`);
      break;
    case 'progress':
      if (event.counters.unit === 'rows') {
        if (event.finished)
          out.line(`${event.step}: ${event.item}: ${event.counters.done} rows copied`);
      } else if (event.counters.done === event.counters.total) {
        out.line(
          `${event.step}: ${event.counters.done}/${event.counters.total} ${event.counters.unit}`,
        );
      }
      break;
    case 'stream':
    case 'task':
      break;
  }
}
