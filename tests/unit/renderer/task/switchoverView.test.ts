import { describe, expect, it } from 'vitest';
import type { SwitchoverStepView, SwitchoverView } from '../../../../src/shared/api.js';
import {
  checklistRows,
  lagLimitMs,
  runLabel,
  stepTitle,
  switchoverControls,
} from '../../../../src/renderer/task/switchoverView.js';

function step(over: Partial<SwitchoverStepView> & Pick<SwitchoverStepView, 'step'>) {
  return {
    state: 'done',
    startedAt: null,
    finishedAt: null,
    detail: null,
    lagMs: null,
    ...over,
  } as const;
}

function view(over: Partial<SwitchoverView> = {}): SwitchoverView {
  return {
    steps: [],
    active: false,
    question: null,
    readOnlySet: false,
    switchedOver: false,
    rolledBack: false,
    reverseTask: null,
    error: null,
    ...over,
  };
}

describe('switchover view', () => {
  it('names every step for a person', () => {
    expect(stepTitle('stop-writes')).toBe('Stop writes on the source');
    expect(stepTitle('move-app')).toBe('Move the applications');
  });

  it('lists all seven steps as pending before the first attempt', () => {
    const rows = checklistRows([]);
    expect(rows.map((r) => stepTitle(r.step))).toEqual([
      'Pre-switch checks',
      'Stop writes on the source',
      'Drain the change stream',
      'Final verification',
      'Create deferred objects',
      'Prepare reverse sync',
      'Move the applications',
    ]);
    expect(rows.every((r) => r.state === 'pending' && r.detail === null)).toBe(true);
  });

  it('keeps the engine’s rows in step order and fills the missing ones as pending', () => {
    const rows = checklistRows([
      step({ step: 'stop-writes', state: 'running', startedAt: '2025-01-01T10:00:00Z' }),
      step({ step: 'checks', detail: 'All checks passed.' }),
    ]);
    expect(rows.map((r) => `${r.step}:${r.state}`)).toEqual([
      'checks:done',
      'stop-writes:running',
      'drain:pending',
      'verify:pending',
      'deferred:pending',
      'reverse:pending',
      'move-app:pending',
    ]);
    expect(rows[0]?.detail).toBe('All checks passed.');
  });

  it('starts when nothing has run and continues otherwise', () => {
    expect(runLabel(view())).toBe('Start switchover');
    expect(runLabel(view({ steps: [step({ step: 'checks', state: 'pending' })] }))).toBe(
      'Start switchover',
    );
    expect(runLabel(view({ steps: [step({ step: 'checks', state: 'failed' })] }))).toBe(
      'Continue switchover',
    );
  });

  it('allows running only while idle and not yet switched over', () => {
    expect(switchoverControls(view(), false).canRun).toBe(true);
    expect(switchoverControls(view({ active: true }), false).canRun).toBe(false);
    expect(switchoverControls(view(), true).canRun).toBe(false);
    expect(switchoverControls(view({ switchedOver: true }), false).canRun).toBe(false);
  });

  it('asks the question only when the run has stopped for it', () => {
    const question = { step: 'move-app', text: 'Have the applications moved?' } as const;
    expect(switchoverControls(view({ question }), false).question).toEqual(question);
    expect(switchoverControls(view({ question, active: true }), false).question).toBeNull();
  });

  it('allows rolling back once something ran, not twice, not while running', () => {
    const ran = [step({ step: 'checks' })];
    expect(switchoverControls(view(), false).canRollBack).toBe(false);
    expect(switchoverControls(view({ steps: ran }), false).canRollBack).toBe(true);
    expect(switchoverControls(view({ steps: ran, rolledBack: true }), false).canRollBack).toBe(
      false,
    );
    expect(switchoverControls(view({ steps: ran, active: true }), false).canRollBack).toBe(false);
  });

  it('locks the read-only choice once writes are stopped', () => {
    const running = [step({ step: 'stop-writes', state: 'running' })];
    const done = [step({ step: 'stop-writes' })];
    expect(switchoverControls(view({ steps: running }), false).readOnlyLocked).toBe(false);
    expect(switchoverControls(view({ steps: done }), false).readOnlyLocked).toBe(true);
  });
});

describe('lagLimitMs', () => {
  it('reads seconds, fractions included, and refuses anything else', () => {
    expect(lagLimitMs('5')).toBe(5000);
    expect(lagLimitMs(' 0.25 ')).toBe(250);
    expect(lagLimitMs('0')).toBe(0);
    expect(lagLimitMs('')).toBeNull();
    expect(lagLimitMs('-1')).toBeNull();
    expect(lagLimitMs('5s')).toBeNull();
  });
});
