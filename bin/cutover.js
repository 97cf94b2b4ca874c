#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { setTimeout } from 'node:timers';

const entry = new URL('../dist/cli/cutover.mjs', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('Cutover is not built yet: run `npm install` (or `npm run build`) first.\n');
  process.exit(3);
}
// `cutover status | head` closes the pipe early; that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
// Everything is closed by now; a driver timer left behind by a statement that a stop cut short
// must not keep a finished command waiting.
setTimeout(() => process.exit(), 2000).unref();
