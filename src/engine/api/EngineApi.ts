import type { ApiCalls, CallName } from '../../shared/api.js';
import type { Store } from '../store/Store.js';
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
