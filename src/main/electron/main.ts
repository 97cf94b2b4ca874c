import { app, BrowserWindow, dialog, ipcMain, session, shell } from 'electron';
import type { IpcMainInvokeEvent, Session, WebContents } from 'electron';
import { fileURLToPath } from 'node:url';
import { CALL_NAMES, IPC_EVENT, IPC_INVOKE, type CallName } from '../../shared/api.js';
import { createEngine, type Engine } from '../../engine/api/EngineApi.js';
import { toErrorInfo } from '../../engine/errors.js';
import { resolveStateDir } from '../../engine/store/StateDir.js';
import { Store } from '../../engine/store/Store.js';
import { SafeStorageSecretBox } from './SafeStorageSecretBox.js';

const rendererIndex = fileURLToPath(new URL('../../renderer/index.html', import.meta.url));
const preload = fileURLToPath(new URL('./preload.cjs', import.meta.url));

/**
 * The policy of the meta tag in src/renderer/index.html, which is what certainly applies to a
 * file:// page; as a header it also carries frame-ancestors, which a meta tag cannot.
 */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // MUI's styling engine (emotion) injects <style> elements at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Chromium switches that open a debugging port into the app; fine while developing only. */
const DEBUG_SWITCHES = ['remote-debugging-port', 'remote-debugging-pipe'];

type CheckedPermission = Parameters<
  NonNullable<Parameters<Session['setPermissionCheckHandler']>[0]>
>[1];
type RequestedPermission = Parameters<
  NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>
>[1];

/**
 * The page needs no camera, microphone, location or the like: only writing to the clipboard
 * (the precheck's "Copy SQL") and notifications (lag alerts), and only for our own page.
 */
const GRANTED = [
  'clipboard-sanitized-write',
  'notifications',
] as const satisfies readonly (CheckedPermission & RequestedPermission)[];

/** Our own page, loaded from disk. */
function isOwnPage(url: string): boolean {
  return url.startsWith('file://') && fileURLToPath(url) === rendererIndex;
}

/** Only our own page, in its top frame, may call the engine. */
function trustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isOwnPage(frame.url);
}

/** Every web contents, windows and anything they might spawn: no new windows, no navigation. */
function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
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
      webviewTag: false,
      devTools: !app.isPackaged,
    },
  });
  void win.loadFile(rendererIndex);
  return win;
}

function serveIpc(engine: Engine): void {
  ipcMain.handle(IPC_INVOKE, async (event, name: unknown, args: unknown) => {
    if (!trustedSender(event)) throw new Error('Refused: the request did not come from Cutover.');
    if (typeof name !== 'string' || !(CALL_NAMES as readonly string[]).includes(name)) {
      throw new Error(`Unknown call ${String(name)}`);
    }
    const list = Array.isArray(args) ? args : [];
    try {
      const handler = engine.handlers[name as CallName] as (...a: unknown[]) => Promise<unknown>;
      return { ok: true, value: await handler(...list) };
    } catch (e) {
      return { ok: false, error: toErrorInfo(e) };
    }
  });
}

/** Quitting first pauses running tasks at their next checkpoint, then closes the store. */
function closeOnQuit(engine: Engine, store: Store): void {
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closed = true;
    void engine.shutdown().finally(() => {
      try {
        store.close();
      } finally {
        app.quit();
      }
    });
  });
}

function main(): void {
  if (app.isPackaged && DEBUG_SWITCHES.some((s) => app.commandLine.hasSwitch(s))) {
    console.error('Cutover does not run with remote debugging enabled.');
    app.exit(1);
    return;
  }
  // Before ready, so that every renderer is sandboxed, whatever a window's own settings say.
  app.enableSandbox();
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
  app.on('web-contents-created', (_event, contents) => lockDown(contents));

  void app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      // Typically STATE_LOCKED: the command line is running a task in the same state dir.
      const error = toErrorInfo(e);
      dialog.showErrorBox('Cutover could not start', `${error.message}\n\n${error.fix}`);
      app.exit(1);
    });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

/** Runs once the app is ready: the store, the engine behind IPC, and the window. */
function start(): void {
  const ses = session.defaultSession;
  const allowed = (permission: CheckedPermission | RequestedPermission, url: string): boolean =>
    (GRANTED as readonly string[]).includes(permission) && isOwnPage(url);
  ses.setPermissionRequestHandler((contents, permission, callback) =>
    callback(allowed(permission, contents.getURL())),
  );
  ses.setPermissionCheckHandler((contents, permission) =>
    allowed(permission, contents?.getURL() ?? ''),
  );
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] },
    });
  });
  const store = Store.open(resolveStateDir({}));
  // safeStorage works only once the app is ready, which it is here.
  const engine = createEngine(store, {
    host: 'electron',
    secrets: new SafeStorageSecretBox(store.dir),
    emit: (name, payload) => {
      for (const window of BrowserWindow.getAllWindows()) {
        window.webContents.send(IPC_EVENT, name, payload);
      }
    },
  });
  serveIpc(engine);
  closeOnQuit(engine, store);
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

main();
