import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { CutoverError } from '../../../src/engine/errors.js';
import type { TaskSpec } from '../../../src/shared/task.js';

const dirs: string[] = [];
const open: { close(): void }[] = [];

afterEach(() => {
  for (const item of open.splice(0).reverse()) item.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-store-'));
  dirs.push(dir);
  return dir;
}

/** Closes the store or database after the test, even when the test fails. */
export function closeLater<T extends { close(): void }>(item: T): T {
  open.push(item);
  return item;
}

export function sampleSpec(name = 'orders-to-ob'): TaskSpec {
  return {
    name,
    source: {
      kind: 'mysql',
      host: 'src.example',
      port: 3306,
      user: 'repl',
      password: 's3cret-src',
    },
    target: {
      kind: 'oceanbase',
      host: 'ob.example',
      port: 2881,
      user: 'root@sys',
      password: 's3cret-dst',
    },
    objects: [{ database: 'shop', tables: ['orders', 'order_*'] }],
    steps: ['schema', 'full', 'incremental', 'verify'],
    options: {
      concurrency: 4,
      maxRowsPerSecond: 0,
      maxBytesPerSecond: 0,
      existingTables: 'fail',
      chunkRows: 20_000,
      loader: 'auto',
      convertUnsupportedCharsets: false,
      ddl: 'apply',
      applyWorkers: 4,
    },
  };
}

/** Runs `fn` and returns the CutoverError it threw; fails the test if it threw something else. */
export function caught(fn: () => unknown): CutoverError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CutoverError) return e;
    throw e;
  }
  throw new Error('expected a CutoverError, but nothing was thrown');
}

/** The pid of a process that has already exited. */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined) throw new Error('could not start a process');
  return child.pid;
}
