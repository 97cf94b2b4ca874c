import { describe, expect, it } from 'vitest';
import { parseTaskSpec } from '../../../../src/engine/task/TaskFile.js';
import {
  blankEndpoint,
  editEndpoint,
  endpointErrors,
  endpointPayload,
  fromSaved,
} from '../../../../src/renderer/wizard/endpointForm.js';
import {
  buildTask,
  DEFAULT_RUN,
  runErrors,
  taskFile,
  taskNameError,
} from '../../../../src/renderer/wizard/taskDraft.js';
import type { SavedConnection } from '../../../../src/shared/api.js';

const SAVED: SavedConnection = {
  id: 'c1',
  name: 'prod-src',
  kind: 'mysql',
  host: 'db1.internal',
  port: 3307,
  user: 'migrator',
  hasPassword: true,
  updatedAt: '2025-01-01T00:00:00Z',
};

const source = { ...blankEndpoint('mysql'), host: 'src', user: 'root', password: 's3cret' };
const target = { ...blankEndpoint('oceanbase'), host: 'ob', user: 'root@sys', password: 'ob-pw' };

const draft = (overrides: Partial<Parameters<typeof buildTask>[0]> = {}) =>
  buildTask({
    name: ' nightly ',
    source,
    target,
    objects: [{ database: 'shop', tables: ['*'] }],
    run: DEFAULT_RUN,
    ...overrides,
  });

describe('endpoint form', () => {
  it("follows a kind change with that kind's default port, but not a port typed in", () => {
    expect(editEndpoint(blankEndpoint('mysql'), { kind: 'oceanbase' }).port).toBe('2881');
    const typed = { ...blankEndpoint('mysql'), port: '3310' };
    expect(editEndpoint(typed, { kind: 'oceanbase' }).port).toBe('3310');
  });

  it('sends a saved connection by name, never a password it does not have', () => {
    const form = fromSaved(SAVED);
    expect(endpointPayload(form)).toEqual({
      kind: 'mysql',
      host: 'db1.internal',
      port: 3307,
      user: 'migrator',
      connection: 'prod-src',
    });
    expect(endpointPayload(editEndpoint(form, { password: 'typed' }))).toMatchObject({
      connection: 'prod-src',
      password: 'typed',
    });
  });

  it('detaches from the saved connection when pointed elsewhere, so its password stays home', () => {
    const moved = editEndpoint(fromSaved(SAVED), { host: 'other-host' });
    expect(moved.connection).toBeNull();
    expect(endpointPayload(moved)).toEqual({
      kind: 'mysql',
      host: 'other-host',
      port: 3307,
      user: 'migrator',
      password: '',
    });
    expect(editEndpoint(fromSaved(SAVED), { password: 'x' }).connection).toBe('prod-src');
  });

  it('names each field that keeps the form from being sent', () => {
    expect(endpointErrors({ ...blankEndpoint('mysql'), port: '70000' })).toEqual({
      host: 'Enter the host name or address.',
      port: 'Enter a port from 1 to 65535.',
      user: 'Enter the user name.',
    });
    expect(endpointErrors(source)).toEqual({});
    expect(endpointErrors({ ...source, port: '33o6' }).port).toBeDefined();
  });
});

describe('buildTask', () => {
  it('makes a task the engine accepts as it accepts a task file', () => {
    const spec = parseTaskSpec(draft(), 'the wizard');
    expect(spec.name).toBe('nightly');
    expect(spec.source).toMatchObject({ host: 'src', port: 3306, password: 's3cret' });
    expect(spec.target).toMatchObject({ kind: 'oceanbase', port: 2881 });
    expect(spec.options).toMatchObject({ concurrency: 4, applyWorkers: 4, chunkRows: 50_000 });
  });

  it('lists the steps in the order they run', () => {
    const task = draft({ run: { ...DEFAULT_RUN, steps: ['verify', 'full', 'schema'] } });
    expect(task.steps).toEqual(['schema', 'full', 'verify']);
  });

  it('asks for two-way sync only with a change stream to carry it', () => {
    const twoWay = { ...DEFAULT_RUN.options, twoWay: true };
    const streaming = draft({ run: { ...DEFAULT_RUN, options: twoWay } });
    expect(parseTaskSpec(streaming, 'the wizard').options.twoWay).toBe(true);
    const copyOnly = draft({ run: { steps: ['schema', 'full'], options: twoWay } });
    expect(copyOnly.options).not.toHaveProperty('twoWay');
    expect(draft().options).not.toHaveProperty('twoWay');
  });
});

describe('taskFile', () => {
  it('holds no secret and no saved-connection name, and still parses as a task file', () => {
    const task = draft({ source: fromSaved(SAVED) });
    const file = taskFile(task);
    const text = JSON.stringify(file);
    expect(text).not.toContain('ob-pw');
    expect(text).not.toContain('prod-src');
    expect(file.source).toEqual({
      kind: 'mysql',
      host: 'db1.internal',
      port: 3307,
      user: 'migrator',
      passwordEnv: 'CUTOVER_SOURCE_PASSWORD',
    });
    expect(file.target).toMatchObject({ passwordEnv: 'CUTOVER_TARGET_PASSWORD' });
    expect(() => parseTaskSpec(file)).not.toThrow();
  });

  it('names no password variable for a side with no password', () => {
    const file = taskFile(draft({ target: { ...target, password: '' } }));
    expect(file.target).not.toHaveProperty('passwordEnv');
  });
});

describe('checks', () => {
  it("applies the engine's rule for task names", () => {
    expect(taskNameError('')).toBe('Give the task a name.');
    expect(taskNameError('nightly-2025.v1')).toBeNull();
    expect(taskNameError('-x')).not.toBeNull();
    expect(taskNameError('has space')).not.toBeNull();
    expect(taskNameError('x'.repeat(65))).not.toBeNull();
    // Anything it lets through, the engine takes.
    expect(() => parseTaskSpec(draft({ name: 'a_b.c-d' }))).not.toThrow();
  });

  it('wants a step and worker counts the engine allows', () => {
    expect(runErrors(DEFAULT_RUN)).toEqual([]);
    expect(
      runErrors({
        steps: [],
        options: { ...DEFAULT_RUN.options, concurrency: 0, applyWorkers: Number.NaN },
      }),
    ).toEqual([
      'Choose at least one step.',
      'Concurrency must be a whole number from 1 to 64.',
      'Apply workers must be a whole number from 1 to 64.',
    ]);
  });
});
