import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../../src/engine/store/StateLock.js';
import { Store } from '../../../src/engine/store/Store.js';
import { TaskRepository } from '../../../src/engine/store/TaskRepository.js';
import { caught, closeLater, sampleSpec, tempDir } from './helpers.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = resolve(here, '../../..');
const holder = join(here, 'fixtures', 'holdStore.ts');

interface Holder {
  child: ChildProcessWithoutNullStreams;
  /** The first line the child printed: `locked` or `refused CODE message`. */
  line: Promise<string>;
  exited: Promise<number | null>;
}

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function startHolder(dir: string): Holder {
  const child = spawn(process.execPath, ['--import', 'tsx', holder, dir], { cwd: repoRoot });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const line = new Promise<string>((done, fail) => {
    createInterface({ input: child.stdout }).once('line', done);
    void exited.then((code) =>
      fail(new Error(`holder exited (${code}) without a line: ${stderr}`)),
    );
  });
  return { child, line, exited };
}

describe('state dir lock across processes', () => {
  it('refuses a second process while the first holds the store, naming its pid', async () => {
    const dir = tempDir();
    const first = startHolder(dir);
    expect(await first.line).toBe('locked');

    const error = caught(() => Store.open(dir));
    expect(error.code).toBe('STATE_LOCKED');
    expect(error.message).toContain(`pid ${first.child.pid}`);

    const second = startHolder(dir);
    expect(await second.line).toContain(`refused STATE_LOCKED`);
    expect(await second.line).toContain(`pid ${first.child.pid}`);
    expect(await second.exited).toBe(3);
  });

  it('lets a read-only open read what the lock holder wrote', async () => {
    const dir = tempDir();
    const setup = Store.open(dir);
    new TaskRepository(setup.db).createOrGet(sampleSpec());
    setup.close();

    const writer = startHolder(dir);
    expect(await writer.line).toBe('locked');
    const reader = closeLater(Store.open(dir, { readOnly: true }));
    expect(new TaskRepository(reader.db).list().map((t) => t.name)).toEqual(['orders-to-ob']);
  });

  it('releases the lock when the holder exits without closing', async () => {
    const dir = tempDir();
    const first = startHolder(dir);
    expect(await first.line).toBe('locked');
    first.child.stdin.end();
    expect(await first.exited).toBe(0);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    closeLater(Store.open(dir));
  });

  it('takes over the lock of a holder that was killed', async () => {
    const dir = tempDir();
    const first = startHolder(dir);
    expect(await first.line).toBe('locked');
    first.child.kill('SIGKILL');
    await first.exited;
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(first.child.pid));

    closeLater(Store.open(dir));
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
  });

  it('lets exactly one of several racing processes take over a stale lock', async () => {
    const dir = tempDir();
    Store.open(dir).close();
    const dead = startHolder(dir);
    expect(await dead.line).toBe('locked');
    dead.child.kill('SIGKILL');
    await dead.exited;

    const racers = Array.from({ length: 4 }, () => startHolder(dir));
    const lines = await Promise.all(racers.map((r) => r.line));
    expect(lines.filter((line) => line === 'locked')).toHaveLength(1);
    expect(lines.filter((line) => line.startsWith('refused STATE_LOCKED'))).toHaveLength(3);

    const winner = racers[lines.indexOf('locked')];
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(winner?.child.pid));
  });
});
