import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../../../engine/api/EngineApi.js';
import type { Store } from '../../../engine/store/Store.js';
import { BrowserServer } from '../../server/BrowserServer.js';
import { EXIT } from '../ExitCodes.js';
import type { Output } from '../Output.js';

/** dist/cli/cutover.mjs → dist/renderer, where `npm run build` puts the app's pages. */
const RENDERER = fileURLToPath(new URL('../renderer/', import.meta.url));

/**
 * `cutover serve`: the app in a browser, on 127.0.0.1, behind a token that the printed URL
 * carries. Runs until Ctrl-C.
 */
export async function serveCommand(store: Store, out: Output, port: number): Promise<number> {
  let server: BrowserServer | null = null;
  const engine = createEngine(store, {
    host: 'browser',
    emit: (name, payload) => server?.broadcast(name, payload),
  });
  server = new BrowserServer({ handlers: engine.handlers, rendererDir: RENDERER, port });
  const url = await server.listen();
  out.record({ type: 'serve', url });
  out.line(`Cutover is at ${url}`);
  out.line('Only this machine can reach it, and only with the token in the URL. Ctrl-C stops it.');
  await once(process, 'SIGINT');
  out.line('Pausing running tasks at their next checkpoint…');
  await engine.shutdown();
  await server.close();
  return EXIT.ok;
}
