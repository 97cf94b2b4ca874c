import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { fileURLToPath } from 'node:url';
import { CALL_NAMES, IPC_EVENT, IPC_INVOKE, type CallName } from '../../shared/api.js';
import { createHandlers } from '../../engine/api/EngineApi.js';
import { toErrorInfo } from '../../engine/errors.js';
import { resolveStateDir } from '../../engine/store/StateDir.js';
import { Store } from '../../engine/store/Store.js';

const rendererIndex = fileURLToPath(new URL('../../renderer/index.html', import.meta.url));
const preload = fileURLToPath(new URL('./preload.cjs', import.meta.url));

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";

/** Only our own page, loaded from disk, may call the engine. */
function trustedSender(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith('file://') && fileURLToPath(url) === rendererIndex;
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'Cutover',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  void win.loadFile(rendererIndex);
  return win;
}

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    const [win] = BrowserWindow.getAllWindows();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  void app.whenReady().then(() => {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] },
      });
    });
    const store = Store.open(resolveStateDir({}));
    const handlers = createHandlers(store, (name, payload) => {
      for (const window of BrowserWindow.getAllWindows()) {
        window.webContents.send(IPC_EVENT, name, payload);
      }
    });
    ipcMain.handle(IPC_INVOKE, async (event, name: unknown, args: unknown) => {
      if (!trustedSender(event)) throw new Error('Refused: the request did not come from Cutover.');
      if (typeof name !== 'string' || !(CALL_NAMES as readonly string[]).includes(name)) {
        throw new Error(`Unknown call ${String(name)}`);
      }
      const list = Array.isArray(args) ? args : [];
      try {
        const handler = handlers[name as CallName] as (...a: unknown[]) => Promise<unknown>;
        return { ok: true, value: await handler(...list) };
      } catch (e) {
        return { ok: false, error: toErrorInfo(e) };
      }
    });
    app.on('will-quit', () => store.close());
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

main();
