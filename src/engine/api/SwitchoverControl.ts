import type { SwitchoverRunOptions, SwitchoverStepName, SwitchoverView } from '../../shared/api.js';
import { CutoverError, isCutoverError, toErrorInfo } from '../errors.js';
import type { Store } from '../store/Store.js';
import { reverseName } from '../switchover/ReverseTask.js';
import {
  DEFAULT_MAX_LAG_MS,
  readSwitchover,
  switchedOver,
  SWITCHOVER_STEPS,
  Switchover,
} from '../switchover/Switchover.js';
import type { TaskControl } from './TaskControl.js';

interface Question {
  step: SwitchoverStepName;
  text: string;
}

/**
 * Switchovers started from the window. A step that needs the person's answer stops the run
 * with its question; the window shows it and runs the switchover again with that step
 * confirmed, which continues at the same step.
 */
export class SwitchoverControl {
  private readonly running = new Set<string>();
  private readonly questions = new Map<string, Question>();
  private readonly errors = new Map<string, { message: string; fix: string }>();

  constructor(
    private readonly store: Store,
    private readonly control: TaskControl,
  ) {}

  view(name: string): SwitchoverView {
    const task = this.control.get(name);
    const state = readSwitchover(this.store, task.id);
    return {
      steps: state
        ? SWITCHOVER_STEPS.map((step) => ({
            step,
            ...state.steps[step],
            lagMs: state.steps[step].lagMs ?? null,
          }))
        : [],
      active: this.running.has(name),
      question: this.running.has(name) ? null : (this.questions.get(name) ?? null),
      readOnlySet: state?.readOnlySet ?? false,
      switchedOver: switchedOver(state),
      rolledBack: state?.rolledBack ?? false,
      reverseTask: state?.reverseFrom && !state.rolledBack ? reverseName(name) : null,
      error: this.errors.get(name) ?? null,
    };
  }

  /** `options` comes from the window as typed: anything unexpected falls back to the defaults. */
  start(name: string, options: Partial<SwitchoverRunOptions> | undefined): void {
    const spec = this.control.databaseSpecOf(this.control.get(name), 'The switchover');
    this.refuseIfBusy(name);
    const steps = new Set<string>(SWITCHOVER_STEPS);
    const confirmed = Array.isArray(options?.confirmed)
      ? options.confirmed.filter((s): s is SwitchoverStepName => steps.has(s))
      : [];
    const maxLag = options?.maxLagMs;
    this.questions.delete(name);
    this.errors.delete(name);
    this.running.add(name);
    const switchover = new Switchover(this.store, spec, {
      setReadOnly: options?.setReadOnly === true || options?.superReadOnly === true,
      readOnlyMode: options?.superReadOnly === true ? 'super_read_only' : 'read_only',
      maxLagMs:
        typeof maxLag === 'number' && Number.isFinite(maxLag) && maxLag >= 0
          ? maxLag
          : DEFAULT_MAX_LAG_MS,
      finalVerification: options?.finalVerification === 'full' ? 'full' : 'changed',
      confirm: async (text, step) => {
        if (confirmed.includes(step)) return true;
        this.questions.set(name, { step, text });
        return false;
      },
    });
    void switchover
      .run()
      .then((state) => {
        // The reverse task reads the target and writes the source: their passwords, swapped,
        // so it can be resumed from the dashboard like any task.
        const reverse = reverseName(name);
        this.control.adoptPasswords(reverse, spec.target, spec.source);
        // The applications now write to the target: keep the old source current from now on.
        if (switchedOver(state) && !this.control.isActive(reverse)) {
          this.control.start(this.control.specOf(this.control.get(reverse)));
        }
      })
      .catch((e: unknown) => {
        // A question is a pause for the person, not a failure.
        if (isCutoverError(e) && e.code === 'INTERRUPTED' && this.questions.has(name)) return;
        const { message, fix } = toErrorInfo(e);
        this.errors.set(name, { message, fix });
      })
      .finally(() => this.running.delete(name));
  }

  async rollback(name: string): Promise<SwitchoverView> {
    const spec = this.control.databaseSpecOf(this.control.get(name), 'A rollback');
    this.refuseIfBusy(name);
    this.running.add(name);
    try {
      // The rollback drains the reverse stream itself, to the end of what the target has.
      await this.control.pauseAndWait(reverseName(name));
      // The window asked for confirmation before calling.
      await new Switchover(this.store, spec, {
        setReadOnly: false,
        confirm: async () => true,
      }).rollback();
      this.questions.delete(name);
      this.errors.delete(name);
    } finally {
      this.running.delete(name);
    }
    return this.view(name);
  }

  private refuseIfBusy(name: string): void {
    if (this.running.has(name)) {
      throw new CutoverError(
        'TASK_RUNNING',
        `The switchover of "${name}" is running.`,
        'Wait for its current step to finish.',
      );
    }
    if (this.control.isActive(name)) {
      throw new CutoverError(
        'TASK_RUNNING',
        `Task "${name}" is running.`,
        'Pause it first: the switchover runs its change stream itself, step by step.',
      );
    }
  }
}
