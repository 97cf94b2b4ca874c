import type { ApiCalls, CallName } from '../../shared/api.js';
import { Endpoint } from '../connect/Endpoint.js';
import { toErrorInfo } from '../errors.js';
import { precheckTask } from '../precheck/Prechecker.js';
import type { Store } from '../store/Store.js';
import { parseEndpointSpec, parseTaskSpec } from '../task/TaskFile.js';
import { TaskSession } from '../task/TaskSession.js';
import { TaskRepository } from '../store/TaskRepository.js';
import { cutoverVersion } from '../version.js';

export type Handlers = {
  [K in CallName]: (...args: ApiCalls[K]['args']) => Promise<ApiCalls[K]['result']>;
};

/** The engine side of the API contract: one handler per call name, no transport. */
export function createHandlers(store: Store): Handlers {
  const tasks = new TaskRepository(store.db);
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
