#!/usr/bin/env node
import { existsSync } from 'node:fs';

const entry = new URL('../dist/main/cli/index.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('Cutover is not built yet: run `npm install` (or `npm run build`) first.\n');
  process.exit(3);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
