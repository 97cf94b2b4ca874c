import { readFileSync } from 'node:fs';
import type { ApiCalls, CallName } from '../../shared/api.js';
import type { Store } from '../store/Store.js';
import { TaskRepository } from '../store/TaskRepository.js';

export type Handlers = {
  [K in CallName]: (...args: ApiCalls[K]['args']) => Promise<ApiCalls[K]['result']>;
};

function packageVersion(): string {
  const pkg = JSON.parse(
    readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  return pkg.version;
}

/** The engine side of the API contract: one handler per call name, no transport. */
export function createHandlers(store: Store): Handlers {
  const tasks = new TaskRepository(store.db);
  return {
    'app:info': async () => ({ version: packageVersion(), stateDir: store.dir }),
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
