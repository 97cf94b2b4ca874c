import { describe, expect, it } from 'vitest';
import type { Check } from '../../../src/engine/precheck/Check.js';
import {
  connectionFailure,
  runPrecheck,
  summarise,
} from '../../../src/engine/precheck/Prechecker.js';
import { CutoverError } from '../../../src/engine/errors.js';
import type { TaskSession } from '../../../src/engine/task/TaskSession.js';

// The checks below never touch the session.
const session = {} as unknown as TaskSession;

const passing: Check = {
  id: 'a',
  title: 'A',
  run: async () => [{ id: 'a', title: 'A', status: 'pass', detail: 'ok', fix: '' }],
};

const throwing: Check = {
  id: 'b',
  title: 'B',
  run: async () => {
    throw new CutoverError('QUERY_FAILED', 'The source refused: boom', 'Do the thing.');
  },
};

describe('runPrecheck', () => {
  it('turns a check that throws into a fail with its message and fix', async () => {
    const results = await runPrecheck(session, [throwing, passing]);
    expect(results).toEqual([
      {
        id: 'b',
        title: 'B',
        status: 'fail',
        detail: 'The check could not run: The source refused: boom',
        fix: 'Do the thing.',
      },
      { id: 'a', title: 'A', status: 'pass', detail: 'ok', fix: '' },
    ]);
  });

  it('keeps a plain Error’s stack out of the result', async () => {
    const broken: Check = {
      id: 'c',
      title: 'C',
      run: async () => {
        throw new TypeError('x is undefined');
      },
    };
    const [r] = await runPrecheck(session, [broken]);
    expect(r?.detail).toBe('The check could not run: x is undefined');
    expect(JSON.stringify(r)).not.toContain('at ');
  });
});

describe('connectionFailure', () => {
  const error = new CutoverError(
    'CONNECT_REFUSED',
    'Cannot connect to the target 127.0.0.1:1: the connection was refused.',
    'Check the port.',
  );

  it('names the side that failed', () => {
    expect(connectionFailure('target', error)).toEqual({
      id: 'target.connection',
      title: 'Connect to the target',
      status: 'fail',
      detail: error.message,
      fix: 'Check the port.',
    });
  });

  it('reports a task that could not be opened for another reason', () => {
    const selection = new CutoverError('SELECTION_INVALID', 'no such table', 'Fix the names.');
    expect(connectionFailure(null, selection)).toEqual({
      id: 'task.open',
      title: 'Open the task',
      status: 'fail',
      detail: 'no such table',
      fix: 'Fix the names.',
    });
  });
});

describe('summarise', () => {
  it('counts each status', () => {
    const r = (status: 'pass' | 'warn' | 'fail') => ({
      id: 'x',
      title: 'x',
      status,
      detail: '',
      fix: '',
    });
    expect(summarise([r('pass'), r('fail'), r('warn'), r('fail')])).toEqual({
      pass: 1,
      warn: 1,
      fail: 2,
    });
  });
});
