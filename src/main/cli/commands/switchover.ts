import { createInterface } from 'node:readline/promises';
import type { TaskSpec } from '../../../shared/task.js';
import type { Store } from '../../../engine/store/Store.js';
import type { ReadOnlyMode } from '../../../engine/switchover/SourceWrites.js';
import {
  Switchover,
  type FinalVerification,
  type SwitchoverState,
} from '../../../engine/switchover/Switchover.js';
import { EXIT } from '../ExitCodes.js';
import type { Output } from '../Output.js';

export interface SwitchoverArgs {
  yes: boolean;
  setReadOnly: boolean;
  readOnlyMode: ReadOnlyMode;
  maxLagMs: number;
  finalVerification: FinalVerification;
  rollback: boolean;
}

/** A yes/no question on the terminal; without one, only --yes answers. */
async function ask(question: string, yes: boolean, out: Output): Promise<boolean> {
  if (yes) {
    out.line(`${question} yes (--yes)`);
    return true;
  }
  if (!process.stdin.isTTY) {
    out.line(`${question} (no terminal to answer on: pass --yes once it is true)`);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

function printState(out: Output, state: SwitchoverState): void {
  for (const [step, s] of Object.entries(state.steps)) {
    out.line(`  ${step.padEnd(12)} ${s.state}${s.finishedAt ? ` ${s.finishedAt}` : ''}`);
  }
}

/**
 * `cutover switchover`: moves the application to the target step by step, each step recorded
 * so the command continues where it stopped; `--rollback` goes back to the source.
 */
export async function switchoverCommand(
  spec: TaskSpec,
  store: Store,
  out: Output,
  args: SwitchoverArgs,
): Promise<number> {
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.on('SIGINT', onSigint);
  const switchover = new Switchover(store, spec, {
    setReadOnly: args.setReadOnly,
    readOnlyMode: args.readOnlyMode,
    maxLagMs: args.maxLagMs,
    finalVerification: args.finalVerification,
    confirm: (q) => ask(q, args.yes, out),
    signal: controller.signal,
    onStep: (step, s) => {
      out.record({ type: 'switchover-step', step, ...s });
      if (s.state === 'running') out.line(out.style.bold(`${step}…`));
      else if (s.state === 'done') out.line(out.style.green(`${step}: ${s.detail ?? 'done'}`));
    },
    onLog: (level, message) => {
      if (level !== 'info') out.line(level === 'error' ? out.style.red(message) : message);
    },
  });
  try {
    const state = args.rollback ? await switchover.rollback() : await switchover.run();
    out.record({ type: 'switchover', ...state });
    printState(out, state);
    out.line(
      args.rollback
        ? out.style.green('Rolled back: the source is the primary again.')
        : out.style.green(
            `Switched over. Keep the old source current with \`cutover run ${spec.name}.json\` (reverse sync).`,
          ),
    );
    return EXIT.ok;
  } catch (e) {
    // Every stop of a switchover leaves a way back on the screen, not only in the README.
    if (!args.rollback) {
      out.line(
        `Run \`cutover switchover TASK.json\` again to continue from this step, or \`cutover switchover TASK.json --rollback\` to go back to the source.`,
      );
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
