import { vi } from 'vitest';
import type { ApiCalls, CallName, CutoverApi } from '../../../../src/shared/api.js';
import type { TaskEvent } from '../../../../src/shared/events.js';

type Handler = (...args: never[]) => unknown;

/** An engine for component tests: answers calls from handlers and sends events on demand. */
export function fakeApi() {
  const handlers = new Map<CallName, Handler>();
  const listeners = new Set<(e: TaskEvent) => void>();
  const invoke = vi.fn(async (name: CallName, ...args: unknown[]) => {
    const handler = handlers.get(name);
    if (!handler) throw new Error(`No handler for ${name}`);
    return (handler as (...a: unknown[]) => unknown)(...args);
  });
  const api = {
    invoke,
    on: (_name: string, listener: (e: TaskEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as CutoverApi;
  return {
    api,
    invoke,
    handle<K extends CallName>(
      name: K,
      handler: (
        ...args: ApiCalls[K]['args']
      ) => ApiCalls[K]['result'] | Promise<ApiCalls[K]['result']>,
    ): void {
      handlers.set(name, handler as Handler);
    },
    emit(event: TaskEvent): void {
      for (const l of listeners) l(event);
    },
    calls(name: CallName): unknown[][] {
      return invoke.mock.calls.filter((c) => c[0] === name).map((c) => c.slice(1));
    },
  };
}

export type FakeApi = ReturnType<typeof fakeApi>;
