import type { ApiCalls, ApiEvents, CallName, EventName } from '../../shared/api.js';
import { UNTIL_POINTS } from '../../shared/task.js';
import { Endpoint } from '../connect/Endpoint.js';
import { CutoverError, toErrorInfo } from '../errors.js';
import { precheckTask } from '../precheck/Prechecker.js';
import type { Store } from '../store/Store.js';
import { parseEndpointSpec, parseTaskSpec } from '../task/TaskFile.js';
import { TaskRunner } from '../task/TaskRunner.js';
import { TaskSession } from '../task/TaskSession.js';
import { EventThrottle } from './EventThrottle.js';
import { TaskRepository } from '../store/TaskRepository.js';
import { cutoverVersion } from '../version.js';

export type Handlers = {
  [K in CallName]: (...args: ApiCalls[K]['args']) => Promise<ApiCalls[K]['result']>;
};

/** How the host delivers events to its windows. */
export type EventSink = <K extends EventName>(name: K, payload: ApiEvents[K]) => void;

/**
 * The engine side of the API contract: one handler per call name, no transport. Tasks started
 * through it run in this process; their events reach `emit` at most four times a second per task.
 */
export function createHandlers(store: Store, emit: EventSink = () => undefined): Handlers {
  const tasks = new TaskRepository(store.db);
  const running = new Map<string, AbortController>();
  const throttle = new EventThrottle((event) => emit('task:event', event));
  return {
    'app:info': async () => ({ version: cutoverVersion(), stateDir: store.dir }),
    'connection:test': async (input) => {
      const spec = parseEndpointSpec(input);
      try {
        const endpoint = await Endpoint.open('source', spec, { poolSize: 1 });
        try {
          return { ok: true, server: endpoint.info };
        } finally {
          await endpoint.close();
        }
      } catch (e) {
        return { ok: false, error: toErrorInfo(e) };
      }
    },
    'task:precheck': async (input) => precheckTask(parseTaskSpec(input, 'the task')),
    'task:plan': async (input) => {
      const session = await TaskSession.open(parseTaskSpec(input, 'the task'));
      try {
        return session.plan;
      } finally {
        await session.close();
      }
    },
    'task:run': async (input, until) => {
      const spec = parseTaskSpec(input, 'the task');
      if (until !== undefined && !(UNTIL_POINTS as readonly unknown[]).includes(until)) {
        throw new CutoverError(
          'USAGE',
          `"${String(until)}" is not a point a run can stop at.`,
          `Use one of ${UNTIL_POINTS.join(', ')}.`,
        );
      }
      if (running.has(spec.name)) {
        throw new CutoverError(
          'USAGE',
          `Task ${spec.name} is already running.`,
          'Wait for it, or stop it first.',
        );
      }
      const abort = new AbortController();
      running.set(spec.name, abort);
      const runner = new TaskRunner(store, spec);
      runner.onEvent((event) => throttle.push(event));
      // The outcome, failures included, reaches the window as the task's events.
      void runner
        .run({ signal: abort.signal, ...(until ? { until } : {}) })
        .catch(() => undefined)
        .finally(() => {
          running.delete(spec.name);
          throttle.drain();
        });
      return { started: true };
    },
    'task:stop': async (name) => {
      const abort = running.get(name);
      abort?.abort();
      return { stopping: abort !== undefined };
    },
    'tasks:list': async () =>
      tasks.list().map((t) => ({
        name: t.name,
        state: t.state,
        currentStep: t.currentStep,
        steps: t.spec.steps,
        updatedAt: t.updatedAt,
        error: t.error ? `${t.error.code}: ${t.error.message}` : null,
      })),
  };
}
