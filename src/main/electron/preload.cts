// A sandboxed preload can only require electron, so the channel names are repeated here and
// checked against src/shared/api.ts by tests/unit/preload.test.ts.
import electron = require('electron');

const { contextBridge, ipcRenderer } = electron;

const IPC_INVOKE = 'cutover:invoke';
const IPC_EVENT = 'cutover:event';

type Reply =
  | { ok: true; value: unknown }
  | { ok: false; error: { code: string; message: string; fix: string } };

contextBridge.exposeInMainWorld('cutover', {
  async invoke(name: string, ...args: unknown[]): Promise<unknown> {
    const reply = (await ipcRenderer.invoke(IPC_INVOKE, name, args)) as Reply;
    if (reply.ok) return reply.value;
    throw Object.assign(new Error(reply.error.message), reply.error);
  },
  on(name: string, listener: (payload: unknown) => void): () => void {
    const wrapped = (_e: unknown, eventName: string, payload: unknown): void => {
      if (eventName === name) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => ipcRenderer.off(IPC_EVENT, wrapped);
  },
});
