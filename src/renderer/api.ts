import type { ApiCalls, ApiEvents, CallName, CutoverApi, EventName } from '../shared/api.js';

declare global {
  interface Window {
    cutover?: CutoverApi;
  }
}

/**
 * Browser mode (`cutover serve`): calls go over HTTP, events come over a WebSocket. The token
 * travels in the HttpOnly cookie the server set when the page was opened, never in script.
 */
function browserApi(): CutoverApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let socket: WebSocket | null = null;
  const connect = (): void => {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${window.location.host}/api/events`);
    socket.onmessage = (message: MessageEvent<string>) => {
      const { name, payload } = JSON.parse(message.data) as { name: string; payload: unknown };
      for (const listener of listeners.get(name) ?? []) listener(payload);
    };
    socket.onclose = () => {
      socket = null;
      if (listeners.size > 0) window.setTimeout(connect, 1000);
    };
  };
  return {
    async invoke<K extends CallName>(
      name: K,
      ...args: ApiCalls[K]['args']
    ): Promise<ApiCalls[K]['result']> {
      const response = await fetch(`/api/call/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });
      const body = (await response.json()) as {
        result?: ApiCalls[K]['result'];
        error?: { code?: string; message?: string; fix?: string } | string;
      };
      if (!response.ok) {
        const info = typeof body.error === 'string' ? { message: body.error } : body.error;
        const message = info?.message ?? `The call ${name} failed (${response.status}).`;
        throw Object.assign(new Error(message), info);
      }
      return body.result as ApiCalls[K]['result'];
    },
    on<K extends EventName>(name: K, listener: (payload: ApiEvents[K]) => void): () => void {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const entry = listener as (payload: unknown) => void;
      set.add(entry);
      if (!socket) connect();
      return () => set.delete(entry);
    },
  };
}

let fallback: CutoverApi | null = null;

/** The engine, as the host exposes it: the Electron preload, or browser mode's server. */
export function api(): CutoverApi {
  if (window.cutover) return window.cutover;
  fallback ??= browserApi();
  return fallback;
}
